import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyMapping, compileMapping, readMappingCsv, setPath, parsePath } from '../../../src/core/mapping';
import { loadXdmSchema } from '../../../src/core/xdm';

// The compiled path of applyMapping merges rows into the event's XDM in place (aep-streaming-and-dataprep.md §5.1
// object copy); these check that nothing of the payload record or of another event is ever shared or changed.
const root = path.join(__dirname, '../../..');
const schema = loadXdmSchema(fs.readFileSync(path.join(root, 'examples/schema/moengage-events.schema.json'), 'utf8'));
const csv = (rows: string) => readMappingCsv('sourceType,source,destination\n' + rows);

test('mapping never changes the payload record, even when an object lands where the schema wants an array and later rows write into it', () => {
  const doc = csv('ATTRIBUTE,item,identityMap.lumaCrmId\nSTATIC,x,identityMap.lumaCrmId.note\nATTRIBUTE,attrs,_acmemoe.eventAttributesJson\nSTATIC,x,_acmemoe.eventAttributesJson.added\n');
  const record = { item: { id: 'c1' }, attrs: { a: 1 } };
  const snapshot = JSON.parse(JSON.stringify(record));
  const r = applyMapping(compileMapping(doc, { schema }), record);
  assert.deepEqual(record, snapshot, 'the source record is unchanged');
  assert.deepEqual((r.xdm.identityMap as Record<string, unknown>).lumaCrmId, { id: 'c1', note: 'x' });
  assert.deepEqual((r.xdm._acmemoe as Record<string, unknown>).eventAttributesJson, { a: '1', added: 'x' });
});

test('rows filling one object give every event its own object: nothing carries over between events', () => {
  const doc = csv('ATTRIBUTE,ids,identityMap.lumaCrmId[0]\nSTATIC,true,identityMap.lumaCrmId[0].primary\nATTRIBUTE,extra,identityMap.lumaCrmId[0]\n');
  const compiled = compileMapping(doc, { schema });
  const a = applyMapping(compiled, { ids: { id: 'first' }, extra: { authenticatedState: 'authenticated' } }).xdm;
  const b = applyMapping(compiled, { ids: { id: 'second' } }).xdm;
  assert.deepEqual(a.identityMap, { lumaCrmId: [{ id: 'first', primary: true, authenticatedState: 'authenticated' }] });
  assert.deepEqual(b.identityMap, { lumaCrmId: [{ id: 'second', primary: true }] }, 'the second event has no field of the first');
  assert.notEqual((a.identityMap as { lumaCrmId: unknown[] }).lumaCrmId[0], (b.identityMap as { lumaCrmId: unknown[] }).lumaCrmId[0]);
});

test('the first row to write a child wins; a later object only adds missing children', () => {
  const doc = csv('ATTRIBUTE,one,_acmemoe.eventAttributesJson\nATTRIBUTE,two,_acmemoe.eventAttributesJson\n');
  const xdm = applyMapping(compileMapping(doc, { schema }), { one: { k: 'first' }, two: { k: 'second', other: 'kept' } }).xdm;
  assert.deepEqual((xdm._acmemoe as Record<string, unknown>).eventAttributesJson, { k: 'first', other: 'kept' });
});

test('public setPath still copies the object it merges into (callers may share it)', () => {
  const shared = { a: 1 };
  const target: Record<string, unknown> = { o: shared };
  setPath(target, parsePath('o').segments, { b: 2 });
  assert.deepEqual(target.o, { a: 1, b: 2 });
  assert.deepEqual(shared, { a: 1 }, 'the caller\'s object is unchanged');
});
