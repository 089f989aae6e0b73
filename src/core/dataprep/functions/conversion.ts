import { randomUUID } from 'node:crypto';
import { FnError, isNull, toStr, typeName } from '../values';
import { fn, type FunctionDef } from './types';

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?\s*$/;

function parseDecimal(v: unknown, what: string): number | null {
  if (isNull(v)) return null;
  if (typeof v === 'number') return v;
  const s = toStr(v);
  if (DECIMAL.test(s)) return Number(s.trim().replace(/[dDfF]$/, ''));
  if (/^\s*[+-]?(NaN|Infinity)\s*$/.test(s)) return null;
  throw new FnError(`${what}: "${s.slice(0, 40)}" is not a number`, 'dataprep.bad-number');
}

function parseInteger(v: unknown, what: string, bits: 32 | 64): number | bigint | null {
  if (isNull(v)) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  const s = typeof v === 'string' ? v.trim() : '';
  if (!/^[+-]?\d+$/.test(s)) throw new FnError(`${what}: ${typeof v === 'string' ? `"${v.slice(0, 40)}"` : typeName(v)} is not a whole number`, 'dataprep.bad-number');
  if (s.length <= 15) {
    const n = Number(s);
    if (bits === 32 && (n < -2147483648 || n > 2147483647)) throw new FnError(`${what}: ${s} does not fit in a 32-bit integer`, 'dataprep.bad-number');
    return n === 0 ? 0 : n;
  }
  const b = BigInt(s);
  const limit = bits === 32 ? 2n ** 31n : 2n ** 63n;
  if (b < -limit || b >= limit) throw new FnError(`${what}: ${s} does not fit in a ${bits}-bit integer`, 'dataprep.bad-number');
  return Number.isSafeInteger(Number(b)) ? Number(b) : b;
}

const T = 'Type conversion';
export const conversionFunctions: FunctionDef[] = [
  fn('to_bigint', T, [1, 1], ['to_bigint(STRING)'], 'Long', 'Parses a whole number (64-bit).', (a) => parseInteger(a[0], 'to_bigint', 64)),
  fn('to_decimal', T, [1, 1], ['to_decimal(STRING)'], 'Double', 'Parses a decimal number (returned as a Double).', (a) => parseDecimal(a[0], 'to_decimal')),
  fn('to_float', T, [1, 1], ['to_float(STRING)'], 'Float', 'Parses a decimal number.', (a) => parseDecimal(a[0], 'to_float')),
  fn('to_integer', T, [1, 1], ['to_integer(STRING)'], 'Integer', 'Parses a whole number (32-bit).', (a) => parseInteger(a[0], 'to_integer', 32)),
  fn('json_to_object', 'JSON', [1, 1], ['json_to_object(STRING)'], 'Object', 'Parses a JSON string.', (a) => {
    if (isNull(a[0])) return null;
    try {
      return JSON.parse(toStr(a[0])) as unknown;
    } catch (e) {
      throw new FnError(`json_to_object: not valid JSON (${(e as Error).message})`, 'dataprep.bad-json');
    }
  }),
  fn('uuid', 'Special', [0, 0], ['uuid()'], 'String', 'A random UUID.', (_a, rt) => (rt.ctx.uuid ? rt.ctx.uuid() : randomUUID()), { aliases: ['guid'] }),
  // The FPID → ECID derivation is Adobe-internal and not documented in any reference we have;
  // inventing one would show users an ECID AEP will never produce. Recognised, not previewable.
  fn('fpid_to_ecid', 'Special', [1, 1], ['fpid_to_ecid(STRING)'], 'String', 'Converts a first-party device ID to an ECID. The algorithm is not public, so the local preview cannot compute it.', () => {
    throw new FnError('fpid_to_ecid cannot be previewed locally: Adobe does not document how the ECID is derived; AEP computes it at ingestion', 'dataprep.not-previewable');
  }),
];
