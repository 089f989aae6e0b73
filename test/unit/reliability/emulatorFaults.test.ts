import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../../src/emulator';

// Fault injection is only as good as the faults look real: a scripted 403 must read like §1.4's
// "Provided authorization token is invalid or expired", not like a 503.
test(
  'a scripted fault without a body answers with that status\'s own title and text (§1.3, §1.4)',
  async () => {
    const emu = await startEmulator({ kind: 'raw', requireFlowId: false });
    try {
      emu.injectFaults([{ status: 403 }, { status: 500 }]);
      const a = (await (await fetch(emu.url, { method: 'POST', body: '{}' })).json()) as { title?: string };
      const b = (await (await fetch(emu.url, { method: 'POST', body: '{}' })).json()) as { title?: string };
      assert.equal(a.title, 'Forbidden');
      assert.notEqual(b.title, 'Service Unavailable');
    } finally {
      await emu.close();
    }
  },
);
