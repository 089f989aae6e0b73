/**
 * RFC 4180 CSV reader that keeps the exact offsets of every cell, so a problem inside an
 * expression can be reported at its column in the file (the mapping CSV is what users exchange
 * with MoEngage and import into AEP, aep-streaming-and-dataprep.md §5.5). It never throws:
 * malformed input yields problems with offsets and the best-effort cells.
 */
export interface CsvCell {
  /** Unquoted, unescaped value. */
  value: string;
  /** Raw span in the text, including any quotes. */
  start: number;
  end: number;
  /** Offset of the first character of the value (after an opening quote). */
  contentStart: number;
  quoted: boolean;
  /** Value indexes of characters that were written as a doubled quote (`""`), so one extra raw char each. */
  escapes?: number[];
}

export interface CsvRecord {
  cells: CsvCell[];
  start: number;
  end: number;
}

export interface CsvProblem {
  code: 'map.csv-unclosed-quote' | 'map.csv-stray-quote';
  message: string;
  start: number;
  end: number;
}

export interface CsvParseResult {
  records: CsvRecord[];
  problems: CsvProblem[];
  /** Whether the file used CRLF line ends, so a writer can keep them. */
  crlf: boolean;
  bom: boolean;
  /** Set when `maxRecords` was reached with more text left: the offset where the first unread record starts. */
  stoppedAt?: number;
}

export interface CsvParseOptions {
  /** Stop after this many records, allocating nothing for the rest of the text (hostile or generated files). */
  maxRecords?: number;
}

/** Maps an index inside a cell's value to the offset in the file, accounting for doubled quotes. */
export function cellOffset(cell: CsvCell, valueIndex: number): number {
  let extra = 0;
  if (cell.escapes) for (const e of cell.escapes) if (e < valueIndex) extra++;
  return cell.contentStart + valueIndex + extra;
}

export function parseCsv(text: string, opts: CsvParseOptions = {}): CsvParseResult {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let i = 0;
  const n = text.length;
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) i = 1;
  let crlf = false;
  const maxRecords = opts.maxRecords ?? Infinity;
  let stoppedAt: number | undefined;
  while (i < n) {
    if (records.length >= maxRecords) {
      // Only whitespace left is not "more records"; anything else is where reading stopped.
      let j = i;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j < n) stoppedAt = i;
      break;
    }
    const recStart = i;
    const cells: CsvCell[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      const start = i;
      if (text.charCodeAt(i) === 34 /* " */) {
        i++;
        const contentStart = i;
        let value = '';
        let chunk = i;
        let escapes: number[] | undefined;
        let closed = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              value += text.slice(chunk, i + 1);
              (escapes ??= []).push(value.length - 1);
              i += 2;
              chunk = i;
              continue;
            }
            value += text.slice(chunk, i);
            i++;
            closed = true;
            break;
          }
          i++;
        }
        if (!closed) {
          value += text.slice(chunk, i);
          problems.push({
            code: 'map.csv-unclosed-quote',
            message: 'This quoted cell is never closed, so the rest of the file was read as part of it. Add the closing `"` (write a quote inside a cell as `""`).',
            start,
            end: start + 1,
          });
        }
        // RFC 4180 allows nothing between the closing quote and the delimiter; keep the text rather than drop it.
        const afterQuote = i;
        while (i < n && !isDelimiterOrEol(text.charCodeAt(i))) i++;
        if (i > afterQuote) {
          value += text.slice(afterQuote, i);
          problems.push({
            code: 'map.csv-stray-quote',
            message: 'Text follows the closing quote of this cell. Quote the whole cell and write quotes inside it as `""`.',
            start: afterQuote,
            end: i,
          });
        }
        cells.push({ value, start, end: i, contentStart, quoted: true, escapes });
      } else {
        while (i < n && !isDelimiterOrEol(text.charCodeAt(i))) i++;
        cells.push({ value: text.slice(start, i), start, end: i, contentStart: start, quoted: false });
      }
      if (i >= n) {
        endOfRecord = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === 44 /* , */) i++;
        else {
          // \r\n, \n or lone \r end the record.
          if (c === 13 && text.charCodeAt(i + 1) === 10) {
            crlf = true;
            i += 2;
          } else i++;
          endOfRecord = true;
        }
      }
    }
    const last = cells[cells.length - 1];
    const blank = cells.length === 1 && !last.quoted && last.value.trim() === '';
    if (!blank) records.push({ cells, start: recStart, end: last.end });
  }
  return { records, problems, crlf, bom, stoppedAt };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isDelimiterOrEol(c: number): boolean {
  return c === 44 || c === 10 || c === 13;
}

/** Quotes a value only when RFC 4180 requires it (delimiter, quote, line break, or edge whitespace). */
export function csvQuote(value: string): string {
  if (/[",\r\n]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function writeCsv(rows: string[][], eol = '\n'): string {
  return rows.map((r) => r.map(csvQuote).join(',')).join(eol) + eol;
}
