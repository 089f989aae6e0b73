import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../../src/core/diagnostics';
import { loadXdmSchema, readRefFromDirectory } from '../../../src/core/xdm';
import { MAX_RESOLVED_FIELDS } from '../../../src/core/xdm/resolve';

const root = path.join(__dirname, '../../..');
const exampleText = fs.readFileSync(path.join(root, 'examples/schema/moengage-events.schema.json'), 'utf8');
const fixtures = path.join(root, 'test/fixtures/xdm');

test('xed-full (§6.1): every field path is indexed with its XDM type, format, required-ness and meta:enum', () => {
  const s = loadXdmSchema(exampleText);
  assert.equal(s.form, 'xed-full');
  assert.equal(s.tenant, '_acmemoe');
  assert.equal(s.title, 'MoEngage Events');
  const id = s.findField('_id')!;
  assert.equal(id.format, 'uri-reference');
  assert.equal(id.required, true);
  assert.equal(s.findField('timestamp')!.xdmType, 'date-time');
  assert.equal(s.findField('timestamp')!.xdmField, 'xdm:timestamp');
  assert.ok(s.findField('eventType')!.metaEnum!['directMarketing.emailSent']);
  assert.equal(s.findField('eventType')!.required, false);
  assert.equal(s.findField('_acmemoe.eventCode')!.xdmType, 'string');
  assert.equal(s.findField('_acmemoe.userAttributesJson')!.xdmType, 'map');
});

test('identityMap is a map of IdentityItem arrays (§6.2): concrete namespaces resolve to the item fields', () => {
  const s = loadXdmSchema(exampleText);
  assert.equal(s.findField('identityMap')!.xdmType, 'map');
  assert.equal(s.findField('identityMap.Email[0].id')!.path, 'identityMap.*[*].id');
  assert.deepEqual(s.findField('identityMap.lumaCrmId[0].authenticatedState')!.enum, ['ambiguous', 'authenticated', 'loggedOut']);
  assert.equal(s.findField('identityMap.Email[0].nope'), undefined);
});

test('raw form: $ref/allOf resolved from files next to it, Platform names (@id → _id, xdm: dropped)', () => {
  const s = loadXdmSchema(fs.readFileSync(path.join(fixtures, 'raw-schema.json'), 'utf8'), { readRef: readRefFromDirectory(fixtures) });
  assert.equal(s.form, 'raw');
  assert.deepEqual(s.problems, []);
  assert.equal(s.tenant, '_acme');
  assert.equal(s.findField('_id')!.required, true);
  assert.equal(s.findField('timestamp')!.required, true);
  assert.equal(s.findField('identityMap.ECID[0].primary')!.xdmType, 'boolean');
  assert.equal(s.findField('_acme.attrs')!.xdmType, 'map');
  assert.deepEqual(s.validate({ _id: 'a', timestamp: '2024-11-12T14:20:00Z', identityMap: { ECID: [{ id: '1', primary: true }] } }), []);
});

test('cyclic $ref is reported with the chain instead of recursing forever', () => {
  const dir = path.join(fixtures, 'cyclic');
  const s = loadXdmSchema(fs.readFileSync(path.join(dir, 'a.schema.json'), 'utf8'), { readRef: readRefFromDirectory(dir) });
  const p = s.problems.find((x) => x.code === 'xdm.cyclic-ref');
  assert.ok(p);
  assert.match(p.message, /Cyclic \$ref: .*a.*→.*b.*→.*a/);
  assert.ok(s.findField('x'), 'fields reached before the cycle are kept');
});

test('shared $refs that double at each level (a "billion laughs" through $ref) stop at the field budget with xdm.too-large (§6.1)', () => {
  const bomb = (levels: number) => {
    const definitions: Record<string, unknown> = { [`d${levels}`]: { type: 'string' } };
    for (let i = 0; i < levels; i++) definitions[`d${i}`] = { type: 'object', properties: { l: { $ref: `#/definitions/d${i + 1}` }, r: { $ref: `#/definitions/d${i + 1}` } } };
    return JSON.stringify({ $id: 'https://ns.adobe.com/acme/schemas/bomb', type: 'object', definitions, properties: { root: { $ref: '#/definitions/d0' } } });
  };
  // 2^10 leaves: shared definitions used many times are still expanded in full below the budget.
  const small = loadXdmSchema(bomb(10));
  assert.deepEqual(small.problems, []);
  assert.ok(small.findField('root.l.r.l.r.l.r.l.r.l.r'));
  const big = loadXdmSchema(bomb(30));
  const p = big.problems.find((x) => x.code === 'xdm.too-large');
  assert.ok(p, JSON.stringify(big.problems));
  assert.match(p.message, /more than [\d,]+ (fields|nodes).*xed-full/);
  assert.equal(big.problems.filter((x) => x.code === 'xdm.too-large').length, 1, 'reported once');
  assert.ok(big.fields.size <= MAX_RESOLVED_FIELDS + 100, `${big.fields.size} fields kept`);
  // An allOf-only bomb has no properties to count: the node budget stops it.
  const defs: Record<string, unknown> = { d40: { type: 'object', properties: { x: { type: 'string' } } } };
  for (let i = 0; i < 40; i++) defs[`d${i}`] = { allOf: [{ $ref: `#/definitions/d${i + 1}` }, { $ref: `#/definitions/d${i + 1}` }] };
  assert.ok(loadXdmSchema(JSON.stringify({ $id: 'x', definitions: defs, allOf: [{ $ref: '#/definitions/d0' }] })).problems.some((x) => x.code === 'xdm.too-large'));
});

test('an unresolvable $ref is reported, not thrown', () => {
  const s = loadXdmSchema('{"allOf":[{"$ref":"https://ns.adobe.com/xdm/missing"}]}', { readRef: () => undefined });
  assert.equal(s.problems[0].code, 'xdm.unresolved-ref');
});

test('a file that is not an XDM schema gives a clear InputError', () => {
  assert.throws(() => loadXdmSchema('{"event_code":"MOE_EMAIL_SENT"}', { fileName: 'p.json' }), (e: unknown) => e instanceof InputError && e.code === 'xdm.not-schema' && /MoEngage payload/.test(e.message));
  assert.throws(() => loadXdmSchema('not json'), (e: unknown) => e instanceof InputError && e.code === 'xdm.json');
  assert.throws(() => loadXdmSchema('[1,2]'), (e: unknown) => e instanceof InputError);
});

test('"did you mean" suggestions for a mistyped destination', () => {
  const s = loadXdmSchema(exampleText);
  assert.equal(s.suggest('_acmemoe.eventKode')[0], '_acmemoe.eventCode');
  assert.equal(s.suggest('timestmp')[0], 'timestamp');
});

test('odd but JSON-valid schemas load and validate without throwing (bad pattern, enum, types)', () => {
  const odd = [
    '{"properties":{"a":{"type":"string","pattern":"("},"b":{"enum":"x"},"c":{"type":"weird"},"d":null,"e":{"minimum":"3"}}}',
    '{"properties":[]}',
    '{"allOf":[null, 3, {"$ref": 5}]}',
    '{"properties":{"m":{"type":"object","meta:xdmType":"map","additionalProperties":true}}}',
  ];
  for (const text of odd) {
    const s = loadXdmSchema(text);
    assert.ok(Array.isArray(s.validate({ a: 'x', b: 1, m: { k: 1 } })), text);
  }
});
