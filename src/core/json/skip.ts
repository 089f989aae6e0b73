/**
 * Fast, non-validating movement over JSON text that `JSON.parse` already accepted (or a slice
 * of it). Strings are skipped with native `indexOf`, so a 20 MB payload is crossed in a few
 * tens of milliseconds without building a tree. Every function returns -1 instead of throwing
 * when the text is not what it expected, so callers can degrade gracefully.
 */

export function skipWs(text: string, i: number, end = text.length): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else break;
  }
  return i;
}

/** `i` is at an opening quote; returns the offset after the closing quote. */
export function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    let k = q - 1;
    while (text.charCodeAt(k) === 0x5c) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** `i` is at the first character of a value; returns the offset just after it. */
export function skipValue(text: string, i: number, end = text.length): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < end) {
      const d = text.charCodeAt(j);
      if (d === 0x22) {
        j = skipString(text, j);
        if (j < 0) return -1;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        if (--depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < end) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j > i ? j : -1;
}

/** Decodes the key whose quotes span [start, end); only escaped keys pay for JSON.parse. */
export function keyAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (raw.indexOf('\\') < 0) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return raw;
  }
}

export interface Member {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * Calls `visit` for each member of the object starting at `i` (`{`); stops early when visit
 * returns true. Returns false when the text is not a well-formed object.
 */
export function forEachMember(text: string, i: number, visit: (key: string, m: Member) => boolean | void): boolean {
  if (text.charCodeAt(i) !== 0x7b) return false;
  let j = skipWs(text, i + 1);
  if (text.charCodeAt(j) === 0x7d) return true;
  for (;;) {
    if (text.charCodeAt(j) !== 0x22) return false;
    const keyStart = j;
    const keyEnd = skipString(text, j);
    if (keyEnd < 0) return false;
    j = skipWs(text, keyEnd);
    if (text.charCodeAt(j) !== 0x3a) return false;
    const valueStart = skipWs(text, j + 1);
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return false;
    if (visit(keyAt(text, keyStart, keyEnd), { keyStart, keyEnd, valueStart, valueEnd }) === true) return true;
    j = skipWs(text, valueEnd);
    const c = text.charCodeAt(j);
    if (c === 0x7d) return true;
    if (c !== 0x2c) return false;
    j = skipWs(text, j + 1);
  }
}

/** Calls `visit` for each element of the array starting at `i` (`[`). */
export function forEachElement(text: string, i: number, visit: (index: number, start: number, end: number) => boolean | void): boolean {
  if (text.charCodeAt(i) !== 0x5b) return false;
  let j = skipWs(text, i + 1);
  if (text.charCodeAt(j) === 0x5d) return true;
  for (let index = 0; ; index++) {
    const end = skipValue(text, j);
    if (end < 0) return false;
    if (visit(index, j, end) === true) return true;
    j = skipWs(text, end);
    const c = text.charCodeAt(j);
    if (c === 0x5d) return true;
    if (c !== 0x2c) return false;
    j = skipWs(text, j + 1);
  }
}

/**
 * The first member `key` of the object at `objStart`, returned before its value is crossed, so
 * finding `events` in a 20 MB batch costs only the members before it.
 */
export function findMemberStart(text: string, objStart: number, key: string): { keyStart: number; keyEnd: number; valueStart: number } | undefined {
  if (text.charCodeAt(objStart) !== 0x7b) return undefined;
  let j = skipWs(text, objStart + 1);
  while (text.charCodeAt(j) === 0x22) {
    const keyStart = j;
    const keyEnd = skipString(text, j);
    if (keyEnd < 0) return undefined;
    j = skipWs(text, keyEnd);
    if (text.charCodeAt(j) !== 0x3a) return undefined;
    const valueStart = skipWs(text, j + 1);
    if (keyAt(text, keyStart, keyEnd) === key) return { keyStart, keyEnd, valueStart };
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return undefined;
    j = skipWs(text, valueEnd);
    if (text.charCodeAt(j) !== 0x2c) return undefined;
    j = skipWs(text, j + 1);
  }
  return undefined;
}
