import type { Range } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import { locateDeepest, type JsonPath } from './locate';

/**
 * Decodes a JSON Pointer (RFC 6901), also in its URI-fragment form `#/a/b` as AEP returns it in
 * `pointerToViolation` (aep-streaming-and-dataprep.md §1.3).
 */
export function parsePointer(pointer: string): string[] {
  let p = pointer;
  if (p.startsWith('#')) {
    p = p.slice(1);
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep the raw text: a stray % is more likely part of a key than an encoding
    }
  }
  if (p === '' || p === '/') return p === '/' ? [''] : [];
  if (!p.startsWith('/')) p = '/' + p;
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The range of the value a pointer names. When the pointer names a member that is missing (AEP
 * says "required property `_id` missing"), it falls back to the closest existing ancestor so the
 * user still lands on the right object; `exact` tells which case happened.
 */
export function rangeOfPointer(
  text: string,
  pointer: string | JsonPath,
  lines: LineIndex = new LineIndex(text),
): { range: Range; exact: boolean } | undefined {
  const path = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  const r = locateDeepest(text, path);
  if (!r) return undefined;
  const { location, depth } = r;
  if (depth === path.length) return { range: lines.range(location.valueStart, location.valueEnd), exact: true };
  // Missing member: point at the opening brace/bracket of the parent, not the whole object.
  return { range: lines.range(location.valueStart, location.valueStart + 1), exact: false };
}
