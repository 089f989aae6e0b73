import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { splitPayload } from '../../../src/core/mapping/payload';
import { parsePayload } from '../../../src/core/moengage/parse';

test('NDJSON event numbers count broken lines too, as the validator and send do (event 2 is the third line everywhere)', () => {
  const text = ['{"event_code":"A"}', '{"event_code": broken', '', '{"event_code":"C"}'].join('\n');
  const split = splitPayload(text);
  assert.deepEqual(split.events.map((e) => [e.index, e.record.event_code]), [[0, 'A'], [2, 'C']]);
  assert.equal(split.problems.length, 1);
  const parsed = parsePayload(text, { fileName: 'x.moe.ndjson' });
  assert.deepEqual(parsed.events.map((e) => e.index), [0, 1, 2]);
  assert.equal((parsed.events[2].value as { event_code: string }).event_code, 'C');
});
