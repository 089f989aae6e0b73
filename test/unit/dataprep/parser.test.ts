import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileExpression, parseExpression, parseFieldPath, resolveFieldPath } from '../../../src/core/dataprep';
import { errs, ev } from './helpers';

describe('field references (§5.1)', () => {
  test('dot notation is case-sensitive', () => {
    assert.equal(ev('name.firstName', { name: { firstName: 'Ann', firstname: 'x' } }), 'Ann');
  });
  test('${…} wraps names that are not identifiers', () => {
    assert.equal(ev('${First Name}', { 'First Name': 'Bo' }), 'Bo');
  });
  test('escaped dots stay in one key: ${First\\.Name} and address.street\\.name', () => {
    assert.equal(ev('${First\\.Name}', { 'First.Name': 'Cy' }), 'Cy');
    assert.equal(ev('address.street\\.name', { address: { 'street.name': 'Main' } }), 'Main');
  });
  test('${a.b} is the nested path a → b (home.md: ${…} cannot address a key with a raw dot)', () => {
    assert.equal(ev('${a.b}', { a: { b: 1 }, 'a.b': 2 }), 1);
  });
  test('array indexes and unicode names', () => {
    assert.equal(ev('items[1].sku', { items: [{ sku: 'a' }, { sku: 'b' }] }), 'b');
    assert.equal(ev('prénom', { prénom: 'Zoé' }), 'Zoé');
  });
  test('missing fields evaluate to null, never throw', () => {
    assert.equal(ev('a.b.c', { a: 1 }), null);
    assert.equal(ev('items[5]', { items: [] }), null);
  });
  test('fieldRefs lists every source field with its span', () => {
    const c = compileExpression('concat(user.first, " ", ${Last Name})');
    assert.deepEqual(
      c.fieldRefs.map((f) => [f.path, f.text, f.start, f.end]),
      [
        [['user', 'first'], 'user.first', 7, 17],
        [['Last Name'], '${Last Name}', 24, 36],
      ],
    );
    assert.deepEqual(c.calls, [{ name: 'concat', start: 0, end: 37, argCount: 3 }]);
  });
  test('paths never reach the prototype', () => {
    assert.equal(ev('${__proto__}', {}), null);
    assert.equal(ev('constructor', {}), null);
  });
});

describe('reserved words (§5.1)', () => {
  for (const w of ['if', 'new', 'function', '_errors', 'do']) {
    test(`bare '${w}' says to wrap it as \${${w}}`, () => {
      const e = errs(w);
      assert.equal(e[0].code, 'dataprep.reserved-word');
      assert.match(e[0].message, new RegExp(`\\$\\{${w}\\}`));
    });
  }
  test('a function name used as a field is reserved too (current page)', () => {
    assert.equal(errs('upper')[0].code, 'dataprep.reserved-word');
    assert.equal(ev('${upper}', { upper: 'U' }), 'U');
  });
  test('later path segments may be function names (event.date)', () => {
    assert.equal(ev('event.date', { event: { date: 'd' } }), 'd');
  });
});

describe('literals', () => {
  test('double and single quotes are alike, with escapes', () => {
    assert.equal(ev(`'it\\'s' + "a \\"q\\""`), `it's` + 'a "q"');
  });
  test('other backslashes are kept for regexes (JEXL string rules)', () => {
    assert.deepEqual(ev(`explode("a|b", '\\\\|')`), ['a', 'b']);
    assert.deepEqual(ev(`explode("a1b22c", "\\d+")`), ['a', 'b', 'c']);
  });
  test('numbers, booleans, null and arrays', () => {
    assert.deepEqual(ev('[1, 2.5, -3, true, null, "x"]'), [1, 2.5, -3, true, null, 'x']);
  });
});

