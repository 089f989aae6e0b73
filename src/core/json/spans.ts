import { forEachElement, forEachMember, skipValue, skipWs } from './skip';

export interface Span {
  start: number;
  end: number;
}

/** Offsets of each element of the array value starting at `arrayStart`, in one pass. */
export function arrayElementSpans(text: string, arrayStart: number): Span[] | undefined {
  const spans: Span[] = [];
  const ok = forEachElement(text, arrayStart, (_i, start, end) => {
    spans.push({ start, end });
  });
  return ok ? spans : undefined;
}

/**
 * The first member `key` of the root object (e.g. `events`). Stops at the first match, so finding
 * `events` near the top of a 20 MB batch does not cross the events themselves.
 */
export function topLevelMember(text: string, key: string): { keyStart: number; keyEnd: number; valueStart: number; valueEnd: number } | undefined {
  let hit: { keyStart: number; keyEnd: number; valueStart: number; valueEnd: number } | undefined;
  forEachMember(text, skipWs(text, 0), (k, m) => {
    if (k === key) {
      hit = m;
      return true;
    }
  });
  return hit;
}

/**
 * Event spans of a payload in one pass: each element of `events[]`, each element of a top-level
 * array, or the root object itself. Assumes the text is valid JSON.
 */
export function topLevelEventSpans(text: string): { kind: 'batch' | 'array' | 'object'; spans: Span[] } | undefined {
  const root = skipWs(text, 0);
  const c = text.charCodeAt(root);
  if (c === 0x5b) {
    const spans = arrayElementSpans(text, root);
    return spans && { kind: 'array', spans };
  }
  if (c !== 0x7b) return undefined;
  const events = topLevelMember(text, 'events');
  if (events && text.charCodeAt(events.valueStart) === 0x5b) {
    const spans = arrayElementSpans(text, events.valueStart);
    return spans && { kind: 'batch', spans };
  }
  let end = text.length;
  while (end > root && /\s/.test(text[end - 1])) end--;
  return { kind: 'object', spans: [{ start: root, end }] };
}

/**
 * NDJSON lines: one span per non-blank line (without its line break), so each event keeps its
 * own location even when other lines are broken.
 */
export function ndjsonLineSpans(text: string): Span[] {
  const spans: Span[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i <= text.length) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    let s = i;
    let e = nl;
    if (e > s && text.charCodeAt(e - 1) === 0x0d) e--;
    while (s < e && (text.charCodeAt(s) === 0x20 || text.charCodeAt(s) === 0x09)) s++;
    while (e > s && (text.charCodeAt(e - 1) === 0x20 || text.charCodeAt(e - 1) === 0x09)) e--;
    if (e > s) spans.push({ start: s, end: e });
    i = nl + 1;
  }
  return spans;
}

export interface LinedSpan extends Span {
  /** 0-based line and character of `start`, counted in the same pass (LineIndex rules: \r\n, \n, \r). */
  line: number;
  character: number;
}

/** Counts line breaks in [from, to) the way LineIndex does; returns the line and the last line start. */
export function countLines(text: string, from: number, to: number, line: number, lineStart: number): { line: number; lineStart: number } {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13 && text.charCodeAt(i + 1) !== 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, lineStart };
}

/**
 * Element spans of the array at `arrayStart` with the line/character of each element, in one
 * pass that also counts line breaks. JSON strings cannot hold raw line breaks, so strings are
 * skipped natively with `indexOf` and only structural characters are visited. Separators between
 * elements are checked (a missing or trailing comma gives `undefined`), so a caller can parse each
 * element on its own and still know the array as a whole is well-formed.
 */
