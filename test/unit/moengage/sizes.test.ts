import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compactJsonBytes } from '../../../src/core/moengage/rules';
import { validatePayload } from '../../../src/core/moengage';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The "event over 10 KB" rule measures the event as AEP receives it (aep-streaming-and-dataprep.md §3): the UTF-8
// bytes of its compact JSON. The count must equal JSON.stringify's for every JSON value.
test('compactJsonBytes equals the UTF-8 length of JSON.stringify for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => compactJsonBytes(v) === Buffer.byteLength(JSON.stringify(v), 'utf8')),
    { seed: 20261128, numRuns: 500 },
  );
});

test('an event nested 10,000 levels deep is measured and reported, not a stack overflow', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../../examples/payloads/email-sent.moe.json'), 'utf8');
  const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  const diags = validatePayload(text.replace('"event_attributes": {', `"event_attributes": {"deep": ${deep},`));
  const big = diags.find((d) => d.code === 'moe.event-too-large');
  assert.ok(big, JSON.stringify(diags.map((d) => d.code)));
  assert.match(big.message, /\d+\.\d KB as sent/);
});
