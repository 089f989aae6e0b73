import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileExpression, DataPrepEvalError, functionCatalog, toXdmValue } from '../../../src/core/dataprep';

// Bad input gets a clear, located error and nothing else: every function, fed arguments of every
// type, either returns a value that can be written as JSON or throws DataPrepEvalError.
const literal = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('""', '"2019-10-23"', '"https://a.com:8080/p?q=1#f"', '"a:1,b:2"', '"yes"', '"{\\"k\\":1}"', '"UTC"', '"yyyy-MM-dd"', '"day"', '"😀é"'),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('0', '-1', '1e300', '0.5', '1571829875000', '9999999999999999'),
  fc.constantFrom('true', 'false', 'null', '[]', '[1, "a", null]', 'obj', 'arr', 'missing', 'now()', 'date("2019-10-23")'),
);
const record = { obj: { a: 1, b: 'x' }, arr: [1, 2, 3] };

describe('property: no function crashes on any argument types', () => {
  const names = [...functionCatalog].filter(([k, i]) => k === i.name && i.availability === 'available').map(([k]) => k);
  test(`${names.length} functions x random arguments (fixed seed)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(literal, { maxLength: 6 }), (name, args) => {
        const info = functionCatalog.get(name)!;
        const n = Math.max(info.minArgs, Math.min(args.length, info.maxArgs === Infinity ? 6 : info.maxArgs));
        const padded = Array.from({ length: n }, (_, i) => args[i] ?? 'null');
        const text = `${name}(${padded.join(', ')})`;
        const c = compileExpression(text);
        if (c.errors.length) return; // static errors (odd pair counts, literal unsafe regexes) are fine
        try {
          const v = c.evaluate(record, { now: () => new Date(0), uuid: () => 'u' });
          JSON.stringify(toXdmValue(v));
        } catch (e) {
          assert.ok(e instanceof DataPrepEvalError, `${text} threw ${(e as Error).name}: ${(e as Error).message}`);
          assert.ok(e.start >= 0 && e.end <= text.length && e.start < e.end, `${text}: bad error span ${e.start}-${e.end}`);
          assert.ok(e.message.length > 10);
        }
      }),
      { seed: 1234, numRuns: 3000 },
    );
  });
});