export function scanArray(text: string, arrayStart: number): { spans: LinedSpan[]; end: number } | undefined {
  if (text.charCodeAt(arrayStart) !== 0x5b) return undefined;
  let { line, lineStart } = countLines(text, 0, arrayStart, 0, 0);
  const spans: LinedSpan[] = [];
  const n = text.length;
  let depth = 0;
  let elemStart = -1;
  // At depth 1: 0 = after '[', 1 = inside or after an element, 2 = after ','.
  let state = 0;
  const begin = (j: number): boolean => {
    if (state === 1) return false;
    state = 1;
    elemStart = j;
    spans.push({ start: j, end: -1, line, character: j - lineStart });
    return true;
  };
  for (let j = arrayStart; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x20) continue; // indentation: by far the most common character outside strings
    if (c === 0x22) {
      if (depth === 1 && elemStart < 0 && !begin(j)) return undefined;
      let q = j + 1;
      for (;;) {
        q = text.indexOf('"', q);
        if (q < 0) return undefined;
        let k = q - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((q - 1 - k) % 2 === 0) break;
        q++;
      }
      j = q;
      continue;
    }
    if (c === 10) {
      line++;
      lineStart = j + 1;
      continue;
    }
    if (c === 0x09) continue;
    if (c === 13) {
      if (text.charCodeAt(j + 1) !== 10) {
        line++;
        lineStart = j + 1;
      }
      continue;
    }
    if (c === 0x2c) {
      if (depth === 1) {
        if (state !== 1) return undefined;
        closeScalar(text, spans, elemStart, j);
        elemStart = -1;
        state = 2;
      }
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (depth === 1 && elemStart < 0 && !begin(j)) return undefined;
      depth++;
      continue;
    }
    if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 1) {
        spans[spans.length - 1].end = j + 1;
        elemStart = -2; // element closed: only ',' or ']' may follow
      }
      if (depth === 0) {
        if (state === 2 || c !== 0x5d) return undefined;
        closeScalar(text, spans, elemStart, j);
        return { spans, end: j + 1 };
      }
      if (depth < 0) return undefined;
      continue;
    }
    if (depth === 1) {
      if (elemStart === -2) return undefined; // e.g. `{…} x`
      if (elemStart < 0 && !begin(j)) return undefined;
    }
  }
  return undefined;
}

export function arrayElementSpansWithLines(text: string, arrayStart: number): LinedSpan[] | undefined {
  return scanArray(text, arrayStart)?.spans;
}

/** A scalar element (number, literal, string) ends at the last non-space before `stop`. */
function closeScalar(text: string, spans: LinedSpan[], elemStart: number, stop: number) {
  const last = spans[spans.length - 1];
  if (elemStart < 0 || !last || last.start !== elemStart || last.end >= 0) return;
  let e = stop;
  while (e > elemStart && /\s/.test(text[e - 1])) e--;
  last.end = e;
}

/**
 * Element offsets (`starts[i]`–`ends[i]`) of a pretty-printed array of objects without visiting every
 * character, as two lists rather than an object per element (a 100 MB file has 400,000). Pretty
 * printers put the same whitespace (a line break and the indentation) between `[` and the first
 * element as between `},` and every following `{`, and a JSON string cannot hold a raw line break,
 * so that separator found by a native `indexOf` is never inside a string. It could still sit at a
 * deeper level in a file with odd indentation, so the offsets are candidates: the caller must
 * `JSON.parse` each one and, if any piece fails, fall back to `scanArray`. When every piece
 * parses, the array is well-formed and these are exactly its elements (pieces are consecutive,
 * joined by `,` + whitespace, and the last one is followed by whitespace and `]`).
 * Returns undefined when the layout does not fit (not pretty-printed, or not an array of objects).
 */
export function prettyArrayOffsets(text: string, arrayStart: number): { starts: number[]; ends: number[]; end: number } | undefined {
  if (text.charCodeAt(arrayStart) !== 0x5b) return undefined;
  const first = skipWs(text, arrayStart + 1);
  const c = text.charCodeAt(first);
  if (c === 0x5d) return { starts: [], ends: [], end: first + 1 };
  if (c !== 0x7b) return undefined;
  const sep = text.slice(arrayStart + 1, first);
  if (!sep.includes('\n')) return undefined;
  const needle = '},' + sep + '{';
  const starts: number[] = [];
  const ends: number[] = [];
  let start = first;
  for (let at = text.indexOf(needle, start); at >= 0; at = text.indexOf(needle, start)) {
    starts.push(start);
    ends.push(at + 1);
    start = at + needle.length - 1;
  }
  const end = skipValue(text, start);
  if (end < 0) return undefined;
  starts.push(start);
  ends.push(end);
  const close = skipWs(text, end);
  return text.charCodeAt(close) === 0x5d ? { starts, ends, end: close + 1 } : undefined;
}
