import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkMapping, readMappingCsv, readMappingJson, splitPayload } from '../../../src/core/mapping';
import { loadXdmSchema } from '../../../src/core/xdm';

const root = path.join(__dirname, '../../..');
const schema = loadXdmSchema(fs.readFileSync(path.join(root, 'examples/schema/moengage-events.schema.json'), 'utf8'));
const seedEvent = splitPayload(fs.readFileSync(path.join(root, 'test/fixtures/mapping/seed-step6.moe.json'), 'utf8')).events[0].record;
/** _id and timestamp rows so "required unmapped" stays out of the way unless a test wants it. */
const BASE = 'ATTRIBUTE,event_uuid,_id\nEXPRESSION,"dformat((time * 1000), ""yyyy-MM-dd\'T\'HH:mm:ssX"")",timestamp\n';
const check = (rows: string, withBase = true) => {
  const doc = readMappingCsv('sourceType,source,destination\n' + (withBase ? BASE : '') + rows);
  return { doc, diags: checkMapping(doc, { schema, samplePayloads: [seedEvent] }) };
};
const codes = (d: { code: string }[]) => d.map((x) => x.code);

test('the default example mapping has no errors or warnings against the example schema and seed payload', () => {
  const doc = readMappingCsv(fs.readFileSync(path.join(root, 'examples/mapping/moengage-default.mapping.csv'), 'utf8'));
  assert.deepEqual(checkMapping(doc, { schema, samplePayloads: [seedEvent] }), []);
  const json = readMappingJson(fs.readFileSync(path.join(root, 'examples/mapping/moengage-default.mapping.json'), 'utf8'));
  assert.deepEqual(checkMapping(json, { schema, samplePayloads: [seedEvent] }), []);
});

test('map.expression-syntax lands on the exact file column inside a quoted CSV cell', () => {
  const { doc, diags } = check('EXPRESSION,"concat(""a"", upper(event_name)",_acmemoe.eventName\n');
  const d = diags.find((x) => x.code === 'map.expression-syntax')!;
  assert.ok(d, JSON.stringify(codes(diags)));
  const line = doc.text.split('\n')[d.range.start.line];
  assert.equal(d.range.start.line, 3);
  // The error is at the end of the expression, i.e. just before the closing quote of the cell.
  assert.equal(line.slice(d.range.start.character - 1, d.range.start.character + 1), ')"');
});

test('map.expression-syntax in mapping-set JSON accounts for escaped quotes', () => {
  const text = '{"mappings":[{"sourceType":"EXPRESSION","source":"concat(\\"a\\", )","destination":"_acmemoe.eventName"}]}';
  const diags = checkMapping(readMappingJson(text), {});
  const d = diags.find((x) => x.code === 'map.expression-syntax')!;
  assert.ok(d);
  assert.equal(text[d.range.start.character], ')');
});

test('the broken example: syntax error at a known column and an unknown destination with a did-you-mean fix', () => {
  const text = fs.readFileSync(path.join(root, 'examples/mapping/broken/broken.mapping.csv'), 'utf8');
  const diags = checkMapping(readMappingCsv(text), { schema });
  const syntax = diags.find((d) => d.code === 'map.expression-syntax')!;
  assert.deepEqual(syntax.range.start, { line: 2, character: 28 });
  const dest = diags.find((d) => d.code === 'map.unknown-destination')!;
  assert.equal(dest.range.start.line, 3);
  assert.match(dest.message, /Did you mean "_acmemoe\.eventCode"/);
  assert.equal(dest.fixes?.[0].edits[0].newText, '_acmemoe.eventCode');
  assert.ok(diags.some((d) => d.code === 'map.required-unmapped' && /timestamp/.test(d.message)));
});

test('map.unknown-function, map.function-arity and map.function-unavailable point at the call', () => {
  const { doc, diags } = check('EXPRESSION,"uppr(event_name)",_acmemoe.eventName\nEXPRESSION,"upper(event_name, event_code)",_acmemoe.eventCode\nEXPRESSION,"array_to_string("","", event_attributes)",_acmemoe.campaignName\n');
  const unknown = diags.find((d) => d.code === 'map.unknown-function')!;
  assert.match(unknown.message, /upper\(\)/);
  assert.equal(doc.text.split('\n')[unknown.range.start.line].slice(unknown.range.start.character, unknown.range.end.character), 'uppr');
  assert.ok(diags.some((d) => d.code === 'map.function-arity' && d.range.start.line === 4));
  assert.ok(diags.some((d) => d.code === 'map.function-unavailable' && d.range.start.line === 5));
  assert.ok(!diags.some((d) => d.code === 'map.expression-syntax'), 'not reported twice');
});

