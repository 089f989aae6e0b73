import { FnError, isNull, isPlainObject, newObject, setKey, toStr, typeName } from '../values';
import { fn, type FunctionDef } from './types';

const hasOwn = Object.prototype.hasOwnProperty;
const even = (what: string) => (n: number): string | null => (n % 2 === 0 ? null : `${what} takes key/value pairs, so it needs an even number of arguments (got ${n})`);

function splitKeyValues(s: string, valueDelim: string, fieldDelim: string): Record<string, unknown> {
  const out = newObject();
  for (const field of s.split(fieldDelim)) {
    const at = field.indexOf(valueDelim);
    const key = (at < 0 ? field : field.slice(0, at)).trim();
    if (!key) continue;
    setKey(out, key, at < 0 ? null : field.slice(at + valueDelim.length).trim());
  }
  return out;
}

function delim(v: unknown, dflt: string): string {
  return isNull(v) || toStr(v) === '' ? dflt : toStr(v);
}

function asObject(v: unknown, what: string): Record<string, unknown> | null {
  if (isNull(v)) return null;
  if (v instanceof Map) return Object.fromEntries(v) as Record<string, unknown>;
  if (isPlainObject(v)) return v;
  throw new FnError(`${what} must be an object/map, got ${typeName(v)}`);
}

function pairs(a: unknown[], what: string): Record<string, unknown> {
  if (a.length % 2 !== 0) throw new FnError(`${what} takes key/value pairs; the last key has no value`);
  const out = newObject();
  for (let i = 0; i < a.length; i += 2) {
    if (isNull(a[i])) throw new FnError(`${what}: key ${i / 2 + 1} is null`);
    setKey(out, toStr(a[i]), a[i + 1] === undefined ? null : a[i + 1]);
  }
  return out;
}

function keyedBy(arr: unknown, key: unknown, what: string): Record<string, unknown> {
  if (!Array.isArray(arr)) throw new FnError(`${what}: expected an array of objects, got ${typeName(arr)}`);
  const k = toStr(key);
  const out = newObject();
  for (const el of arr) {
    if (!isPlainObject(el)) continue;
    const kv = el[k];
    if (isNull(kv)) continue;
    const ks = toStr(kv);
    if (!hasOwn.call(out, ks)) setKey(out, ks, el);
  }
  return out;
}

const O = 'Objects';
const M = 'Maps';
const MAP_REF = 'aep-streaming-and-dataprep.md §5.2 † (German functions.md)';

