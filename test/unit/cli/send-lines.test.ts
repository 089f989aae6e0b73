import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { fileLines } from '../../../src/cli/send/lines';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-lines-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

test('streamed lines are exactly the \\n-separated lines parsePayload numbers, whatever the chunk size (multi-byte UTF-8 split across reads, lone \\r kept)', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom('a', '{', '"', 'é', '😀', '\n', '\r', ' ', '\ufeff'), { maxLength: 60 }), fc.integer({ min: 1, max: 17 }), async (chars, chunk) => {
      const text = chars.join('');
      const file = path.join(dir, `l${n++}.txt`);
      fs.writeFileSync(file, text);
      const got: string[] = [];
      const progress = { bytesRead: 0 };
      for await (const l of fileLines(file, chunk, progress)) got.push(l);
      const want = text.split('\n');
      if (want[want.length - 1] === '') want.pop();
      assert.deepEqual(got, want);
      assert.equal(progress.bytesRead, Buffer.byteLength(text));
    }),
    { numRuns: 300 },
  );
});
