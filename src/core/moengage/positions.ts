import type { Position } from '../diagnostics';
import { countLines } from '../json/spans';

/**
 * Offset → position for the few file-level problems, without a LineIndex over the whole file:
 * counts line breaks forward from the last answer (problems are mostly near the top), starting
 * over only when asked for an earlier offset.
 */
export function positionFinder(text: string): (offset: number) => Position {
  let at = 0;
  let line = 0;
  let lineStart = 0;
  return (offset: number) => {
    const o = Math.max(0, Math.min(offset, text.length));
    if (o < at) {
      at = 0;
      line = 0;
      lineStart = 0;
    }
    ({ line, lineStart } = countLines(text, at, o, line, lineStart));
    at = o;
    return { line, character: o - lineStart };
  };
}
