import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, DataPrepEvalError, functionCatalog, toXdmValue } from '../../../src/core/dataprep';
import { errs, ev, evalError } from './helpers';

describe('documented operators (§5.1: + / ~ unary - ! not)', () => {
  test('+ adds numbers and concatenates when either side is text (JEXL)', () => {
    assert.equal(ev('1 + 2'), 3);
    assert.equal(ev('"a" + 1'), 'a1');
    assert.equal(ev('given + " " + family', { given: 'A', family: 'B' }), 'A B');
  });
  test('/ divides; integer operands truncate as JEXL does, a decimal literal keeps the fraction', () => {
    assert.equal(ev('7 / 2'), 3);
    assert.equal(ev('7 / 2.0'), 3.5);
    assert.equal(ev('x / 4', { x: 10.5 }), 2.625);
    assert.equal(evalError('1 / 0').code, 'dataprep.division-by-zero');
  });
  test('~ complement, unary -, ! and not', () => {
    assert.equal(ev('~5'), -6);
    assert.equal(ev('-x', { x: 3 }), -3);
    assert.equal(ev('!true'), false);
    assert.equal(ev('not "no"'), true);
  });
});

describe('JEXL operators, inferred (§5.1 [INFERENCE])', () => {
  test('arithmetic and precedence', () => {
    assert.equal(ev('1 + 2 * 3 - 4 % 3'), 6);
    assert.equal(ev('(1 + 2) * 3'), 9);
    assert.equal(ev('10 div 3 + 10 mod 3'), 4);
    assert.equal(ev('time * 1000', { time: '15' }), 15000);
  });
  test('comparison and word forms', () => {
    assert.deepEqual(
      ['1 < 2', '2 <= 2', '3 > 4', '3 >= 4', '1 == 1', '1 != 1', '1 lt 2', '2 ge 3', '"a" eq "a"', '"a" ne "b"', 'x == null', 'y == null'].map((e) => ev(e, { y: 1 })),
      [true, true, false, false, true, false, true, false, true, true, true, false],
    );
  });
  test('&& || and or short-circuit', () => {
    assert.equal(ev('true && false'), false);
    assert.equal(ev('false or "yes"'), true);
    assert.equal(ev('true || to_integer("x")'), true);
  });
  test('ternary and elvis', () => {
    assert.equal(ev('x > 1 ? "big" : "small"', { x: 5 }), 'big');
    assert.equal(ev('x ?: "fallback"', {}), 'fallback');
    assert.equal(ev('x ?: "fallback"', { x: 'v' }), 'v');
  });
  test('=~ regex (whole match) and membership; !~', () => {
    assert.equal(ev('code =~ "MOE_.*"', { code: 'MOE_EMAIL_SENT' }), true);
    assert.equal(ev('code =~ ["a", "b"]', { code: 'b' }), true);
    assert.equal(ev('code !~ "MOE_.*"', { code: 'X' }), true);
  });
  test('empty / size', () => {
    assert.equal(ev('empty(x)'), true);
    assert.equal(ev('size(xs)', { xs: [1, 2] }), 2);
    assert.equal(ev('empty xs', { xs: [1] }), false);
  });
  test('null in arithmetic is a located transformation error (attribute becomes null in AEP, §5.1)', () => {
    const e = evalError('concat("n=", n * 2)');
    assert.equal(e.code, 'dataprep.null-operand');
    assert.equal(e.start, 13);
    assert.equal(e.end, 18);
  });
});

