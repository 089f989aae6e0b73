import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellOffset, parseCsv } from '../../../src/core/mapping/csv';
import { MAX_MAPPING_ROWS, readMappingCsv } from '../../../src/core/mapping/readCsv';
import { checkMapping } from '../../../src/core/mapping/check';
import { toMappingCsv } from '../../../src/core/mapping/write';
import { spanOffset } from '../../../src/core/mapping/types';

test('RFC 4180: quoted commas, doubled quotes and newlines inside quotes stay in one cell', () => {
  const text = 'a,b\n"x, y","say ""hi""\nthere"\n';
  const r = parseCsv(text);
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.records[1].cells.map((c) => c.value), ['x, y', 'say "hi"\nthere']);
  assert.equal(r.problems.length, 0);
});

test('BOM, CRLF and trailing empty lines do not create rows or leak into the first header', () => {
  const r = parseCsv('\uFEFFsource,destination\r\nevent_uuid,_id\r\n\r\n\r\n');
  assert.equal(r.records.length, 2);
  assert.equal(r.records[0].cells[0].value, 'source');
  assert.equal(r.crlf, true);
  assert.equal(r.records[0].cells[0].start, 1);
});

test('cell offsets account for the opening quote and each doubled quote', () => {
  const text = 'x,"a""b""c"';
  const cell = parseCsv(text).records[0].cells[1];
  assert.equal(cell.value, 'a"b"c');
  // value index 4 is "c": raw offset = 3 (content start) + 4 + 2 escapes
  assert.equal(text[cellOffset(cell, 4)], 'c');
  assert.equal(text[cellOffset(cell, 2)], 'b');
});

test('an unclosed quote is reported at the quote, never thrown', () => {
  const text = 'source,destination\n"event_uuid,_id\n';
  const doc = readMappingCsv(text);
  const d = doc.problems.find((p) => p.code === 'map.csv-unclosed-quote');
  assert.ok(d);
  assert.deepEqual(d.range.start, { line: 1, character: 0 });
});

test('a row with the wrong number of cells is reported on that row', () => {
  const doc = readMappingCsv('source,destination\nevent_uuid,_id,extra\nevent_code,eventType\n');
  const d = doc.problems.find((p) => p.code === 'map.csv-column-count');
  assert.ok(d);
  assert.equal(d.range.start.line, 1);
  assert.match(d.message, /3 cells but the header has 2/);
  assert.equal(doc.rows.length, 2, 'the rows are still read');
});

test('a file without a header is reported and read positionally so nothing is lost', () => {
  const doc = readMappingCsv('event_uuid,_id\nevent_code,eventType\n');
  assert.ok(doc.problems.some((p) => p.code === 'map.csv-no-header' && p.range.start.line === 0));
  assert.deepEqual(doc.rows.map((r) => r.destination), ['_id', 'eventType']);
});

test('an empty file is a located "no header" error', () => {
  const doc = readMappingCsv('');
  assert.equal(doc.problems[0].code, 'map.csv-no-header');
  assert.equal(doc.rows.length, 0);
});

test('header variants (§5.5 column names unconfirmed): "Source Field", "Target Field", any case', () => {
  for (const header of ['Source Field,Target Field', 'sourceField,targetField', 'SOURCE,TARGET', 'source field,destination']) {
    const doc = readMappingCsv(`${header}\nevent_uuid,_id\n`);
    assert.equal(doc.problems.length, 0, header);
    assert.equal(doc.rows[0].source, 'event_uuid', header);
    assert.equal(doc.rows[0].destination, '_id', header);
  }
});

test('sourceType is inferred when the column is missing: path → ATTRIBUTE, quoted → STATIC, else EXPRESSION', () => {
  const doc = readMappingCsv('source,destination\nevent_attributes.campaign_id,a\n"""system""",b\n"upper(event_name)",c\n42,d\n${First Name},e\n');
  assert.deepEqual(
    doc.rows.map((r) => [r.sourceType, r.source]),
    [
      ['ATTRIBUTE', 'event_attributes.campaign_id'],
      ['STATIC', 'system'],
      ['EXPRESSION', 'upper(event_name)'],
      ['STATIC', '42'],
      ['ATTRIBUTE', '${First Name}'],
    ],
  );
  assert.ok(doc.rows.every((r) => r.sourceTypeInferred));
});

