import { resolveFieldPath } from './fieldPath';

/**
 * Fast readers for one- and two-segment field paths (`event_code`, `user.email`): most of a
 * mapping's reads.
 *
 * Why the repeated literals: V8 keeps inline-cache feedback per function *literal*, so closures
 * made by one factory share it. Each path reads a different key, so a single shared reader goes
 * megamorphic and costs ~10x a hand-written `rec.user.email`. Giving each distinct path its own
 * literal (its own feedback) keeps the property loads monomorphic without generating code from
 * user text (no eval/new Function, architecture.md). Paths beyond the pool share slots and are
 * merely slower, never wrong.
 *
 * Only keys that are not Object.prototype members take these readers: on a JSON object such a
 * key can only be an own property, so no hasOwnProperty check is needed.
 */
type Rec = Record<string, unknown>;
type Reader = (record: unknown) => unknown;

const ONE: ((k: string, slow: Reader) => Reader)[] = [
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
  (k, slow) => (r) => (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map) ? (r as Rec)[k] : slow(r)),
];

const TWO: ((k0: string, k1: string, slow: Reader) => Reader)[] = [
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
  (k0, k1, slow) => (r) => { if (typeof r === 'object' && r !== null && !Array.isArray(r) && !(r instanceof Map)) { const a = (r as Rec)[k0]; if (typeof a === 'object' && a !== null && !Array.isArray(a) && !(a instanceof Map)) return (a as Rec)[k1]; if (a === undefined) return undefined; } return slow(r); },
];

const slots = new Map<string, number>();
let nextOne = 0;
let nextTwo = 0;

const direct = (k: string): boolean => k !== '*' && !(k in Object.prototype);

/** A reader for `path` that behaves exactly like resolveFieldPath (missing gives undefined). */
export function fieldReader(path: readonly string[]): Reader {
  const slow: Reader = (r) => resolveFieldPath(r, path);
  if (path.length === 1 && direct(path[0])) {
    const key = '1\u0000' + path[0];
    let s = slots.get(key);
    if (s === undefined) slots.set(key, (s = nextOne++ % ONE.length));
    return ONE[s](path[0], slow);
  }
  if (path.length === 2 && direct(path[0]) && direct(path[1])) {
    const key = '2\u0000' + path[0] + '\u0000' + path[1];
    let s = slots.get(key);
    if (s === undefined) slots.set(key, (s = nextTwo++ % TWO.length));
    return TWO[s](path[0], path[1], slow);
  }
  return slow;
}
