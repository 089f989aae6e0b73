import { compareValues, FnError, isNull, isPlainObject, parseBoolWord, toBool, typeName, valuesEqual } from '../values';
import { fn, type FunctionDef } from './types';

const A = 'Arrays';

/** first/last/min/max accept either one array or several values. */
function items(a: unknown[]): unknown[] {
  return a.length === 1 && Array.isArray(a[0]) ? a[0] : a;
}

export const arrayFunctions: FunctionDef[] = [
  fn('coalesce', A, [1, Infinity], ['coalesce(VALUE_1, VALUE_2, …)'], 'Any', 'The first argument that is not null.', undefined, {
    lazy: (args, rec, rt) => {
      for (let i = 0; i < args.length; i++) {
        const v = args[i](rec, rt);
        if (!isNull(v)) return v;
      }
      return null;
    },
    example: 'coalesce(null, null, null, "first", null, "second") → "first"',
  }),
  fn('first', A, [1, Infinity], ['first(ARRAY)', 'first(VALUE_1, VALUE_2, …)'], 'Any', 'The first element of an array (or the first argument).', (a) => {
    const xs = items(a);
    return xs.length ? (xs[0] ?? null) : null;
  }),
  fn('last', A, [1, Infinity], ['last(ARRAY)', 'last(VALUE_1, VALUE_2, …)'], 'Any', 'The last element of an array (or the last argument).', (a) => {
    const xs = items(a);
    return xs.length ? (xs[xs.length - 1] ?? null) : null;
  }),
  fn('add_to_array', A, [1, Infinity], ['add_to_array(ARRAY, VALUES…)'], 'Any[]', 'A copy of ARRAY with the values appended.', (a) => {
    const base = isNull(a[0]) ? [] : Array.isArray(a[0]) ? a[0].slice() : [a[0]];
    for (let i = 1; i < a.length; i++) base.push(a[i] ?? null);
    return base;
  }, { example: "add_to_array(['a','b'], 'c', 'd') → [\"a\",\"b\",\"c\",\"d\"]" }),
  fn('join_arrays', A, [1, Infinity], ['join_arrays(ARRAY, ARRAYS…)'], 'Any[]', 'Concatenates arrays (a non-array argument is added as one element; null is skipped).', (a) => {
    const out: unknown[] = [];
    for (const v of a) {
      if (isNull(v)) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  }),
  fn('to_array', A, [1, Infinity], ['to_array(INCLUDE_NULLS, VALUES…)'], 'Any[]', 'An array of the values; nulls are kept only when INCLUDE_NULLS is true.', (a) => {
    const include = parseBoolWord(a[0]);
    if (include === null) throw new FnError(`to_array: INCLUDE_NULLS must be true or false, got ${typeName(a[0])}`);
    const out: unknown[] = [];
    for (let i = 1; i < a.length; i++) {
      const v = a[i] ?? null;
      if (v !== null || include) out.push(v);
    }
    return out;
  }, { example: 'to_array(false, 1, null, 2, 3) → [1,2,3]' }),
  fn('size_of', A, [1, 1], ['size_of(INPUT)'], 'Integer', 'Number of elements of an array, keys of an object, or characters of a string; 0 for null.', (a) => {
    const v = a[0];
    if (isNull(v)) return 0;
    if (Array.isArray(v) || typeof v === 'string') return v.length;
    if (v instanceof Map) return v.size;
    if (isPlainObject(v)) return Object.keys(v).length;
    return 1;
  }),
];

export const logicalFunctions: FunctionDef[] = [
  fn('decode', 'Logical', [3, Infinity], ['decode(KEY, K1, V1, K2, V2, …)', 'decode(KEY, K1, V1, K2, V2, …, DEFAULT)'], 'Any',
    'The value paired with the first key equal to KEY; otherwise the trailing DEFAULT (when the argument count is even), else null.', undefined, {
      lazy: (args, rec, rt) => {
        const key = args[0](rec, rt);
        const hasDefault = args.length % 2 === 0;
        const end = hasDefault ? args.length - 1 : args.length;
        for (let i = 1; i + 1 < end; i += 2) {
          if (valuesEqual(key, args[i](rec, rt))) return args[i + 1](rec, rt);
        }
        return hasDefault ? args[args.length - 1](rec, rt) : null;
      },
      example: 'decode(stateCode, "ca", "California", "pa", "Pennsylvania", "N/A")',
    }),
  fn('iif', 'Logical', [3, 3], ['iif(EXPRESSION, TRUE_VALUE, FALSE_VALUE)'], 'Any', 'TRUE_VALUE when EXPRESSION is true (strings coerce per the boolean rules), otherwise FALSE_VALUE. Only the chosen branch is evaluated.', undefined, {
    lazy: (args, rec, rt) => (toBool(args[0](rec, rt)) ? args[1](rec, rt) : args[2](rec, rt)),
    example: 'iif("s".equalsIgnoreCase("S"), "True", "False") → "True"',
  }),
];


function aggregate(name: string, sign: 1 | -1) {
  return (a: unknown[]): unknown => {
    let best: unknown = null;
    for (const v of items(a)) {
      if (isNull(v)) continue;
      if (best === null || sign * compareValues(v, best, name) < 0) best = v;
    }
    return best;
  };
}

export const aggregationFunctions: FunctionDef[] = [
  fn('min', 'Aggregation', [1, Infinity], ['min(VALUE_1, VALUE_2, …)', 'min(ARRAY)'], 'Any', 'The smallest value by natural ordering (nulls ignored).', aggregate('min', 1)),
  fn('max', 'Aggregation', [1, Infinity], ['max(VALUE_1, VALUE_2, …)', 'max(ARRAY)'], 'Any', 'The largest value by natural ordering (nulls ignored).', aggregate('max', -1)),
];
