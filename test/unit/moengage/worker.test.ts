import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { validatePayload } from '../../../src/core/moengage/validate';
import { PayloadWorker } from '../../../src/core/worker/client';
import { NOW, example, root } from './helpers';

test('the validation worker answers like validatePayload and keeps a validator per document', async () => {
  // The TypeScript worker is loaded through tsx's CommonJS hook (the product loads the bundled dist/worker.js).
  const boot = `require('tsx/cjs'); require(${JSON.stringify(path.join(root, 'src/core/worker/worker.ts'))});`;
  const worker = new PayloadWorker(boot, { eval: true });
  try {
    const text = example('broken/problems.moe.json');
    const strip = (ds: { code: string; range: unknown }[]) => ds.map((d) => [d.code, d.range]);
    const first = await worker.validate('doc-1', text, { fileName: 'problems.moe.json', now: NOW });
    assert.deepEqual(strip(first), strip(validatePayload(text, { fileName: 'problems.moe.json', now: NOW })));
    const edited = text.replace('1731421200000', '1731421200');
    const second = await worker.validate('doc-1', edited, { fileName: 'problems.moe.json', now: NOW });
    assert.equal(worker.lastIncremental, true, 'second check of the same document is incremental');
    assert.ok(!second.some((d) => d.code === 'moe.time-in-ms'));
  } finally {
    worker.dispose();
  }
});
