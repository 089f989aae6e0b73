import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readMappingDocument } from '../../../src/core/mapping';
import { transformTimeoutReport } from '../../../src/core/worker/timeoutReport';
import { SLOW_EXPRESSION, mappingCsv } from './helpers';

const doc = readMappingDocument(mappingCsv(SLOW_EXPRESSION), 'slow.mapping.csv');

test('a timeout with a known row lands on that row’s source cell and names its regex function and the fix', () => {
  const { diagnostic, summary } = transformTimeoutReport(doc, { budgetMs: 5000, row: 1, event: 2 }, { severalEvents: true });
  assert.equal(diagnostic.code, 'map.transform-timeout');
  // Row 1 is line 2 of the CSV (after the header and row 0); the source cell starts after "EXPRESSION,".
  assert.deepEqual(diagnostic.range.start, { line: 2, character: 'EXPRESSION,'.length });
  assert.match(summary, /^mapping row 2 \(_acmemoe\.eventName\) on event 3 was still running after 5 s: it calls matches_regex/);
  assert.match(diagnostic.message, /Rewrite the pattern .*next edit/);
});

test('a timeout before any row ran points at the rows that use regexes, or says the input is too big', () => {
  const r = transformTimeoutReport(doc, { budgetMs: 2500 });
  assert.match(r.summary, /did not finish within 2\.5 s; rows using regular expressions: 2$/);
  assert.equal(r.diagnostic.range.start.line, 2);
  const plain = readMappingDocument('sourceType,source,destination\nATTRIBUTE,event_uuid,_id\n', 'plain.mapping.csv');
  const p = transformTimeoutReport(plain, { budgetMs: 5000 });
  assert.match(p.diagnostic.message, /payload or schema may be too large.*smaller payload/);
  assert.equal(p.diagnostic.range.start.line, 1);
});

test('a row that is not a regex gets advice about input size, not about patterns', () => {
  const r = transformTimeoutReport(doc, { budgetMs: 5000, row: 0 });
  assert.doesNotMatch(r.diagnostic.message, /regular expression/);
  assert.match(r.diagnostic.message, /grows with the input/);
});
