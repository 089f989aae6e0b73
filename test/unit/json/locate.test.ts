import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { locate } from '../../../src/core/json/locate';
import { parsePointer, rangeOfPointer } from '../../../src/core/json/pointer';
import { arrayElementSpans, arrayElementSpansWithLines, ndjsonLineSpans, topLevelEventSpans } from '../../../src/core/json/spans';
import { LineIndex } from '../../../src/core/text/lineIndex';

const doc = `{
  "app_name": "A \\"quoted\\" app",
  "k\\u00e9y": {"x": [10, [20, 21], {"y": "😀"}]},
  "events": [
    {"event_code": "MOE_EMAIL_SENT", "n": [1, 2]},
    {"event_code": "SMS_SENT", "s": "a]b}c\\\\"}
  ]
}`;

test('locate returns the exact key and value offsets along a path', () => {
  const l = locate(doc, ['events', 1, 'event_code']);
  assert.ok(l);
  assert.equal(doc.slice(l.keyStart, l.keyEnd), '"event_code"');
  assert.equal(doc.slice(l.valueStart, l.valueEnd), '"SMS_SENT"');
});

test('locate handles escaped keys, nested arrays and non-BMP characters', () => {
  const l = locate(doc, ['kéy', 'x', 2, 'y']);
  assert.ok(l);
  assert.equal(doc.slice(l.valueStart, l.valueEnd), '"😀"');
  const n = locate(doc, ['kéy', 'x', 1, 1]);
  assert.ok(n);
  assert.equal(doc.slice(n.valueStart, n.valueEnd), '21');
});

test('locate returns undefined for a missing path instead of throwing', () => {
  assert.equal(locate(doc, ['events', 7]), undefined);
  assert.equal(locate(doc, ['nope']), undefined);
  assert.equal(locate('{"a": ', ['a', 'b']), undefined);
});

test('duplicate keys resolve to the last one, like JSON.parse', () => {
  const t = '{"a": 1, "a": 2}';
  const l = locate(t, ['a']);
  assert.ok(l);
  assert.equal(t.slice(l.valueStart, l.valueEnd), String(JSON.parse(t).a));
});

test('rangeOfPointer maps AEP pointerToViolation (#/…) to the value, and missing members to the parent', () => {
  // aep-streaming-and-dataprep.md §1.3: violations carry a JSON pointer such as "#/_id".
  const r = rangeOfPointer(doc, '#/events/0/event_code');
  assert.ok(r?.exact);
  const lines = new LineIndex(doc);
  assert.equal(doc.slice(lines.offsetAt(r.range.start), lines.offsetAt(r.range.end)), '"MOE_EMAIL_SENT"');
  const missing = rangeOfPointer(doc, '#/events/1/_id');
  assert.ok(missing && !missing.exact);
  assert.equal(doc[lines.offsetAt(missing.range.start)], '{');
  assert.deepEqual(parsePointer('#/a~1b/c~0d/%24x'), ['a/b', 'c~d', '$x']);
});

test('event spans: elements of events[], of a top-level array, and NDJSON lines', () => {
  const s = topLevelEventSpans(doc);
  assert.equal(s?.kind, 'batch');
  assert.deepEqual(s!.spans.map((x) => JSON.parse(doc.slice(x.start, x.end)).event_code), ['MOE_EMAIL_SENT', 'SMS_SENT']);
  const arr = '[ {"a":1} ,\r\n  {"b":[2]}, 3 ]';
  assert.deepEqual(arrayElementSpans(arr, 0)!.map((x) => arr.slice(x.start, x.end)), ['{"a":1}', '{"b":[2]}', '3']);
  const nd = '{"a":1}\r\n\r\n  {"b":2}  \n';
  assert.deepEqual(ndjsonLineSpans(nd).map((x) => nd.slice(x.start, x.end)), ['{"a":1}', '{"b":2}']);
});

test('lined element spans agree with LineIndex, also with CRLF and lone CR', () => {
  for (const nl of ['\n', '\r\n', '\r']) {
    const t = `{${nl}"events": [${nl}  {"a": "x]"},${nl}${nl}    {"b": [1,${nl}2]}, {"c": 3}${nl}]}`;
    const start = t.indexOf('[');
    const spans = arrayElementSpansWithLines(t, start)!;
    const li = new LineIndex(t);
    assert.equal(spans.length, 3);
    for (const s of spans) assert.deepEqual({ line: s.line, character: s.character }, li.positionAt(s.start), JSON.stringify(nl));
    assert.deepEqual(spans.map((s) => t.slice(s.start, s.end)), ['{"a": "x]"}', `{"b": [1,${nl}2]}`, '{"c": 3}']);
  }
});