describe('static errors', () => {
  test('unknown function suggests the closest name', () => {
    const e = errs('concatt("a")')[0];
    assert.equal(e.code, 'dataprep.unknown-function');
    assert.match(e.message, /did you mean concat\(\)/);
    assert.deepEqual([e.start, e.end], [0, 7]);
  });
  test('wrong arity names the signatures', () => {
    const e = errs('substr("abc")')[0];
    assert.equal(e.code, 'dataprep.wrong-arity');
    assert.match(e.message, /substr\(INPUT, START_INDEX, LENGTH\)/);
    assert.equal(errs('iif(a, b)')[0].code, 'dataprep.wrong-arity');
    assert.equal(errs('now(1)')[0].code, 'dataprep.wrong-arity');
  });
  test('unknown method is reported at the method name', () => {
    const e = errs('x.frobnicate()')[0];
    assert.equal(e.code, 'dataprep.unknown-method');
    assert.deepEqual([e.start, e.end], [2, 12]);
  });
  test('several static errors are all reported', () => {
    assert.equal(errs('concat(uper(a), lowr(b))').length, 2);
  });
  test('evaluate() on an invalid expression throws DataPrepEvalError with the first error', () => {
    const c = compileExpression('uper(a)');
    assert.throws(() => c.evaluate({}), (e: unknown) => e instanceof DataPrepEvalError && e.code === 'dataprep.unknown-function');
  });
});

describe('compilation cache and context', () => {
  test('the same text compiles once', () => {
    assert.equal(compileExpression('upper(a) + "x"'), compileExpression('upper(a) + "x"'));
  });
  test('one compiled expression evaluates many records independently', () => {
    const c = compileExpression('concat(upper(a), "-", lower(b))');
    assert.deepEqual([c.evaluate({ a: 'x', b: 'Y' }), c.evaluate({ a: 'p', b: 'Q' })], ['X-y', 'P-q']);
  });
  test('a failing row does not affect the next one', () => {
    const c = compileExpression('to_integer(v) + 1');
    assert.throws(() => c.evaluate({ v: 'x' }));
    assert.equal(c.evaluate({ v: '2' }), 3);
  });
  test('ctx.now is honoured and can change between calls', () => {
    const c = compileExpression('timestamp()');
    assert.equal(c.evaluate({}, { now: () => new Date(5) }), 5);
    assert.equal(c.evaluate({}, { now: () => new Date(7) }), 7);
  });
});

describe('functionCatalog', () => {
  test('covers every §5.2 family with signatures and a reference', () => {
    for (const name of ['concat', 'explode', 'instr', 'sha256', 'crc32', 'get_url_query_str', 'dformat', 'date', 'date_part', 'make_date_time', 'to_object', 'str_to_object', 'get_values', 'map_get_values', 'coalesce', 'to_array', 'decode', 'iif', 'min', 'to_bigint', 'json_to_object', 'uuid', 'fpid_to_ecid', 'ua_device_class', 'aa_get_event_id', 'filterArray']) {
      const info = functionCatalog.get(name);
      assert.ok(info, name);
      assert.ok(info.signatures.length > 0 && info.reference.includes('§5'), name);
    }
  });
  test('aliases resolve to the canonical entry', () => {
    assert.equal(functionCatalog.get('lcase')?.name, 'lower');
    assert.equal(functionCatalog.get('make_timestamp')?.name, 'make_date_time');
    assert.equal(functionCatalog.get('arrays_to_objects')?.name, 'arrays_to_object');
    assert.equal(functionCatalog.get('guid')?.name, 'uuid');
  });
  test('availability marks the functions that do not run in streaming source mappings', () => {
    assert.equal(functionCatalog.get('transformArray')?.availability, 'destination-only');
    assert.equal(functionCatalog.get('aa_get_product_evars')?.availability, 'analytics-only');
    assert.equal(functionCatalog.get('upsert_array_replace')?.availability, 'profile-update-only');
    assert.equal(functionCatalog.get('dformat')?.availability, 'available');
  });
});

describe('toXdmValue', () => {
  test('dates → ISO strings, non-finite → null, nested structures converted', () => {
    const v = compileExpression('to_object("d", date("2019-10-23"), "n", [1, null])').evaluate({});
    assert.deepEqual(toXdmValue(v), { d: '2019-10-23T00:00:00Z', n: [1, null] });
    assert.equal(toXdmValue(NaN), null);
    assert.equal(toXdmValue(undefined), null);
  });
});