test('an explicit sourceType wins; CONSTANT is read as STATIC with a warning (§5.4: there is no CONSTANT)', () => {
  const doc = readMappingCsv('sourceType,source,destination\nCONSTANT,system,producedBy\nBOGUS,x,y\n');
  assert.equal(doc.rows[0].sourceType, 'STATIC');
  assert.ok(doc.problems.some((p) => p.code === 'map.source-type-constant' && p.severity === 'warning' && p.fixes?.[0].edits[0].newText === 'STATIC'));
  assert.ok(doc.problems.some((p) => p.code === 'map.source-type-unknown' && p.range.start.line === 2));
});

test('source spans map expression columns to the file through CSV quoting', () => {
  const text = 'sourceType,source,destination\nEXPRESSION,"concat(""a"", b)",x\n';
  const doc = readMappingCsv(text);
  const row = doc.rows[0];
  assert.equal(row.source, 'concat("a", b)');
  const bIndex = row.source.indexOf('b');
  assert.equal(text[spanOffset(row.loc!.source!, bIndex)], 'b');
});

test('a mapping past the row cap stops reading with one located map.too-many-rows error, and writing it back loses no row', () => {
  const rows = Array.from({ length: 8 }, (_, i) => `ATTRIBUTE,event_attributes.k${i},_acme.f${i},row ${i}`);
  const text = `sourceType,source,destination,description\n${rows.join('\n')}\n\n`;
  const doc = readMappingCsv(text, { maxRows: 5 });
  assert.deepEqual(doc.rows.map((r) => r.destination), ['_acme.f0', '_acme.f1', '_acme.f2', '_acme.f3', '_acme.f4']);
  const cap = checkMapping(doc).filter((d) => d.code === 'map.too-many-rows');
  assert.equal(cap.length, 1);
  // Line 7 (0-based 6) is the first unread row; the range covers that line.
  assert.deepEqual(cap[0].range, { start: { line: 6, character: 0 }, end: { line: 6, character: rows[5].length } });
  assert.equal(cap[0].severity, 'error');
  assert.match(cap[0].message, /more than 5 rows.*line 7.*few hundred rows/);
  assert.equal(toMappingCsv(doc), text, 'written back whole: the read rows re-serialised, the unread ones verbatim');
});

test('exactly the row cap, or the cap followed only by blank lines, is not "too many"', () => {
  const text = `source,destination\n${Array.from({ length: 5 }, (_, i) => `a${i},_acme.f${i}`).join('\r\n')}\r\n\r\n  \r\n`;
  const doc = readMappingCsv(text, { maxRows: 5 });
  assert.equal(doc.rows.length, 5);
  assert.ok(!doc.problems.some((p) => p.code === 'map.too-many-rows'));
});

test(`the default cap is ${MAX_MAPPING_ROWS.toLocaleString('en-US')} rows, also for a file without a header row`, () => {
  const body = Array.from({ length: MAX_MAPPING_ROWS + 3 }, (_, i) => `event_attributes.k${i},_acme.f${i}`).join('\n');
  const doc = readMappingCsv(body);
  assert.equal(doc.rows.length, MAX_MAPPING_ROWS);
  const cap = doc.problems.find((p) => p.code === 'map.too-many-rows');
  assert.ok(cap);
  assert.equal(cap.range.start.line, MAX_MAPPING_ROWS, 'the first row past the cap');
  assert.equal(toMappingCsv(doc).endsWith(`event_attributes.k${MAX_MAPPING_ROWS + 2},_acme.f${MAX_MAPPING_ROWS + 2}`), true, 'unread rows are kept verbatim');
});

test('parseCsv with maxRecords returns no cells for the unread rest and says where it stopped', () => {
  const text = 'a,b\nc,d\ne,f\n';
  const r = parseCsv(text, { maxRecords: 2 });
  assert.equal(r.records.length, 2);
  assert.equal(r.stoppedAt, text.indexOf('e,f'));
  assert.equal(parseCsv(text, { maxRecords: 3 }).stoppedAt, undefined);
});
