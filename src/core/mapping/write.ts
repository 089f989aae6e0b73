import { writeCsv } from './csv';
import type { MappingDocument, MappingRow } from './types';

/** Mapping-set JSON as the Data Prep API takes it (aep-streaming-and-dataprep.md §5.4). Legacy rows come out in the current form. */
export function toMappingSetJson(doc: MappingDocument): string {
  const out: Record<string, unknown> = {};
  if (doc.outputSchema !== undefined) out.outputSchema = doc.outputSchema;
  if (doc.setExtra) Object.assign(out, doc.setExtra);
  out.mappings = doc.rows.map((r) => {
    const m: Record<string, unknown> = { sourceType: r.sourceType, source: r.source, destination: r.destination };
    if (r.name !== undefined) m.name = r.name;
    if (r.description !== undefined) m.description = r.description;
    for (const [k, v] of Object.entries(r.extra ?? {})) if (k !== '$legacy') m[k] = v;
    return m;
  });
  return JSON.stringify(out, null, 2) + '\n';
}

const CANONICAL: Record<string, (r: MappingRow) => string | undefined> = {
  sourcetype: (r) => r.sourceType,
  type: (r) => r.sourceType,
  source: (r) => r.source,
  sourcefield: (r) => r.source,
  sourceattribute: (r) => r.source,
  destination: (r) => r.destination,
  target: (r) => r.destination,
  targetfield: (r) => r.destination,
  destinationfield: (r) => r.destination,
  destinationxdmpath: (r) => r.destination,
  description: (r) => r.description,
  name: (r) => r.name,
};

/**
 * The mapping CSV. A CSV read from a file keeps its own header names and order; otherwise the
 * header is `sourceType,source,destination[,name][,description]` plus any extra columns.
 * Without a sourceType column a STATIC constant is written as a quoted literal so it reads back as STATIC.
 */
export function toMappingCsv(doc: MappingDocument): string {
  let header = doc.csvHeader;
  if (!header) {
    header = ['sourceType', 'source', 'destination'];
    if (doc.rows.some((r) => r.name !== undefined)) header.push('name');
    if (doc.rows.some((r) => r.description !== undefined)) header.push('description');
  }
  const known = new Set(header);
  const extraCols: string[] = [];
  for (const r of doc.rows)
    for (const [k, v] of Object.entries(r.extra ?? {}))
      if (k !== '$legacy' && !known.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        known.add(k);
        extraCols.push(k);
      }
  const cols = [...header, ...extraCols];
  const hasType = cols.some((c) => /^(source[\s_-]*type|type)$/i.test(c.trim()));
  const rows = doc.rows.map((r) =>
    cols.map((c) => {
      const get = CANONICAL[c.trim().toLowerCase().replace(/[\s_-]+/g, '')];
      if (get) {
        const v = get(r) ?? '';
        if (!hasType && get === CANONICAL.source && r.sourceType === 'STATIC') return JSON.stringify(v);
        return v;
      }
      const v = r.extra?.[c];
      return v === undefined || v === null ? '' : String(v);
    }),
  );
  // Rows past the row cap were never parsed: put them back as they were (map.too-many-rows).
  return writeCsv([cols, ...rows], doc.eol ?? '\n') + (doc.unreadTail ?? '');
}
