import type { CoreDiagnostic } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import { parseCsv, type CsvCell } from './csv';
import { inferSourceType, normaliseSourceType } from './sourceType';
import type { MappingDocument, MappingRow, TextSpan } from './types';

type Column = 'sourceType' | 'source' | 'destination' | 'description' | 'name';

/**
 * The template's column names are UNCONFIRMED (aep-streaming-and-dataprep.md §5.5: shown only as an
 * image), so the common spellings are all accepted, compared without case, spaces or underscores.
 */
const HEADER_ALIASES: Record<string, Column> = {
  sourcetype: 'sourceType',
  type: 'sourceType',
  source: 'source',
  sourcefield: 'source',
  sourceattribute: 'source',
  destination: 'destination',
  target: 'destination',
  targetfield: 'destination',
  destinationfield: 'destination',
  destinationxdmpath: 'destination',
  description: 'description',
  name: 'name',
};

function headerKey(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/** Which mapping column a CSV header cell names (the reader and the editor's cursor context share this). */
export function headerColumn(cell: string): Column | undefined {
  return HEADER_ALIASES[headerKey(cell)];
}

export function cellSpan(cell: CsvCell): TextSpan {
  return {
    start: cell.start,
    end: cell.end,
    contentStart: cell.contentStart,
    escapes: cell.escapes?.map((i) => [i, 1] as [number, number]),
  };
}

/**
 * Most mapping rows read from one CSV. A real Data Prep mapping has a few hundred rows at most (one per
 * XDM field it fills; calculated fields are capped at 4096 characters each, aep-streaming-and-dataprep.md
 * §3), so 10,000 leaves ample room, while a generated or hostile file of a million rows would otherwise
 * keep span objects for every cell and exhaust the heap.
 */
export const MAX_MAPPING_ROWS = 10_000;

/** Reads a mapping CSV. Never throws: structural problems become `map.csv-*` diagnostics. */
export function readMappingCsv(text: string, opts: { maxRows?: number } = {}): MappingDocument {
  const maxRows = opts.maxRows ?? MAX_MAPPING_ROWS;
  // One record more than the cap: the header, or (without a header) the first row past the cap.
  const parsed = parseCsv(text, { maxRecords: maxRows + 1 });
  // Positions are only ever asked for inside the parsed part: never index the lines of an unread tail.
  const scanned = parsed.stoppedAt === undefined ? text : text.slice(0, parsed.stoppedAt);
  let lines: LineIndex | undefined;
  const at = (start: number, end: number) => (lines ??= new LineIndex(scanned)).range(start, end);
  const problems: CoreDiagnostic[] = parsed.problems.map((p) => ({
    range: at(p.start, p.end),
    severity: 'error',
    code: p.code,
    message: p.message,
    source: 'moe-aep.mapping',
  }));
  const doc: MappingDocument = { format: 'csv', rows: [], problems, text, eol: parsed.crlf ? '\r\n' : '\n' };
  if (parsed.records.length === 0) {
    problems.push({
      range: at(0, 0),
      severity: 'error',
      code: 'map.csv-no-header',
      message: 'The mapping file is empty. Start with a header row such as `sourceType,source,destination,description`.',
      source: 'moe-aep.mapping',
    });
    return doc;
  }
  const first = parsed.records[0];
  const columns: Array<Column | undefined> = first.cells.map((c) => headerColumn(c.value));
  let body = parsed.records.slice(1);
  let headerNames = first.cells.map((c) => c.value);
  if (!columns.includes('source') || !columns.includes('destination')) {
    problems.push({
      range: at(first.start, first.end),
      severity: 'error',
      code: 'map.csv-no-header',
      message:
        'The first row is not a header with `source` and `destination` columns (also accepted: "Source Field", sourceField, "Target Field", target, targetField). ' +
        'Add a header row such as `sourceType,source,destination,description`; the rows were read as source,destination meanwhile.',
      source: 'moe-aep.mapping',
    });
    // Read every record positionally so nothing the user wrote is lost while the header is fixed.
    columns.length = 0;
    columns.push('source', 'destination', 'description');
    headerNames = ['source', 'destination', 'description'];
    body = parsed.records;
  }
  let stoppedAt = parsed.stoppedAt;
  if (body.length > maxRows) {
    stoppedAt = body[maxRows].start;
    body = body.slice(0, maxRows);
  }
  if (stoppedAt !== undefined) {
    // The document is the part that was read; the rest is kept verbatim for writing back.
    doc.text = text.slice(0, stoppedAt);
    doc.unreadTail = text.slice(stoppedAt);
    const lineEnd = text.indexOf('\n', stoppedAt);
    const start = at(stoppedAt, stoppedAt).start;
    const end = { line: start.line, character: start.character + (lineEnd < 0 ? text.length : lineEnd) - stoppedAt };
    problems.push({
      range: { start, end },
      severity: 'error',
      code: 'map.too-many-rows',
      message: `This mapping has more than ${maxRows.toLocaleString('en-US')} rows, so reading stopped here (line ${start.line + 1}); the rows from here on are kept in the file but not checked. A Data Prep mapping fills one XDM field per row and has at most a few hundred rows: remove generated or repeated rows, or split the file.`,
      source: 'moe-aep.mapping',
    });
  }
  doc.csvHeader = headerNames;
  const width = headerNames.length;
  for (const rec of body) {
    if (rec.cells.length !== width) {
      const extraCell = rec.cells[width];
      problems.push({
        range: extraCell ? at(extraCell.start, rec.end) : at(rec.start, rec.end),
        severity: 'error',
        code: 'map.csv-column-count',
        message: `This row has ${rec.cells.length} cells but the header has ${width}. ${rec.cells.length > width ? 'Quote cells that contain commas' : 'Add the missing cells'} so every row has ${width}.`,
        source: 'moe-aep.mapping',
      });
    }
    const row: MappingRow = {
      index: doc.rows.length,
      sourceType: 'ATTRIBUTE',
      sourceTypeInferred: true,
      source: '',
      destination: '',
      loc: { row: { start: rec.start, end: rec.end, contentStart: rec.start } },
    };
    let explicitType: { raw: string; cell: CsvCell } | undefined;
    rec.cells.forEach((cell, k) => {
      const col = columns[k];
      if (col === 'source') {
        row.source = cell.value;
        row.loc!.source = cellSpan(cell);
      } else if (col === 'destination') {
        row.destination = cell.value;
        row.loc!.destination = cellSpan(cell);
      } else if (col === 'sourceType') {
        row.loc!.sourceType = cellSpan(cell);
        if (cell.value.trim() !== '') explicitType = { raw: cell.value, cell };
      } else if (col === 'description') {
        if (cell.value !== '') row.description = cell.value;
      } else if (col === 'name') {
        if (cell.value !== '') row.name = cell.value;
      } else if (k < width && cell.value !== '') {
        (row.extra ??= {})[headerNames[k]] = cell.value;
      }
    });
    if (explicitType) {
      const t = normaliseSourceType(explicitType.raw);
      if (t) {
        row.sourceType = t;
        row.sourceTypeInferred = false;
        if (explicitType.raw.trim().toUpperCase() === 'CONSTANT') {
          problems.push({
            range: at(explicitType.cell.start, explicitType.cell.end),
            severity: 'warning',
            code: 'map.source-type-constant',
            message: 'AEP has no CONSTANT source type; constants are STATIC (aep-streaming-and-dataprep.md §5.4). Write STATIC.',
            source: 'moe-aep.mapping',
            fixes: [{ title: 'Replace with STATIC', preferred: true, edits: [{ range: at(explicitType.cell.start, explicitType.cell.end), newText: 'STATIC' }] }],
          });
        }
      } else {
        problems.push({
          range: at(explicitType.cell.start, explicitType.cell.end),
          severity: 'error',
          code: 'map.source-type-unknown',
          message: `"${explicitType.raw.trim()}" is not a Data Prep source type. Use ATTRIBUTE, EXPRESSION or STATIC (aep-streaming-and-dataprep.md §5.4).`,
          source: 'moe-aep.mapping',
        });
        applyInference(row);
      }
    } else applyInference(row);
    doc.rows.push(row);
  }
  return doc;
}

function applyInference(row: MappingRow): void {
  const inferred = inferSourceType(row.source);
  row.sourceType = inferred.sourceType;
  row.sourceTypeInferred = true;
  if (inferred.sourceType === 'STATIC' && inferred.source !== row.source && row.loc?.source) {
    // The constant sits inside its quotes: point the span past the opening quote.
    const lead = row.source.length - row.source.trimStart().length + 1;
    row.loc.source = { ...row.loc.source, contentStart: row.loc.source.contentStart + lead, escapes: row.loc.source.escapes?.map(([i, n]) => [i - lead, n] as [number, number]) };
  }
  row.source = inferred.source;
}
