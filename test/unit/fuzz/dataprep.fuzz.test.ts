/**
 * Data Prep expressions (aep-streaming-and-dataprep.md §5.1 syntax, §5.2 functions): the parser
 * never throws and locates its single error inside the text; compiled expressions evaluated
 * against random MoEngage-like records either return a value or throw DataPrepEvalError —
 * Data Prep sets the attribute to null on such errors (§5.1 "Error semantics"), so anything
 * else escaping would drop the whole row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseExpression } from '../../../src/core/dataprep/parser';
import { DataPrepEvalError, type CompiledExpression, type EvalContext } from '../../../src/core/dataprep/types';
import { readMappingCsv } from '../../../src/core/mapping/readCsv';
import { fuzz, fc, mutatedText, typedOrValue } from './harness';

const csv = fs.readFileSync(path.join(__dirname, '../../../examples/mapping/moengage-default.mapping.csv'), 'utf8');
const realExpressions = readMappingCsv(csv).rows.filter((r) => r.sourceType === 'EXPRESSION').map((r) => r.source);

// Function names from the catalog when it loads; a fixed §5.2 sample otherwise.
let functionNames = ['concat', 'iif', 'lower', 'upper', 'trim', 'substr', 'split', 'coalesce', 'decode', 'dformat', 'now', 'to_integer', 'size_of', 'is_empty', 'sha256', 'replacestr', 'explode', 'get_values', 'to_object', 'date'];
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cat = require('../../../src/core/dataprep/functions/catalog') as { functionCatalog: ReadonlyMap<string, unknown> };
  functionNames = [...cat.functionCatalog.keys()];
} catch {
  /* catalog not there yet: keep the sample */
}

// Deliberately includes reserved words, `${…}` with escapes and JEXL operators from §5.1.
const ident = fc.constantFrom('event_code', 'event_time', 'time', 'uid', 'email_id', 'event_attributes.campaign_id', '${First Name}', '${a\\.b}', 'user_attributes.x', 'events[0].event_code', 'new', 'size', 'empty', 'a.b.c', '_x');
const literal = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/['\\]/g, '')}'`),
  fc.integer({ min: -1e6, max: 1e12 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
  fc.constantFrom('true', 'false', 'null', '[1, 2, 3]', "['a','b']", '"yyyy-MM-dd\'T\'HH:mm:ssX"', '"\\\\|"', '"(a+)+$"'),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ident,
    literal,
    fc.tuple(fc.constantFrom(...functionNames), fc.array(tie('expr'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', ' eq ', ' and ', ' or ', ' mod ', ' div ', '=~'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom('!', '-', '~', 'not '), tie('expr')).map(([op, a]) => `${op}${a}`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    tie('expr').map((a) => `(${a})`),
    fc.tuple(tie('expr'), fc.constantFrom('equals', 'equalsIgnoreCase', 'length', 'toUpperCase')).map(([a, m]) => `${a}.${m}("x")`),
  ),
}));
const exprText = mutatedText(fc.oneof(expr, fc.constantFrom(...realExpressions)));

test('fuzz: parseExpression never throws and its error range lies inside the expression', () => {
  fuzz('dataprep.parse', exprText, (text) => {
    const r = typedOrValue(() => parseExpression(text), text);
    if (!r) return;
    assert.ok(r.ast !== null || r.errors.length > 0, `no AST and no error for ${JSON.stringify(text)}`);
    for (const e of r.errors) {
      assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end, `error ${e.code} at ${e.start}-${e.end} outside ${JSON.stringify(text)}`);
      assert.ok(e.message.length > 0 && e.code.length > 0);
    }
  }, 300);
});

test('fuzz: deeply nested expressions get a located error, not a stack overflow', () => {
  fuzz('dataprep.nesting', fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('(', 'concat(', '[', '-', '!')), ([n, open]) => {
    const close = open === '(' || open === 'concat(' ? ')' : open === '[' ? ']' : '';
    const text = open.repeat(n) + '1' + close.repeat(n);
    const r = typedOrValue(() => parseExpression(text), text.slice(0, 40));
    if (r && r.ast === null) assert.ok(r.errors[0].end <= text.length);
  }, 20);
});

// MoEngage-like records (moengage-streams.md §1.5) with hostile values: wrong types, huge numbers, NaN-ish strings.
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const record = fc.record({
  event_code: fc.oneof(fc.constantFrom('MOE_EMAIL_SENT', 'NOTIFICATION_CLICKED_MOE'), anyValue),
  event_time: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), anyValue),
  time: anyValue,
  uid: anyValue,
  event_attributes: anyValue,
  user_attributes: fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 3 }),
  'First Name': anyValue,
});

type Compile = (text: string) => CompiledExpression;
let compile: Compile | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  compile = (require('../../../src/core/dataprep/compile') as { compileExpression: Compile }).compileExpression;
} catch {
  compile = undefined;
}

test('fuzz: compiled expressions evaluate or throw DataPrepEvalError, never anything else (§5.1 error semantics)', { skip: compile ? false : 'src/core/dataprep/compile.ts is not in the tree yet' }, () => {
  const ctx: EvalContext = { now: () => new Date('2026-01-01T00:00:00Z'), uuid: () => '00000000-0000-4000-8000-000000000000', timeZone: 'UTC' };
  const cache = new Map<string, CompiledExpression>();
  fuzz('dataprep.eval', fc.tuple(fc.oneof(expr, fc.constantFrom(...realExpressions)), record), ([text, rec]) => {
    let c = cache.get(text);
    if (!c) {
      c = typedOrValue(() => compile!(text), text, [DataPrepEvalError]);
      if (!c) return;
      cache.set(text, c);
    }
    if (c.errors.length) return;
    const input = { text, rec };
    typedOrValue(() => c!.evaluate(rec, ctx), input, [DataPrepEvalError]);
  }, 300);
});

test('the default MoEngage mapping expressions all parse (examples/mapping)', () => {
  // A regression guard for the generators above: real-world expressions must be accepted.
  for (const e of realExpressions) assert.deepEqual(parseExpression(e).errors, [], e);
});