export const objectFunctions: FunctionDef[] = [
  fn('is_empty', O, [1, 1], ['is_empty(INPUT)'], 'Boolean', 'True for null, "", [] and {}.', (a) => {
    const v = a[0];
    if (isNull(v)) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (v instanceof Map) return v.size === 0;
    if (isPlainObject(v)) return Object.keys(v).length === 0;
    return false;
  }),
  fn('arrays_to_object', O, [2, Infinity], ["arrays_to_object('KEY1', ARRAY1, 'KEY2', ARRAY2, …)"], 'Object[]', 'Zips key/array pairs into a list of objects: element i of every array goes into object i (missing elements are null).', (a) => {
    if (a.length % 2 !== 0) throw new FnError('arrays_to_object takes key/array pairs; the last key has no array');
    let len = 0;
    for (let i = 1; i < a.length; i += 2) {
      if (!isNull(a[i]) && !Array.isArray(a[i])) throw new FnError(`arrays_to_object: the value for "${toStr(a[i - 1])}" must be an array, got ${typeName(a[i])}`);
      len = Math.max(len, (a[i] as unknown[] | null)?.length ?? 0);
    }
    const out: Record<string, unknown>[] = [];
    for (let j = 0; j < len; j++) {
      const o = newObject();
      for (let i = 0; i < a.length; i += 2) setKey(o, toStr(a[i]), (a[i + 1] as unknown[] | null)?.[j] ?? null);
      out.push(o);
    }
    return out;
  }, { aliases: ['arrays_to_objects'], checkArgCount: even('arrays_to_object'), example: "arrays_to_objects('sku', explode(\"id1|id2\", '\\\\|'), 'price', [22.5, 14.35])" }),
  fn('to_object', O, [2, Infinity], ['to_object("k1", v1, "k2", v2, …)'], 'Object', 'Builds an object from flat key/value pairs.', (a) => pairs(a, 'to_object'), { checkArgCount: even('to_object') }),
  fn('str_to_object', O, [1, 3], ['str_to_object(STRING)', 'str_to_object(STRING, VALUE_DELIMITER)', 'str_to_object(STRING, VALUE_DELIMITER, FIELD_DELIMITER)'], 'Map',
    'Parses "k1:v1,k2:v2" (delimiters default to ":" and ",", taken literally) into a map; keys and values are trimmed. Chain .get("key") to read one value.', (a) =>
      isNull(a[0]) ? null : splitKeyValues(toStr(a[0]), delim(a[1], ':'), delim(a[2], ','))),
  fn('contains_key', O, [1, 1], ['contains_key(PATH)'], 'Boolean', 'True when the source field exists (even if its value is null). Replaces the deprecated is_set().', (a) => a[0] !== undefined),
  fn('nullify', O, [0, 0], ['nullify()'], 'null', 'Sets the target to null so the field is not copied.', () => null),
  fn('get_keys', O, [1, 1], ['get_keys(OBJECT)'], 'String[]', 'The keys of an object.', (a) => {
    const o = asObject(a[0], 'get_keys OBJECT');
    return o ? Object.keys(o) : null;
  }),
  fn('get_values', O, [3, 4], ['get_values(STRING, KEY, VALUE_DELIMITER)', 'get_values(STRING, KEY, VALUE_DELIMITER, FIELD_DELIMITER)'], 'String',
    'Parses a delimited key/value string and returns the value for KEY (null when absent). Null or empty delimiters default to ":" and ",".', (a) => {
      if (isNull(a[0])) return null;
      const o = splitKeyValues(toStr(a[0]), delim(a[2], ':'), delim(a[3], ','));
      const k = toStr(a[1]).trim();
      return hasOwn.call(o, k) ? o[k] : null;
    }, { example: 'get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",") → "John"' }),
  fn('map_get_values', M, [2, 2], ['map_get_values(MAP, KEY)', 'map_get_values(MAP, KEY[])'], 'Any | Map', 'The value for KEY, or a map of the values for a list of keys.', (a) => {
    const m = asObject(a[0], 'map_get_values MAP');
    if (!m) return null;
    if (Array.isArray(a[1])) {
      const out = newObject();
      for (const k of a[1]) if (hasOwn.call(m, toStr(k))) setKey(out, toStr(k), m[toStr(k)]);
      return out;
    }
    const k = toStr(a[1]);
    return hasOwn.call(m, k) ? m[k] : null;
  }, { reference: MAP_REF }),
  fn('map_has_keys', M, [2, 2], ['map_has_keys(MAP, KEY)', 'map_has_keys(MAP, KEY[])'], 'Boolean', 'True when the map has the key (every key of a list).', (a) => {
    const m = asObject(a[0], 'map_has_keys MAP');
    if (!m) return false;
    const keys = Array.isArray(a[1]) ? a[1] : [a[1]];
    return keys.every((k) => hasOwn.call(m, toStr(k)));
  }, { reference: MAP_REF }),
  fn('add_to_map', M, [1, Infinity], ['add_to_map(MAP1, MAP2, …)'], 'Map', 'Merges maps; for a duplicate key the FIRST value is kept.', (a) => {
    const out = newObject();
    for (let i = 0; i < a.length; i++) {
      const m = asObject(a[i], `add_to_map argument ${i + 1}`);
      if (!m) continue;
      for (const k of Object.keys(m)) if (!hasOwn.call(out, k)) setKey(out, k, m[k]);
    }
    return out;
  }, { reference: MAP_REF }),
  fn('object_to_map', M, [1, Infinity], ['object_to_map(KEY, ANY, …)', 'object_to_map(OBJECT)', 'object_to_map(OBJECT_ARRAY, ATTRIBUTE_AS_KEY)'], 'Map', 'Builds a map from pairs, from an object, or from an array of objects keyed by one attribute.', (a) => {
    if (a.length === 1) {
      const o = asObject(a[0], 'object_to_map OBJECT');
      if (!o) return null;
      const out = newObject();
      for (const k of Object.keys(o)) setKey(out, k, o[k]);
      return out;
    }
    if (a.length === 2 && Array.isArray(a[0])) return keyedBy(a[0], a[1], 'object_to_map');
    return pairs(a, 'object_to_map');
  }, { reference: MAP_REF }),
  fn('array_to_map', M, [2, 2], ['array_to_map(OBJECT[] INPUTS, KEY)'], 'Map', 'Keys an array of objects by one attribute (the first object wins for a duplicate key).', (a) => (isNull(a[0]) ? null : keyedBy(a[0], a[1], 'array_to_map')), { reference: MAP_REF }),
  fn('to_map', M, [2, Infinity], ['to_map(KEY1, VALUE1, KEY2, VALUE2, …)'], 'Map', 'Builds a map from key/value pairs.', (a) => pairs(a, 'to_map'), { reference: MAP_REF, checkArgCount: even('to_map') }),
];
