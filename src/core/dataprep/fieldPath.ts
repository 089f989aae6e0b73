import type { ExprError } from './types';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Splits the inside of `${…}` on unescaped dots: `${a.b}` is the nested path a → b, while
 * `${First\.Name}` is one key with a dot (§5.1; home.md: `${…}` cannot address a key with a raw dot).
 */
export function splitBraced(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      cur += raw[i + 1];
      i++;
    } else if (c === '.') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Parses a mapping source/destination path: `a.b\.c[0]`, `${First Name}.x`, `emails[*].name`
 * (§5.4 path syntax). Index segments become decimal strings, `[*]` becomes `*`.
 */
export function parseFieldPath(text: string): { path: string[]; errors: ExprError[] } {
  const path: string[] = [];
  const errors: ExprError[] = [];
  const n = text.length;
  let i = 0;
  if (n === 0 || text.trim() === '') {
    errors.push({ code: 'dataprep.empty-path', message: 'The field path is empty; give a source field such as `event_code` or `params.price`.', start: 0, end: n });
    return { path, errors };
  }
  let expectSegment = true;
  while (i < n) {
    const c = text[i];
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) {
        errors.push({ code: 'dataprep.path-unclosed-index', message: `'[' at column ${i + 1} is never closed; write an index like [0] or [*].`, start: i, end: n });
        return { path, errors };
      }
      const inner = text.slice(i + 1, close).trim();
      if (path.length === 0 || expectSegment) {
        errors.push({ code: 'dataprep.path-index-without-field', message: 'An index must follow a field name, as in `items[0]`.', start: i, end: close + 1 });
      } else if (inner === '*' || /^\d+$/.test(inner)) {
        path.push(inner === '*' ? '*' : String(Number(inner)));
      } else {
        errors.push({ code: 'dataprep.path-bad-index', message: `'[${inner}]' is not an array index; use a non-negative number like [0] or [*] for every element.`, start: i, end: close + 1 });
      }
      i = close + 1;
      if (i < n && text[i] !== '.' && text[i] !== '[') {
        errors.push({ code: 'dataprep.path-expected-dot', message: `Expected '.' or '[' after the index at column ${i}.`, start: i, end: i + 1 });
        return { path, errors };
      }
      continue;
    }
    if (c === '.') {
      if (expectSegment) {
        errors.push({ code: 'dataprep.path-empty-segment', message: `Empty field name at column ${i + 1} ('..' or a leading/trailing '.'); remove the extra dot or escape a literal dot as \\.`, start: i, end: i + 1 });
      }
      expectSegment = true;
      i++;
      if (i === n) errors.push({ code: 'dataprep.path-empty-segment', message: 'The path ends with a dot; remove it or add the field name.', start: i - 1, end: i });
      continue;
    }
    if (!expectSegment) {
      errors.push({ code: 'dataprep.path-expected-dot', message: `Expected '.' before column ${i + 1}.`, start: i, end: i + 1 });
      return { path, errors };
    }
    if (c === '$' && text[i + 1] === '{') {
      let j = i + 2;
      while (j < n && text[j] !== '}') j += text[j] === '\\' ? 2 : 1;
      if (j >= n) {
        errors.push({ code: 'dataprep.unterminated-field', message: "'${' has no closing '}'; close it as ${name}.", start: i, end: n });
        return { path, errors };
      }
      path.push(...splitBraced(text.slice(i + 2, j)));
      i = j + 1;
      expectSegment = false;
      continue;
    }
    let seg = '';
    while (i < n && text[i] !== '.' && text[i] !== '[') {
      if (text[i] === '\\' && i + 1 < n) {
        seg += text[i + 1];
        i += 2;
      } else seg += text[i++];
    }
    path.push(seg.trim() === seg ? seg : seg.trim());
    expectSegment = false;
  }
  return { path, errors };
}

/**
 * Reads a path from a record. Missing fields give `undefined` (the mapping layer tells "absent"
 * from an explicit null); `*` maps the rest of the path over every element (§5.4 wildcard).
 * Only own properties are read, so `__proto__`/`constructor` in a path never reach the prototype.
 */
export function resolveFieldPath(record: unknown, path: readonly string[]): unknown {
  let cur: unknown = record;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const seg = path[i];
    if (Array.isArray(cur)) {
      if (seg === '*') {
        const rest = path.slice(i + 1);
        return cur.map((el) => resolveFieldPath(el, rest));
      }
      const idx = toIndex(seg);
      if (idx < 0 || idx >= cur.length) return undefined;
      cur = cur[idx];
      continue;
    }
    if (cur instanceof Map) {
      cur = cur.get(seg);
      continue;
    }
    if (!hasOwn.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function toIndex(seg: string): number {
  if (seg.length === 0 || seg.length > 9) return -1;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return Number(seg);
}
