import { readMappingCsv } from './readCsv';
import { readMappingJson } from './readJson';
import type { MappingDocument } from './types';

/** Picks the reader from the file name, or from the content when there is none (JSON starts with `{` or `[`). */
export function readMappingDocument(text: string, fileName?: string): MappingDocument {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return readMappingJson(text);
  if (lower.endsWith('.csv')) return readMappingCsv(text);
  const head = text.replace(/^\uFEFF/, '').trimStart()[0];
  return head === '{' || head === '[' ? readMappingJson(text) : readMappingCsv(text);
}
