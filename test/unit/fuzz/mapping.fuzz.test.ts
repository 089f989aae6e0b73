/**
 * Mapping CSV (aep-streaming-and-dataprep.md §5.5) and mapping-set JSON (§5.4): the readers never
 * throw, cell/expression spans stay inside the file, and CSV ⇄ JSON conversion loses nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMappingCsv } from '../../../src/core/mapping/readCsv';
import { readMappingJson } from '../../../src/core/mapping/readJson';
import { toMappingCsv, toMappingSetJson } from '../../../src/core/mapping/write';
import { spanOffset, type MappingDocument, type MappingRow } from '../../../src/core/mapping/types';
import { fuzz, fc, mutatedText, typedOrValue, assertDiagnosticsInside } from './harness';

const ex = path.join(__dirname, '../../../examples/mapping');
const csvSeed = fs.readFileSync(path.join(ex, 'moengage-default.mapping.csv'), 'utf8');
const jsonSeed = fs.readFileSync(path.join(ex, 'moengage-default.mapping.json'), 'utf8');

// Cell text that stresses CSV quoting: commas, quotes, CR/LF, leading spaces, unicode, emoji.
const cell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é', '😀', '.', '_', '(', ')', '\t'), maxLength: 12 }),
  fc.constantFrom('event_uuid', 'concat(a, ",", b)', 'iif(x == "1", true, false)', '_acme.moengage.campaign_id', '"STATIC"'),
);
const rowArb = fc.record({
  sourceType: fc.constantFrom('ATTRIBUTE', 'EXPRESSION', 'STATIC'),
  source: cell,
  destination: fc.oneof(cell, fc.constantFrom('_id', 'timestamp', 'eventType', '_acme.a.b')),
  description: fc.option(cell, { nil: undefined }),
});
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 6 });

interface GenRow {
  sourceType: string;
  source: string;
  destination: string;
  description?: string;
}

function csvOf(rows: GenRow[], eol: string): string {
  const q = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['sourceType,source,destination,description', ...rows.map((r) => [r.sourceType, r.source, r.destination, r.description ?? ''].map(q).join(','))];
  return lines.join(eol) + eol;
}

const essentials = (doc: MappingDocument) =>
  doc.rows.map((r: MappingRow) => ({ sourceType: r.sourceType, source: r.source, destination: r.destination, description: r.description ?? '' }));

function assertSpansInside(doc: MappingDocument, what: string) {
  for (const r of doc.rows) {
    for (const part of ['source', 'destination'] as const) {
      const span = r.loc?.[part];
      if (!span) continue;
      const value = r[part];
      const first = spanOffset(span, 0);
      const last = spanOffset(span, value.length);
      assert.ok(first >= 0 && last <= doc.text.length && first <= last, `${what}: row ${r.index} ${part} span ${first}-${last} outside a ${doc.text.length}-char file`);
    }
  }
}

test('fuzz: mapping CSV reader — never throws, problems and cell spans inside the file', () => {
  fuzz('mapping.csv', mutatedText(fc.oneof(fc.constant(csvSeed), fc.tuple(rowsArb, fc.constantFrom('\n', '\r\n')).map(([r, e]) => csvOf(r, e)))), (text) => {
    const doc = typedOrValue(() => readMappingCsv(text), text);
    if (!doc) return;
    assertDiagnosticsInside(text, doc.problems, 'readMappingCsv');
    assertSpansInside(doc, 'readMappingCsv');
  });
});

test('fuzz: mapping-set JSON reader — never throws, problems and string spans inside the file', () => {
  const jsonArb = rowsArb.map((rows) => JSON.stringify({ mappings: rows }, null, 2));
  fuzz('mapping.json', mutatedText(fc.oneof(fc.constant(jsonSeed), jsonArb)), (text) => {
    const doc = typedOrValue(() => readMappingJson(text), text);
    if (!doc) return;
    assertDiagnosticsInside(text, doc.problems, 'readMappingJson');
    assertSpansInside(doc, 'readMappingJson');
  });
});

test('fuzz: an expression cell span maps every value character back to the same file character (unescaped)', () => {
  // Diagnostics inside an expression land on the exact column only if spanOffset is right (§5.5 CSV quoting).
  fuzz('mapping.csv-spans', fc.tuple(rowsArb, fc.constantFrom('\n', '\r\n')), ([rows, eol]) => {
    const text = csvOf(rows, eol);
    const doc = readMappingCsv(text);
    for (const r of doc.rows) {
      const span = r.loc?.source;
      if (!span) continue;
      for (let i = 0; i < r.source.length; i++) {
        const ch: string | undefined = text[spanOffset(span, i)];
        assert.equal(ch, r.source[i], `row ${r.index}: value char ${i} (${JSON.stringify(r.source[i])}) maps to ${JSON.stringify(ch)} in ${JSON.stringify(text)}`);
      }
    }
  });
});

test('fuzz: CSV → mapping-set JSON → CSV round-trips every row losslessly (§5.4/§5.5)', () => {
  fuzz('mapping.roundtrip', fc.tuple(rowsArb, fc.constantFrom('\n', '\r\n')), ([rows, eol]) => {
    const csv = csvOf(rows, eol);
    const fromCsv = readMappingCsv(csv);
    assert.deepEqual(fromCsv.problems.filter((p) => p.severity === 'error'), [], `clean CSV reported errors: ${JSON.stringify(csv)}`);
    const json = toMappingSetJson(fromCsv);
    const fromJson = readMappingJson(json);
    assert.deepEqual(essentials(fromJson), essentials(fromCsv), `CSV → JSON lost data for ${JSON.stringify(csv)}`);
    const csv2 = toMappingCsv(fromJson);
    const back = readMappingCsv(csv2);
    assert.deepEqual(essentials(back), essentials(fromCsv), `JSON → CSV lost data for ${JSON.stringify(csv)} (wrote ${JSON.stringify(csv2)})`);
    // A CSV written by us and read back must write identically again (a fixed point).
    assert.equal(toMappingCsv(back), csv2);
  });
});

test('fuzz: mapping-set JSON → CSV → JSON keeps rows, outputSchema and extra properties', () => {
  const extraArb = fc.dictionary(fc.constantFrom('identity', 'version', 'primaryIdentity', 'namespaceCode'), fc.oneof(fc.string({ maxLength: 6 }), fc.boolean(), fc.integer()), { maxKeys: 2 });
  const setArb = fc.tuple(rowsArb, fc.array(extraArb, { maxLength: 6 })).map(([rows, extras]) => ({
    outputSchema: { schemaRef: { id: 'https://ns.adobe.com/acme/schemas/1', contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
    mappings: rows.map((r, i) => ({ ...r, ...(extras[i] ?? {}), ...(r.description === undefined ? {} : { description: r.description }) })),
  }));
  fuzz('mapping.roundtrip-json', setArb, (set) => {
    const doc = readMappingJson(JSON.stringify(set));
    const back = readMappingJson(toMappingSetJson(readMappingCsv(toMappingCsv(doc))));
    assert.deepEqual(essentials(back), essentials(doc));
    // Scalar extra columns survive the CSV hop; outputSchema lives only in JSON (CSV has no place for it).
    for (const r of doc.rows) for (const [k, v] of Object.entries(r.extra ?? {})) assert.equal(String(back.rows[r.index].extra?.[k] ?? ''), String(v), `extra "${k}" of row ${r.index} lost`);
  }, 150);
});

test(
  'mapping-set JSON destination with surrounding whitespace survives JSON → CSV → JSON',
  () => {
    // Regression guard. Minimal counterexample found by fuzz seed 20261128 ({"destination":"\r"}); fixed in 43abeb7.
    const doc = readMappingJson(JSON.stringify({ mappings: [{ sourceType: 'ATTRIBUTE', source: 'a', destination: ' _id ' }] }));
    const back = readMappingJson(toMappingSetJson(readMappingCsv(toMappingCsv(doc))));
    assert.equal(back.rows[0].destination, doc.rows[0].destination);
  },
);
