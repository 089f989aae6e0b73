import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findSyntaxProblem } from '../../../src/core/json/syntax';
import { LineIndex } from '../../../src/core/text/lineIndex';

function problemAt(text: string) {
  const p = findSyntaxProblem(text);
  assert.ok(p, 'expected a syntax problem');
  const pos = new LineIndex(text).positionAt(p.offset);
  return { ...p, line: pos.line + 1, col: pos.character + 1 };
}

test('valid JSON (escapes, unicode, nested arrays, CRLF, BOM) has no problem', () => {
  const texts = [
    '{"a":"q\\"uote \\\\ back \\u00e9 \\n","b":[[1,[2,[3]]],{"c":null}]}',
    '\ufeff{\r\n  "emoji": "😀 ü",\r\n  "n": -1.5e+10\r\n}\r\n',
    '[]',
    '  "just a string"  ',
  ];
  for (const t of texts) {
    assert.equal(findSyntaxProblem(t), undefined, t);
    assert.doesNotThrow(() => JSON.parse(t.replace(/^\ufeff/, '')));
  }
});

test('missing comma between members names the exact line and column and what to type', () => {
  const text = '{\n  "a": 1\n  "b": 2\n}';
  const p = problemAt(text);
  assert.equal(p.line, 3);
  assert.equal(p.col, 3);
  assert.match(p.message, /Expected ',' or '}' after property value/);
});

test('trailing comma points at the comma itself', () => {
  const text = '{"events": [1, 2,]}';
  const p = problemAt(text);
  assert.equal(p.offset, text.indexOf(',]'));
  assert.match(p.message, /Trailing comma/);
});

test('unterminated string points at its opening quote', () => {
  const text = '{"a": "never closed}';
  const p = problemAt(text);
  assert.equal(p.offset, text.indexOf('"never'));
  assert.match(p.message, /Unterminated string/);
});

test('single quotes, comments, bad escapes, raw control characters and bare words are named', () => {
  assert.match(problemAt("{'a': 1}").message, /double quotes/);
  assert.match(problemAt('{"a": 1 // note\n}').message, /Comments are not allowed|Expected ','/);
  assert.match(problemAt('// note\n{"a": 1}').message, /Comments are not allowed/);
  assert.match(problemAt('{"a": "x\\qy"}').message, /Invalid escape/);
  assert.match(problemAt('{"a": "x\ty"}').message, /control character/);
  assert.match(problemAt('{"a": MOENGAGE}').message, /Unexpected word 'MOENGAGE'/);
  assert.match(problemAt('{"a": 01}').message, /Invalid number/);
});

test('end of input and content after the value are reported', () => {
  assert.match(problemAt('{"a": ').message, /end of the file/);
  const two = '{"a":1}\n{"b":2}';
  const p = problemAt(two);
  assert.equal(p.line, 2);
  assert.match(p.message, /ndjson/);
});

test('a line of NDJSON can be checked in place with its own end label', () => {
  const text = '{"a":1}\n{"b":\n{"c":3}';
  const p = findSyntaxProblem(text, 8, 13, 'the end of the line');
  assert.ok(p);
  assert.match(p.message, /end of the line/);
});
