import { ZonedDateTime } from './dates/zonedDateTime';

/** Thrown by function implementations; the compiler re-throws it as DataPrepEvalError at the call's offsets. */
export class FnError extends Error {
  constructor(
    message: string,
    readonly code = 'dataprep.eval-error',
  ) {
    super(message);
  }
}

export const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ZonedDateTime);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof ZonedDateTime) return 'a date';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** Java-like string form used by string functions and `+` concatenation. */
export function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof ZonedDateTime) return v.toISOString();
  return JSON.stringify(toXdmValue(v));
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Numbers, and strings that are numbers (JEXL coerces them, §5.1 [INFERENCE]); anything else is a transformation error. */
export function toNum(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof ZonedDateTime) return v.epochMs;
  throw new FnError(`${what} must be a number, got ${typeName(v)}${typeof v === 'string' ? ` "${v.slice(0, 40)}"` : ''}`);
}

export function toInt(v: unknown, what: string): number {
  const n = toNum(v, what);
  if (!Number.isFinite(n)) throw new FnError(`${what} must be a whole number, got ${n}`);
  return Math.trunc(n);
}

const TRUE_WORDS = new Set(['y', 'yes', 'Y', 'YES', 'on', 'ON', 'true', 'TRUE']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'NO', 'off', 'OFF', 'false', 'FALSE']);

/**
 * Truthiness. Strings first follow the documented boolean coercion (§5.3: y/yes/on/true and
 * n/no/off/false); other strings follow JEXL (non-empty and not "false" is true, §5.1 [INFERENCE]).
 */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (TRUE_WORDS.has(v)) return true;
    if (FALSE_WORDS.has(v)) return false;
    return v.length > 0;
  }
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Strict §5.3 coercion for values that must be booleans (e.g. to_array's INCLUDE_NULLS); null when not a boolean word. */
export function parseBoolWord(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (TRUE_WORDS.has(v)) return true;
    if (FALSE_WORDS.has(v)) return false;
  }
  return null;
}

/** Natural ordering for min/max/comparison: numbers, strings, dates; mixed kinds are an error. */
export function compareValues(a: unknown, b: unknown, what: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof ZonedDateTime && b instanceof ZonedDateTime) return a.epochMs - b.epochMs;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) {
    return toNum(a, what) - toNum(b, what);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new FnError(`${what} cannot compare ${typeName(a)} with ${typeName(b)}`);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return NUMERIC.test(b) && Number(b) === a;
  if (typeof b === 'number' && typeof a === 'string') return NUMERIC.test(a) && Number(a) === b;
  if (a instanceof ZonedDateTime && b instanceof ZonedDateTime) return a.epochMs === b.epochMs;
  if (typeof a === 'object' && typeof b === 'object') return JSON.stringify(toXdmValue(a)) === JSON.stringify(toXdmValue(b));
  return false;
}

/** Converts engine values to what is written into XDM JSON: dates → ISO 8601 strings, Maps → objects, non-finite → null. */
export function toXdmValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof ZonedDateTime) return v.toISOString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(toXdmValue);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(k)] = toXdmValue(x);
    return o;
  }
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = toXdmValue((v as Record<string, unknown>)[k]);
    return o;
  }
  return null;
}

/**
 * A plain object for built maps. Not `Object.create(null)`: V8 keeps those in slow dictionary
 * mode. Write keys with setKey so `__proto__` stays ordinary data.
 */
export function newObject(): Record<string, unknown> {
  return {};
}

export function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