test('map.unknown-source-field warns on fields no example payload or MoEngage field list has', () => {
  const { diags } = check('ATTRIBUTE,event_atributes.campaign_id,_acmemoe.campaignId\nATTRIBUTE,event_time,_acmemoe.eventCode\nATTRIBUTE,event_attributes.new_key,_acmemoe.campaignName\n');
  const unknown = diags.filter((d) => d.code === 'map.unknown-source-field');
  assert.equal(unknown.length, 1, 'event_time (Shape A) and event_attributes.* are known MoEngage fields');
  assert.equal(unknown[0].severity, 'warning');
  assert.equal(unknown[0].range.start.line, 3);
});

test('map.unknown-destination for a field not in the schema', () => {
  const { diags } = check('ATTRIBUTE,event_code,evntType\n');
  const d = diags.find((x) => x.code === 'map.unknown-destination')!;
  assert.match(d.message, /Did you mean "eventType"/);
});

test('map.type-mismatch: epoch number into date-time without dformat; STATIC outside a JSON enum; object into a string', () => {
  const { diags } = check('ATTRIBUTE,time,timestamp\nSTATIC,maybe,identityMap.X[0].authenticatedState\nATTRIBUTE,identities,_acmemoe.source\n', false);
  const tm = diags.filter((d) => d.code === 'map.type-mismatch');
  assert.equal(tm.length, 3, JSON.stringify(tm));
  assert.match(tm[0].message, /dformat\(\(time \* 1000\)/);
  assert.match(tm[1].message, /ambiguous, authenticated, loggedOut/);
});

test('map.duplicate-destination on the later row', () => {
  const { diags } = check('ATTRIBUTE,event_code,eventType\nATTRIBUTE,event_name,eventType\n');
  const d = diags.find((x) => x.code === 'map.duplicate-destination')!;
  assert.equal(d.range.start.line, 4);
});

test('map.required-unmapped when _id or timestamp has no row (§6.3)', () => {
  const { diags } = check('ATTRIBUTE,event_code,eventType\n', false);
  assert.deepEqual(diags.filter((d) => d.code === 'map.required-unmapped').map((d) => /"(\w+)"/.exec(d.message)![1]).sort(), ['_id', 'timestamp']);
});

test('map.identity-primary: none, or more than one, identity with primary: true (seed "Important Mapping Notes")', () => {
  const none = check('ATTRIBUTE,identities.email,identityMap.Email[0].id\nSTATIC,false,identityMap.Email[0].primary\n').diags;
  assert.equal(none.filter((d) => d.code === 'map.identity-primary').length, 1);
  const two = check('ATTRIBUTE,identities.email,identityMap.Email[0].id\nSTATIC,true,identityMap.Email[0].primary\nATTRIBUTE,identities.phone,identityMap.Phone[0].id\nSTATIC,true,identityMap.Phone[0].primary\n').diags;
  const d = two.filter((x) => x.code === 'map.identity-primary');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 6);
  const one = check('ATTRIBUTE,identities.email,identityMap.Email[0].id\nSTATIC,true,identityMap.Email[0].primary\n').diags;
  assert.ok(!one.some((x) => x.code === 'map.identity-primary'));
});

test('map.dformat-seconds: dformat(time, …) without * 1000, with a fix that multiplies', () => {
  const { doc, diags } = check('EXPRESSION,"dformat(time, ""yyyy-MM-dd\'T\'HH:mm:ssX"")",timestamp\nATTRIBUTE,event_uuid,_id\n', false);
  const d = diags.find((x) => x.code === 'map.dformat-seconds')!;
  assert.ok(d);
  const edit = d.fixes![0].edits[0];
  const lines = doc.text.split('\n');
  const line = lines[edit.range.start.line];
  const fixed = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
  assert.equal(fixed, 'EXPRESSION,"dformat((time * 1000), ""yyyy-MM-dd\'T\'HH:mm:ssX"")",timestamp');
  assert.ok(!check('EXPRESSION,"dformat(coalesce(time, event_time) * 1000, ""yyyy"")",timestamp\n', false).diags.some((x) => x.code === 'map.dformat-seconds'));
});

test('map.empty-source, map.empty-destination, map.destination-syntax, map.source-syntax', () => {
  const { diags } = check('ATTRIBUTE,,eventType\nATTRIBUTE,event_code,\nATTRIBUTE,event_code,_acmemoe..eventCode\nATTRIBUTE,event code,_acmemoe.eventName\n');
  for (const c of ['map.empty-source', 'map.empty-destination', 'map.destination-syntax']) assert.ok(diags.some((d) => d.code === c), c);
  // A source with a space is not a path: inferred ATTRIBUTE only for valid paths, so an explicit ATTRIBUTE with a space is a syntax error.
  assert.ok(diags.some((d) => d.code === 'map.source-syntax' && d.range.start.line === 6));
});
