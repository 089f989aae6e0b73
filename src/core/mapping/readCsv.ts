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

export function cellSpan(cell: CsvCell): TextSpan {
  return {
    start: cell.start,
    end: cell.end,
    contentStart: cell.contentStart,
    escapes: cell.escapes?.map((i) => [i, 1] as [number, number]),
  };
}

/** Reads a mapping CSV. Never throws: structural problems become `map.csv-*` diagnostics. */
export function readMappingCsv(text: string): MappingDocument {
  const parsed = parseCsv(text);
  let lines: LineIndex | undefined;
  const at = (start: number, end: number) => (lines ??= new LineIndex(text)).range(start, end);
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
  const columns: Array<Column | undefined> = first.cells.map((c) => HEADER_ALIASES[headerKey(c.value)]);
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
