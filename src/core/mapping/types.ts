/**
 * The in-memory mapping document shared by the CSV and mapping-set JSON readers. Every row keeps
 * where its cells came from so diagnostics land on the cell — or, for an expression, on the
 * exact column inside it.
 */
export type SourceType = 'ATTRIBUTE' | 'EXPRESSION' | 'STATIC';

/**
 * Where a text value sits in the file. `escapes` lists value indexes whose raw form is longer
 * than one character (a CSV `""`, a JSON `\n`), with how many extra characters each takes.
 */
export interface TextSpan {
  start: number;
  end: number;
  contentStart: number;
  escapes?: Array<[valueIndex: number, extra: number]>;
}

export interface MappingRow {
  /** 0-based position of the row among the mappings. */
  index: number;
  sourceType: SourceType;
  /** True when the file had no sourceType for this row and it was inferred from the source text. */
  sourceTypeInferred: boolean;
  source: string;
  destination: string;
  name?: string;
  description?: string;
  /** Columns/properties we do not interpret (e.g. `identity`, `version`), kept for a lossless round trip. */
  extra?: Record<string, unknown>;
  loc?: {
    row: TextSpan;
    source?: TextSpan;
    destination?: TextSpan;
    sourceType?: TextSpan;
  };
}

export interface MappingDocument {
  format: 'csv' | 'json';
  rows: MappingRow[];
  /** mapping-set JSON `outputSchema` (and other set-level properties), kept verbatim. */
  outputSchema?: unknown;
  setExtra?: Record<string, unknown>;
  /** Problems found while reading the file (CSV structure, JSON syntax, shape). */
  problems: import('../diagnostics').CoreDiagnostic[];
  /** The file text, for LineIndex-based positions of later diagnostics. */
  text: string;
  /** CSV only: header names in file order, and the line ending style, so writing back keeps them. */
  csvHeader?: string[];
  eol?: string;
  /**
   * CSV only: the text from the first row past the row cap (`map.too-many-rows`), neither parsed nor
   * checked but kept, so writing the CSV back loses nothing.
   */
  unreadTail?: string;
}

/** Offset in the file of index `i` inside a span's value. */
export function spanOffset(span: TextSpan, i: number): number {
  let extra = 0;
  if (span.escapes) for (const [idx, n] of span.escapes) if (idx < i) extra += n;
  return span.contentStart + i + extra;
}
