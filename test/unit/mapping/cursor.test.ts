import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callAt, mappingCellAt, wordAt } from '../../../src/core/mapping';

test('the cursor cell of a CSV mapping knows its column and its index inside the value (through "" escapes)', () => {
  const text = 'sourceType,source,destination\nEXPRESSION,"concat(""a"", event_name)",_acmemoe.eventName\n';
  const at = text.indexOf('event_name') + 2;
  const cell = mappingCellAt(text, 'x.mapping.csv', at)!;
  assert.equal(cell.column, 'source');
  assert.equal(cell.value.slice(cell.valueIndex), 'ent_name)');
  assert.equal(cell.sourceType, 'EXPRESSION');
  assert.equal(mappingCellAt(text, 'x.mapping.csv', text.indexOf('_acmemoe') + 1)!.column, 'destination');
});

test('the cursor cell of a mapping-set JSON is the source/destination string it is in', () => {
  const text = '{"mappings":[{"sourceType":"EXPRESSION","source":"upper(\\"x\\", event_name)","destination":"_id"}]}';
  const cell = mappingCellAt(text, 'm.mapping.json', text.indexOf('event_name'))!;
  assert.equal(cell.column, 'source');
  assert.equal(cell.value.slice(cell.valueIndex), 'event_name)');
  assert.equal(mappingCellAt(text, 'm.mapping.json', text.indexOf('"_id"') + 2)!.column, 'destination');
});

test('signature help finds the call around grouping parentheses and counts its arguments', () => {
  const e = 'dformat((coalesce(time, event_time) * 1000), "yyyy")';
  assert.deepEqual(callAt(e, e.indexOf('(coalesce') + 1), { name: 'dformat', argIndex: 0, nameStart: 0 });
  assert.equal(callAt(e, e.indexOf('event_time'))!.name, 'coalesce');
  assert.equal(callAt(e, e.indexOf('event_time'))!.argIndex, 1);
  assert.equal(callAt(e, e.indexOf('"yyyy"') + 1)!.argIndex, 1);
  assert.equal(callAt('x', 1), undefined);
});

test('hover words: function names and field paths', () => {
  const e = 'upper(event_attributes.campaign_id)';
  assert.deepEqual(wordAt(e, 2), { text: 'upper', start: 0, end: 5, isCall: true });
  assert.equal(wordAt(e, 10)!.text, 'event_attributes.campaign_id');
});
