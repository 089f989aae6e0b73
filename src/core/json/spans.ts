import { forEachElement, forEachMember, skipWs } from './skip';

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

/** The value span of a top-level member of the root object (e.g. `events`), if present. */
export function topLevelMember(text: string, key: string): { keyStart: number; keyEnd: number; valueStart: number; valueEnd: number } | undefined {
  let hit: { keyStart: number; keyEnd: number; valueStart: number; valueEnd: number } | undefined;
  forEachMember(text, skipWs(text, 0), (k, m) => {
    if (k === key) hit = m;
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
