import type { CoreDiagnostic, Range, Severity } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import type { TransformError } from './apply';
import { spanOffset, type MappingDocument, type TextSpan } from './types';

const indexes = new WeakMap<MappingDocument, LineIndex>();

export function lineIndexOf(doc: MappingDocument): LineIndex {
  let li = indexes.get(doc);
  if (!li) {
    li = new LineIndex(doc.text);
    indexes.set(doc, li);
  }
  return li;
}

/**
 * Range of a row's cell, or of `start..end` inside its source text (an expression column),
 * mapped through quoting/escapes to the file.
 */
export function rowDiagnosticRange(
  doc: MappingDocument,
  row: number,
  part: 'source' | 'destination' | 'sourceType' | 'row' = 'row',
  start?: number,
  end?: number,
): Range {
  const r = doc.rows[row];
  const li = lineIndexOf(doc);
  const loc = r?.loc;
  if (!loc) return li.range(0, 0);
  const span: TextSpan | undefined = part === 'row' ? loc.row : (loc[part] ?? loc.row);
  if (!span) return li.range(0, 0);
  if (start !== undefined && part !== 'row' && loc[part]) {
    const s = spanOffset(span, start);
    const e = spanOffset(span, Math.max(end ?? start + 1, start + 1));
    return li.range(s, Math.min(e, span.end));
  }
  return li.range(span.start, span.end);
}

export function transformErrorDiagnostic(doc: MappingDocument, e: TransformError, severity: Severity = 'error'): CoreDiagnostic {
  return {
    range: rowDiagnosticRange(doc, e.row, e.code === 'map.destination-syntax' ? 'destination' : 'source', e.start, e.end),
    severity,
    code: e.code,
    message: e.message,
    source: 'moe-aep.mapping',
  };
}
