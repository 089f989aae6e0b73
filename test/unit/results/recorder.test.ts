import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Journal } from '../../../src/core/results/journal';
import { pendingForResume } from '../../../src/core/results/model';
import { RunRecorder } from '../../../src/core/results/recorder';

const events = [0, 1, 2].map((i) => ({ index: i, key: `u${i}`, eventCode: 'MOE_EMAIL_SENT' }));

describe('run recorder', () => {
  it('journals a run the reader rebuilds, and a run without finish reads as interrupted with the right resume set', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-rec-'));
    const j = new Journal(path.join(dir, 'j.ndjson'));
    try {
      const done = new RunRecorder((...r) => j.append(...r), { endpoint: 'http://127.0.0.1/collection/x', mode: 'batch', file: 'a.moe.json' }, events);
      await done.begin();
      done.exchange({ id: 'x1', method: 'POST', url: 'http://127.0.0.1/collection/batch/x', requestHeaders: { authorization: 'Bearer abcdefghijk' }, responseHeaders: {}, status: 207, durationMs: 1, attempt: 1, kind: 'batch', startedAt: 't' });
      done.outcome({ index: 0, status: 'accepted', xactionId: 'a:0', attempts: 1, exchangeId: 'x1' });
      done.outcome({ index: 1, status: 'failed', httpStatus: 400, retryable: false, attempts: 1, message: 'bad', exchangeId: 'x1' });
      done.outcome({ index: 2, status: 'pending', attempts: 0, retryable: true });
      const counts = await done.finish(true);
      assert.deepEqual(counts, { accepted: 1, rejected: 1, error: 0, pending: 1 });

      const crashed = new RunRecorder((...r) => j.append(...r), { endpoint: 'e', mode: 'sync', file: 'a.moe.json' }, events);
      await crashed.begin();
      crashed.outcome({ index: 1, status: 'accepted', xactionId: 'b:1', attempts: 1 });
      await new Promise((r) => setTimeout(r, 20));

      const snap = await j.read();
      const [first, second] = snap.runs;
      assert.equal(first.state, 'cancelled');
      assert.equal(first.messages[0].exchangeId, 'x1');
      assert.ok(!fs.readFileSync(j.file, 'utf8').includes('abcdefghijk'), 'the bearer token was journaled');
      assert.equal(second.state, 'interrupted');
      assert.deepEqual(pendingForResume(second).map((e) => e.eventKey), ['u0', 'u2']);
    } finally {
      await j.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
