import { forEachElement, forEachMember, skipWs } from './skip';

export type JsonPath = readonly (string | number)[];

/** Offsets of a value and, for object members, of its key (key offsets include the quotes). */
export interface JsonLocation {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * Finds the key/value at `path` by walking only the containers on the way, so the cost is the
 * size of the siblings skipped, not of the document. With duplicate keys the last one wins, as
 * in `JSON.parse`. `base` lets callers search inside a slice (an event) of a larger text.
 */
export function locate(text: string, path: JsonPath, base = 0): JsonLocation | undefined {
  const r = locateDeepest(text, path, base);
  return r && r.depth === path.length ? r.location : undefined;
}

/** Like `locate`, but also returns the deepest existing ancestor when the full path is missing. */
export function locateDeepest(text: string, path: JsonPath, base = 0): { location: JsonLocation; depth: number } | undefined {
  const start = skipWs(text, base);
  if (start >= text.length) return undefined;
  let loc: JsonLocation = { keyStart: start, keyEnd: start, valueStart: start, valueEnd: -1 };
  for (let depth = 0; depth < path.length; depth++) {
    const seg = path[depth];
    let found: JsonLocation | undefined;
    const c = text.charCodeAt(loc.valueStart);
    if (c === 0x7b) {
      const want = String(seg);
      forEachMember(text, loc.valueStart, (key, m) => {
        if (key === want) found = m;
      });
    } else if (c === 0x5b) {
      const want = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      forEachElement(text, loc.valueStart, (index, s, e) => {
        if (index === want) {
          found = { keyStart: s, keyEnd: s, valueStart: s, valueEnd: e };
          return true;
        }
      });
    }
    if (!found) return depth === 0 ? { location: withEnd(text, loc), depth } : { location: loc, depth };
    loc = found;
  }
  return { location: withEnd(text, loc), depth: path.length };
}

function withEnd(text: string, loc: JsonLocation): JsonLocation {
  if (loc.valueEnd >= 0) return loc;
  // Root: its end is the last non-space character, found from the back without re-scanning.
  let e = text.length;
  while (e > loc.valueStart && /\s/.test(text[e - 1])) e--;
  return { ...loc, valueEnd: e };
}
