import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readJournalState } from '../../../src/core/aep/resume';
import { readResumeState } from '../../../src/cli/send/journalState';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-resume-state-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

// Keys of the eventKey form (two files, '#' in a path, two hashes for one event = an edited event) and foreign ones.
const KEYS = [
  '/data/a.ndjson#0:00000000000000ff',
  '/data/a.ndjson#0:ffffffff00000001',
  '/data/a.ndjson#1:0123456789abcdef',
  '/data/a.ndjson#5000:0123456789abcdef',
  '/data/b#1.ndjson#1:0123456789abcdef',
  '/data/b#1.ndjson#2:fedcba9876543210',
  'legacy-key-without-hash',
  '/data/a.ndjson#x:0123456789abcdef',
];
const STATUSES = ['sent', 'accepted', 'failed', 'pending', undefined] as const;

test('the compact resume table answers exactly as readJournalState on any journal (same skip and in-flight decisions)', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.record({ k: fc.integer({ min: 0, max: KEYS.length - 1 }), s: fc.integer({ min: 0, max: STATUSES.length - 1 }) }), fc.constant('torn' as const)), { maxLength: 40 }),
      async (ops) => {
        const file = path.join(dir, `j${n++}.ndjson`);
        const text = ops.map((o) => (o === 'torn' ? '{"v":1,"key":"/data/a.ndjson#1:01234' : JSON.stringify({ v: 1, key: KEYS[o.k], file: 'f', event: 0, status: STATUSES[o.s], at: 'now' }))).join('\n');
        fs.writeFileSync(file, text);
        const want = readJournalState(file);
        const got = await readResumeState(file);
        for (const k of KEYS) {
          assert.equal(got.acknowledged.has(k), want.acknowledged.has(k), `acknowledged ${k}`);
          assert.equal(got.unanswered.has(k), want.unanswered.has(k), `unanswered ${k}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('a missing journal means nothing was sent before', async () => {
  const s = await readResumeState(path.join(dir, 'none.ndjson'));
  assert.equal(s.acknowledged.has(KEYS[0]), false);
  assert.equal(s.unanswered.has(KEYS[0]), false);
});
