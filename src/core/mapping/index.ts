/** Mapping documents (CSV and mapping-set JSON), apply/transform, and static checks. */
export type { MappingDocument, MappingRow, SourceType, TextSpan } from './types';
export { spanOffset } from './types';
export { readMappingDocument } from './read';
export { readMappingCsv } from './readCsv';
export { readMappingJson } from './readJson';
export { toMappingCsv, toMappingSetJson } from './write';
export { parseCsv, writeCsv, csvQuote, cellOffset, type CsvCell, type CsvRecord } from './csv';
export { parsePath, formatPath, getPath, setPath, type PathSegment } from './path';
export { inferSourceType } from './sourceType';
export { compileMapping, applyMapping, type CompiledMapping, type CompiledRow, type TransformError, type ApplyResult } from './apply';
export { transformPayload, type TransformResult, type TransformedEvent, type TracedIssue } from './transform';
export { splitPayload, PayloadLocator, type PayloadEvent, type SplitPayload } from './payload';
export { checkMapping, type CheckMappingOptions } from './check';
export { rowDiagnosticRange, transformErrorDiagnostic } from './locate';
export { mappingCellAt, callAt, wordAt, type CellAtCursor, type MappingColumn } from './cursor';
export { MOENGAGE_SOURCE_FIELDS } from './moengageFields';
