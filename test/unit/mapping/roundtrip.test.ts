import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMappingCsv } from '../../../src/core/mapping/readCsv';
import { readMappingJson } from '../../../src/core/mapping/readJson';
import { toMappingCsv, toMappingSetJson } from '../../../src/core/mapping/write';
import type { MappingDocument } from '../../../src/core/mapping/types';

const examples = path.join(__dirname, '../../../examples/mapping');
const semantic = (d: MappingDocument) => d.rows.map((r) => ({ t: r.sourceType, s: r.source, d: r.destination, n: r.name, desc: r.description }));

test('CSV → JSON → CSV gives back the example mapping byte for byte', () => {
  const text = fs.readFileSync(path.join(examples, 'moengage-default.mapping.csv'), 'utf8');
  const json = toMappingSetJson(readMappingCsv(text));
  const back = toMappingCsv(readMappingJson(json));
  assert.equal(back, text);
});

test('CSV → JSON → CSV keeps rows with quotes, commas and newlines (up to normalised quoting)', () => {
  const text = 'sourceType,source,destination,description\r\nEXPRESSION,"concat(""a,b"", x)",y,"two\r\nlines"\r\nSTATIC,"system",producedBy,\r\n';
  const doc = readMappingCsv(text);
  const back = readMappingCsv(toMappingCsv(readMappingJson(toMappingSetJson(doc))));
  assert.deepEqual(semantic(back), semantic(doc));
  assert.equal(toMappingCsv(readMappingJson(toMappingSetJson(doc))), 'sourceType,source,destination,description\nEXPRESSION,"concat(""a,b"", x)",y,"two\r\nlines"\nSTATIC,system,producedBy,\n');
});

test('the example JSON mapping set equals the example CSV', () => {
  const csv = readMappingCsv(fs.readFileSync(path.join(examples, 'moengage-default.mapping.csv'), 'utf8'));
  const json = readMappingJson(fs.readFileSync(path.join(examples, 'moengage-default.mapping.json'), 'utf8'));
  assert.equal(json.problems.length, 0);
  assert.deepEqual(semantic(json), semantic(csv));
  assert.ok(json.outputSchema, 'outputSchema is kept');
});

test('a CSV without sourceType column writes STATIC constants as quoted literals so they read back STATIC', () => {
  const doc = readMappingCsv('source,destination\n"""system""",producedBy\nevent_uuid,_id\n');
  const out = toMappingCsv(doc);
  assert.equal(out, 'source,destination\n"""system""",producedBy\nevent_uuid,_id\n');
});

test('mapping-set JSON: bare array, legacy sourceAttribute/destinationXdmPath, extra keys survive', () => {
  const legacy = readMappingJson('{"version":0,"xdmSchema":"s","mappings":[{"destinationXdmPath":"person.name.firstName","sourceAttribute":"firstName","identity":false,"version":0}]}');
  assert.equal(legacy.problems.length, 0);
  assert.deepEqual(semantic(legacy)[0], { t: 'ATTRIBUTE', s: 'firstName', d: 'person.name.firstName', n: undefined, desc: undefined });
  const out = JSON.parse(toMappingSetJson(legacy));
  assert.deepEqual(out.mappings[0], { sourceType: 'ATTRIBUTE', source: 'firstName', destination: 'person.name.firstName', identity: false, version: 0 });
  assert.equal(out.xdmSchema, 's');
  const bare = readMappingJson('[{"sourceType":"STATIC","source":"CUSTOMER","destination":"userType"}]');
  assert.equal(bare.rows[0].sourceType, 'STATIC');
});

test('mapping-set JSON problems are located: syntax error, wrong shape, unknown sourceType', () => {
  const syntax = readMappingJson('{"mappings": [ {"source": "a", "destination": "b"} ');
  assert.ok(syntax.problems.some((p) => p.code === 'map.json-syntax'));
  const shape = readMappingJson('{"foo": 1}');
  assert.equal(shape.problems[0].code, 'map.json-shape');
  const t = readMappingJson('{"mappings":[\n{"sourceType":"CONST","source":"a","destination":"b"}]}');
  const d = t.problems.find((p) => p.code === 'map.source-type-unknown');
  assert.equal(d?.range.start.line, 1);
});
