import { FnError, isNull, isPlainObject, toInt, toStr, typeName, valuesEqual } from './values';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Java-style methods callable as `value.method(…)`. Only equals/equalsIgnoreCase (§5.1) and
 * Map.get (§5.2 str_to_object) are documented; the rest are the java.lang.String/Map methods
 * JEXL exposes, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE].
 */
export interface MethodDef {
  min: number;
  max: number;
  documented: boolean;
  call: (target: unknown, args: unknown[]) => unknown;
}

function str(name: string, t: unknown): string {
  if (typeof t === 'string') return t;
  if (isNull(t)) throw new FnError(`cannot call .${name}() on null; guard it with iif(x != null, …) or coalesce`, 'dataprep.null-target');
  return toStr(t);
}

function lookup(t: unknown, k: unknown): unknown {
  if (isNull(t)) throw new FnError('cannot call .get() on null', 'dataprep.null-target');
  if (Array.isArray(t)) return t[toInt(k, '.get() index')] ?? null;
  if (t instanceof Map) return t.get(k) ?? null;
  if (isPlainObject(t)) {
    const key = toStr(k);
    return hasOwn.call(t, key) ? t[key] : null;
  }
  throw new FnError(`.get() needs a map, object or array, got ${typeName(t)}`);
}

function size(t: unknown): number {
  if (typeof t === 'string' || Array.isArray(t)) return t.length;
  if (isPlainObject(t)) return Object.keys(t).length;
  if (isNull(t)) throw new FnError('cannot take the size of null', 'dataprep.null-target');
  throw new FnError(`${typeName(t)} has no size`);
}

export const METHODS: Readonly<Record<string, MethodDef>> = {
  equals: { min: 1, max: 1, documented: true, call: (t, a) => {
    if (isNull(t)) throw new FnError('cannot call .equals() on null; compare with == instead', 'dataprep.null-target');
    return typeof t === typeof a[0] ? valuesEqual(t, a[0]) : false;
  } },
  equalsIgnoreCase: { min: 1, max: 1, documented: true, call: (t, a) => (isNull(a[0]) ? false : str('equalsIgnoreCase', t).toLowerCase() === toStr(a[0]).toLowerCase()) },
  get: { min: 1, max: 1, documented: true, call: (t, a) => lookup(t, a[0]) },
  containsKey: { min: 1, max: 1, documented: false, call: (t, a) => (isPlainObject(t) ? hasOwn.call(t, toStr(a[0])) : false) },
  isEmpty: { min: 0, max: 0, documented: false, call: (t) => size(t) === 0 },
  length: { min: 0, max: 0, documented: false, call: (t) => str('length', t).length },
  size: { min: 0, max: 0, documented: false, call: (t) => size(t) },
  toUpperCase: { min: 0, max: 0, documented: false, call: (t) => str('toUpperCase', t).toUpperCase() },
  toLowerCase: { min: 0, max: 0, documented: false, call: (t) => str('toLowerCase', t).toLowerCase() },
  trim: { min: 0, max: 0, documented: false, call: (t) => str('trim', t).trim() },
  contains: { min: 1, max: 1, documented: false, call: (t, a) => str('contains', t).includes(toStr(a[0])) },
  startsWith: { min: 1, max: 1, documented: false, call: (t, a) => str('startsWith', t).startsWith(toStr(a[0])) },
  endsWith: { min: 1, max: 1, documented: false, call: (t, a) => str('endsWith', t).endsWith(toStr(a[0])) },
  indexOf: { min: 1, max: 1, documented: false, call: (t, a) => str('indexOf', t).indexOf(toStr(a[0])) },
  substring: { min: 1, max: 2, documented: false, call: (t, a) => {
    const s = str('substring', t);
    const b = toInt(a[0], '.substring() begin');
    const e = a.length > 1 ? toInt(a[1], '.substring() end') : s.length;
    if (b < 0 || e > s.length || b > e) throw new FnError(`.substring(${b}, ${e}) is out of range for a string of length ${s.length}`);
    return s.slice(b, e);
  } },
  replace: { min: 2, max: 2, documented: false, call: (t, a) => str('replace', t).split(toStr(a[0])).join(toStr(a[1])) },
  concat: { min: 1, max: 1, documented: false, call: (t, a) => str('concat', t) + toStr(a[0]) },
  toString: { min: 0, max: 0, documented: false, call: (t) => (isNull(t) ? null : toStr(t)) },
};