describe('located syntax errors', () => {
  test('unclosed call names the function and the column it opened at', () => {
    const e = errs('iif(a, concat(b, c, "x")')[0];
    assert.equal(e.code, 'dataprep.expected-token');
    assert.equal(e.message, "Expected ')' to close the call to iif( opened at column 1.");
    assert.equal(e.start, 24);
  });
  test('unclosed inner call', () => {
    const e = errs('upper(concat(a, b)')[0];
    assert.match(e.message, /close the call to upper\( opened at column 1/);
  });
  test('missing comma points at the unexpected token', () => {
    const e = errs('concat(a b)')[0];
    assert.equal(e.start, 9);
    assert.match(e.message, /Expected ',' or '\)' in the call to concat\( opened at column 1, found 'b'/);
  });
  test('unterminated string points at the quote', () => {
    const e = errs('concat("abc, d)')[0];
    assert.equal(e.code, 'dataprep.unterminated-string');
    assert.equal(e.start, 7);
  });
  test('stray closing paren', () => {
    const e = errs('upper(a))')[0];
    assert.equal(e.start, 8);
    assert.match(e.message, /nothing is open/);
  });
  test('single = suggests ==', () => {
    assert.equal(errs('a = 1')[0].code, 'dataprep.assignment');
  });
  test('empty expression', () => {
    assert.equal(errs('')[0].code, 'dataprep.expected-value');
    assert.equal(errs('   ')[0].code, 'dataprep.expected-value');
  });
  test('trailing comma in a call', () => {
    const e = errs('concat(a, )')[0];
    assert.match(e.message, /remove the extra comma/);
    assert.equal(e.start, 10);
  });
  test('unexpected character', () => {
    const e = errs('a # b')[0];
    assert.equal(e.code, 'dataprep.unexpected-character');
    assert.equal(e.start, 2);
  });
});

describe('limits: huge and deep input never overflows the stack', () => {
  test('5,000 nested parentheses give a clear error', () => {
    const text = '('.repeat(5000) + '1' + ')'.repeat(5000);
    const r = parseExpression(text);
    assert.equal(r.ast, null);
    assert.equal(r.errors[0].code, 'dataprep.too-deep');
  });
  test('5,000 nested calls give a clear error', () => {
    const text = 'upper('.repeat(5000) + 'a' + ')'.repeat(5000);
    assert.equal(errs(text)[0].code, 'dataprep.too-deep');
  });
  test('a 10,000-character expression evaluates', () => {
    const terms = Array.from({ length: 1000 }, (_, i) => `"${String(i).padStart(3, '0')}"`);
    const text = `concat(${terms.join(', ')})`.padEnd(10000, ' ');
    assert.ok(text.length >= 10000);
    const out = ev(text) as string;
    assert.equal(out.length, 3000);
    assert.ok(out.startsWith('000001002'));
  });
  test('a 5,000-term chain of + is refused or evaluated, never a crash', () => {
    const text = Array.from({ length: 5000 }, () => '1').join('+');
    const c = compileExpression(text);
    if (c.errors.length) assert.equal(c.errors[0].code, 'dataprep.too-deep');
    else assert.equal(c.evaluate({}), 5000);
  });
  test('deep unary chains', () => {
    assert.equal(errs('!'.repeat(5000) + 'a')[0].code, 'dataprep.too-deep');
  });
});

describe('parseFieldPath / resolveFieldPath (§5.4 path syntax)', () => {
  test('escapes, braces, indexes, wildcard', () => {
    assert.deepEqual(parseFieldPath('a.b\\.c[0]').path, ['a', 'b.c', '0']);
    assert.deepEqual(parseFieldPath('${First Name}.x').path, ['First Name', 'x']);
    assert.deepEqual(parseFieldPath('customerInfo.emails[*].name').path, ['customerInfo', 'emails', '*', 'name']);
  });
  test('errors are located', () => {
    const e = parseFieldPath('a..b').errors[0];
    assert.equal(e.start, 2);
    assert.equal(parseFieldPath('a[x]').errors[0].code, 'dataprep.path-bad-index');
    assert.equal(parseFieldPath('a[0').errors[0].code, 'dataprep.path-unclosed-index');
    assert.equal(parseFieldPath('').errors[0].code, 'dataprep.empty-path');
  });
  test('wildcard maps over every element', () => {
    const rec = { emails: [{ name: 'a' }, { name: 'b' }, {}] };
    assert.deepEqual(resolveFieldPath(rec, ['emails', '*', 'name']), ['a', 'b', undefined]);
  });
  test('absent is undefined, explicit null is null', () => {
    assert.equal(resolveFieldPath({ a: null }, ['a']), null);
    assert.equal(resolveFieldPath({}, ['a']), undefined);
  });
});

describe('lambdas parse (destination-only filterArray/transformArray, §5.2 †)', () => {
  test('x -> expr parses and the function is reported as unavailable, not unknown', () => {
    const r = parseExpression('filterArray(items, x -> x.price > 10)');
    assert.equal(r.errors.length, 0);
    const e = errs('filterArray(items, x -> x.price > 10)');
    assert.equal(e[0].code, 'dataprep.unavailable-function');
    assert.deepEqual(compileExpression('filterArray(items, x -> x.price > 10)').fieldRefs.map((f) => f.text), ['items']);
  });
});

describe('property: the parser never throws', () => {
  test('random strings (fixed seed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseExpression(s);
        assert.ok(r.ast !== null || r.errors.length > 0);
        compileExpression(s);
      }),
      { seed: 42, numRuns: 400 },
    );
  });
  test('random strings from the expression alphabet (fixed seed)', () => {
    const alphabet = fc.constantFrom(...'()[]{},.?:+-*/%!~<>=&|^"\'\\$ abxyz019_'.split(''), 'concat', 'iif', '->', 'eq', 'null', '${', 'not');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const s = parts.join('');
        const r = parseExpression(s);
        for (const e of r.errors) assert.ok(e.start >= 0 && e.end <= s.length && e.start <= e.end, `bad span for ${s}`);
        const c = compileExpression(s);
        if (c.errors.length === 0) {
          try {
            c.evaluate({ a: 1, b: 'x' });
          } catch (e) {
            assert.equal((e as Error).name, 'DataPrepEvalError');
          }
        }
      }),
      { seed: 7, numRuns: 600 },
    );
  });
});
