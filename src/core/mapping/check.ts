import { compileExpression, functionCatalog, type CallRef, type FieldRef, type FunctionInfo } from '../dataprep';
import type { CoreDiagnostic, Fix, Severity } from '../diagnostics';
import type { XdmField, XdmSchema } from '../xdm';
import { isXdmDateTime } from '../xdm';
import { formatPath, parsePath, type PathSegment } from './path';
import { lineIndexOf, rowDiagnosticRange } from './locate';
import { MOENGAGE_SOURCE_FIELDS } from './moengageFields';
import type { MappingDocument, MappingRow } from './types';

export interface CheckMappingOptions {
  schema?: XdmSchema;
  /** Example events (already split from payload files) used to know which source fields exist and their types. */
  samplePayloads?: unknown[];
  /** Known MoEngage source fields in path syntax; `*` matches any key (`event_attributes.*`). */
  payloadSchemaFields?: string[];
}

const SOURCE = 'moe-aep.mapping';
/** Functions whose result is a date or a formatted date string, accepted for XDM date-time fields (§5.2 Date and time). */
const DATE_FUNCTIONS = new Set(['dformat', 'date', 'format', 'now', 'make_date_time', 'make_timestamp', 'zone_date_to_utc', 'zone_date_to_zone', 'set_date_part']);

/** Static checks of a mapping document (codes `map.*`, documented in docs/mapping.md). */
export function checkMapping(doc: MappingDocument, opts: CheckMappingOptions = {}): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [...doc.problems];
  const diag = (severity: Severity, code: string, message: string, row: MappingRow, part: 'source' | 'destination' | 'row' | 'sourceType', start?: number, end?: number, fixes?: Fix[]) =>
    out.push({ range: rowDiagnosticRange(doc, row.index, part, start, end), severity, code, message, source: SOURCE, fixes });
  const known = opts.samplePayloads || opts.payloadSchemaFields ? knownSourceFields(opts.samplePayloads ?? [], [...MOENGAGE_SOURCE_FIELDS, ...(opts.payloadSchemaFields ?? [])]) : undefined;
  const seenDest = new Map<string, MappingRow>();
  const primaries: Array<{ row: MappingRow; value: 'true' | 'false' | 'unknown' }> = [];
  const identityNamespaces = new Set<string>();

  for (const row of doc.rows) {
    if (row.source.trim() === '' && row.sourceType !== 'STATIC') diag('error', 'map.empty-source', `Row ${row.index + 1} has no source. Give a payload field, an expression or a STATIC value.`, row, 'row');
    // Destinations are XDM paths: whitespace around them means nothing, but the file keeps it (lossless round trip).
    const destination = row.destination.trim();
    if (destination === '') {
      diag('error', 'map.empty-destination', `Row ${row.index + 1} has no destination. Give the XDM field path it fills, e.g. \`_id\`.`, row, 'row');
      continue;
    }
    // --- destination
    const dest = parsePath(destination);
    let field: XdmField | undefined;
    if (dest.error) {
      diag('error', 'map.destination-syntax', `Destination "${row.destination}": ${dest.error.message}`, row, 'destination', dest.error.start, dest.error.end);
    } else if (opts.schema) {
      field = opts.schema.findField(destination);
      if (!field) unknownDestination(doc, row, opts.schema, out);
    }
    const normDest = destination.replace(/\s+/g, '');
    const prev = seenDest.get(normDest);
    if (prev)
      diag('warning', 'map.duplicate-destination', `"${row.destination}" is already filled by row ${prev.index + 1}; this later row overwrites it. Remove one of them or map to a different field.`, row, 'destination');
    else seenDest.set(normDest, row);
    if (!dest.error) {
      const segs = dest.segments;
      if (segs[0]?.kind === 'key' && segs[0].name === 'identityMap' && segs[1]?.kind === 'key') {
        identityNamespaces.add(segs[1].name);
        const last = segs[segs.length - 1];
        if (last.kind === 'key' && last.name === 'primary') {
          const v = row.sourceType === 'STATIC' || /^\s*(true|false)\s*$/.test(row.source) ? (/^\s*true\s*$/i.test(row.source) ? 'true' : 'false') : 'unknown';
          primaries.push({ row, value: v });
        }
      }
    }
    // --- source
    let sourceRefs: Array<{ path: PathSegment[]; text: string; start: number; end: number }> = [];
    let calls: CallRef[] = [];
    if (row.sourceType === 'ATTRIBUTE') {
      const p = parsePath(row.source.trim());
      const lead = row.source.length - row.source.trimStart().length;
      if (p.error) diag('error', 'map.source-syntax', `Source "${row.source}": ${p.error.message}`, row, 'source', lead + p.error.start, lead + p.error.end);
      else sourceRefs = [{ path: p.segments, text: row.source.trim(), start: lead, end: lead + row.source.trim().length }];
    } else if (row.sourceType === 'EXPRESSION') {
      const expr = compileExpression(row.source);
      calls = expr.calls;
      sourceRefs = expr.fieldRefs.map((f: FieldRef) => ({ path: f.path.map((s) => (s === '*' ? { kind: 'all' } : { kind: 'key', name: s }) as PathSegment), text: f.text, start: f.start, end: f.end }));
      for (const e of expr.errors) {
        if (/unknown-function|arity|unavailable/.test(e.code)) continue; // reported below with map.* codes
        diag('error', 'map.expression-syntax', e.message, row, 'source', e.start, e.end);
      }
      for (const call of expr.calls) checkCall(call, row, diag);
      dformatSeconds(doc, row, calls, sourceRefs, diag);
    }
    if (known) {
      for (const ref of sourceRefs) {
        if (!isKnown(known, ref.path))
          diag('warning', 'map.unknown-source-field', `"${ref.text}" is not a field of the example payloads or known MoEngage fields. Check the spelling (paths are case-sensitive, §5.1) or add an example payload that has it.`, row, 'source', ref.start, ref.end);
      }
    }
    if (field) typeMismatch(row, field, sourceRefs, calls, opts.samplePayloads ?? [], diag);
  }

  // --- whole-document checks
  if (opts.schema) {
    for (const f of opts.schema.fields.values()) {
      if (!f.required || f.path.includes('*')) continue;
      const mapped = doc.rows.some((r) => {
        const d = r.destination.trim();
        return d === f.path || d.startsWith(f.path + '.') || f.path.startsWith(d + '.');
      });
      if (!mapped)
        out.push({
          range: doc.rows[0] ? rowDiagnosticRange(doc, 0, 'row') : lineIndexOf(doc).range(0, 0),
          severity: 'error',
          code: 'map.required-unmapped',
          message: `The schema requires "${f.path}" but no row maps it, so AEP rejects every event (ExperienceEvent requires _id and timestamp, aep-streaming-and-dataprep.md §6.3). Add a row with destination ${f.path}.`,
          source: SOURCE,
        });
    }
  }
  if (identityNamespaces.size > 0 && !primaries.some((p) => p.value === 'unknown')) {
    const trues = primaries.filter((p) => p.value === 'true');
    if (trues.length === 0) {
      const anchor = doc.rows.find((r) => r.destination.trim().startsWith('identityMap.'))!;
      diag('error', 'map.identity-primary', `No identity is marked primary. Set exactly one \`identityMap.<namespace>[0].primary\` to true and the others to false (integration guide, "Important Mapping Notes").`, anchor, 'destination');
    } else if (trues.length > 1) {
      for (const p of trues.slice(1))
        diag('error', 'map.identity-primary', `More than one identity is primary (also row ${trues[0].row.index + 1}). Only ONE identity may have primary: true (integration guide, "Important Mapping Notes"); set this one to false.`, p.row, 'source');
    }
  }
  return out;
}

function unknownDestination(doc: MappingDocument, row: MappingRow, schema: XdmSchema, out: CoreDiagnostic[]): void {
  const suggestions = schema.suggest(row.destination.trim());
  const range = rowDiagnosticRange(doc, row.index, 'destination');
  const span = row.loc?.destination;
  const fixes: Fix[] = [];
  if (span) {
    for (const s of suggestions) {
      if (s.includes('*')) continue;
      const li = lineIndexOf(doc);
      const quoted = doc.format === 'json' || /[",\r\n]/.test(s);
      const newText = doc.format === 'json' ? JSON.stringify(s) : quoted ? `"${s.replace(/"/g, '""')}"` : s;
      fixes.push({ title: `Change to ${s}`, preferred: fixes.length === 0, edits: [{ range: li.range(span.start, span.end), newText }] });
    }
  }
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : schema.tenant && !row.destination.startsWith('_') ? ` Custom fields live under the tenant object "${schema.tenant}".` : '';
  out.push({
    range,
    severity: 'error',
    code: 'map.unknown-destination',
    message: `"${row.destination}" is not a field of the XDM schema${schema.title ? ` "${schema.title}"` : ''}.${hint}`,
    source: SOURCE,
    fixes: fixes.length ? fixes : undefined,
  });
}

type Diag = (severity: Severity, code: string, message: string, row: MappingRow, part: 'source' | 'destination' | 'row', start?: number, end?: number, fixes?: Fix[]) => void;

function lookupFunction(name: string): FunctionInfo | undefined {
  const direct = functionCatalog.get(name);
  if (direct) return direct;
  for (const f of functionCatalog.values()) if (f.aliases?.includes(name)) return f;
  return undefined;
}

function checkCall(call: CallRef, row: MappingRow, diag: Diag): void {
  // Java-style string methods (`"s".equalsIgnoreCase(x)`, §5.1) are not catalog functions.
  if (['equals', 'equalsIgnoreCase', 'get'].includes(call.name)) return;
  const nameEnd = call.start + call.name.length;
  const info = lookupFunction(call.name);
  if (!info) {
    const close = [...functionCatalog.keys()].filter((k) => similar(k, call.name)).slice(0, 3);
    diag('error', 'map.unknown-function', `"${call.name}" is not a Data Prep function.${close.length ? ` Did you mean ${close.map((c) => `${c}()`).join(' or ')}?` : ''} See aep-streaming-and-dataprep.md §5.2 for the list.`, row, 'source', call.start, nameEnd);
    return;
  }
  if (call.argCount < info.minArgs || call.argCount > info.maxArgs) {
    const want = info.minArgs === info.maxArgs ? `${info.minArgs}` : info.maxArgs === Infinity ? `at least ${info.minArgs}` : `${info.minArgs} to ${info.maxArgs}`;
    diag('error', 'map.function-arity', `${call.name}() takes ${want} argument${want === '1' ? '' : 's'} but is given ${call.argCount}. Usage: ${info.signatures.join(' | ')}.`, row, 'source', call.start, call.end);
  }
  if (info.availability !== 'available') {
    const why =
      info.availability === 'destination-only' ? 'only works in destination (export) mappings' : info.availability === 'analytics-only' ? 'only works in Analytics/Web SDK flows' : 'only works for Profile updates';
    diag('error', 'map.function-unavailable', `${call.name}() ${why}, not in a streaming source mapping (${info.reference}). Use another function.`, row, 'source', call.start, nameEnd);
  }
}

function similar(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y || x.replace(/_/g, '') === y.replace(/_/g, '')) return true;
  if (Math.abs(x.length - y.length) > 2) return false;
  let diff = 0;
  const dp: number[] = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const t = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (x[i - 1] === y[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  diff = dp[y.length];
  return diff <= 2;
}

/**
 * MoEngage times are epoch seconds but dformat() takes milliseconds: the guide's formula is
 * `dformat((time * 1000), "yyyy-MM-dd'T'HH:mm:ssX")` (integration guide, "Important Mapping Notes").
 */
function dformatSeconds(doc: MappingDocument, row: MappingRow, calls: CallRef[], refs: Array<{ path: PathSegment[]; start: number; end: number }>, diag: Diag): void {
  for (const call of calls) {
    if (call.name !== 'dformat') continue;
    const open = row.source.indexOf('(', call.start + call.name.length);
    if (open < 0) continue;
    const argEnd = firstArgEnd(row.source, open + 1, call.end);
    const arg = row.source.slice(open + 1, argEnd);
    const timeRef = refs.find((r) => r.start > open && r.end <= argEnd && isEpochSecondsField(r.path));
    if (!timeRef || /1000|1e3/i.test(arg)) continue;
    const a = open + 1 + (arg.length - arg.trimStart().length);
    const b = open + 1 + arg.trimEnd().length;
    const replacement = escapeForCell(doc, row, `(${row.source.slice(a, b)} * 1000)`);
    diag('warning', 'map.dformat-seconds', `dformat() takes epoch milliseconds but "${row.source.slice(timeRef.start, timeRef.end)}" is MoEngage epoch seconds (moengage-streams.md §1.5). Multiply by 1000: dformat((time * 1000), …) as the integration guide shows.`, row, 'source', timeRef.start, timeRef.end, [
      { title: 'Multiply by 1000', preferred: true, edits: [{ range: rowDiagnosticRange(doc, row.index, 'source', a, b), newText: replacement }] },
    ]);
  }
}

/** Text for an edit inside a cell: CSV quoted cells double their quotes, JSON strings escape them. */
function escapeForCell(doc: MappingDocument, row: MappingRow, text: string): string {
  if (doc.format === 'json') return JSON.stringify(text).slice(1, -1);
  const span = row.loc?.source;
  return span && span.contentStart > span.start ? text.replace(/"/g, '""') : text;
}

function firstArgEnd(s: string, from: number, limit: number): number {
  let depth = 0;
  for (let i = from; i < Math.min(limit, s.length); i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const q = c;
      for (i++; i < s.length && s[i] !== q; i++) if (s[i] === '\\') i++;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (depth === 0) return i;
      depth--;
    } else if (c === ',' && depth === 0) return i;
  }
  return Math.min(limit, s.length);
}

function isEpochSecondsField(path: PathSegment[]): boolean {
  const last = path[path.length - 1];
  return path.length <= 2 && last?.kind === 'key' && (last.name === 'time' || last.name === 'event_time');
}

function typeMismatch(row: MappingRow, field: XdmField, refs: Array<{ path: PathSegment[]; start: number; end: number }>, calls: CallRef[], samples: unknown[], diag: Diag): void {
  const t = field.xdmType;
  const sampleValue = (p: PathSegment[]) => {
    for (const s of samples) {
      const v = valueAt(s, p);
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  };
  if (t === 'date-time' || t === 'date') {
    if (row.sourceType === 'STATIC') {
      if (t === 'date-time' && !isXdmDateTime(row.source))
        diag('error', 'map.type-mismatch', `"${row.source}" is not an XDM date-time for ${field.path}. Write it like 2024-11-12T14:20:00Z.`, row, 'source');
      return;
    }
    if (row.sourceType === 'EXPRESSION' && calls.some((c) => DATE_FUNCTIONS.has(c.name))) return;
    const v = refs.length === 1 ? sampleValue(refs[0].path) : undefined;
    if (typeof v === 'string' && isXdmDateTime(v)) return;
    if (row.sourceType === 'EXPRESSION' && v === undefined) return;
    const kind = typeof v === 'number' ? 'a number (epoch seconds?)' : 'a string';
    diag('warning', 'map.type-mismatch', `${field.path} is an XDM ${t} but this source is ${kind} that is not converted. Use dformat((time * 1000), "yyyy-MM-dd'T'HH:mm:ssX") for epoch seconds or date(${row.source.trim()}, "<its format>") for a string.`, row, 'source');
    return;
  }
  if (row.sourceType === 'STATIC') {
    if (field.enum && !field.enum.includes(row.source))
      diag('error', 'map.type-mismatch', `"${row.source}" is not one of the allowed values of ${field.path}: ${field.enum.join(', ')}.`, row, 'source');
    if (t === 'object' || t === 'map' || t === 'array') diag('error', 'map.type-mismatch', `${field.path} is an XDM ${t}; a STATIC text value cannot fill it. Map its fields instead.`, row, 'destination');
    return;
  }
  if (row.sourceType !== 'ATTRIBUTE' || refs.length !== 1) return;
  const v = sampleValue(refs[0].path);
  if (v === undefined) return;
  const isObj = typeof v === 'object';
  if (t === 'string' && isObj)
    diag('warning', 'map.type-mismatch', `${field.path} is a string but "${row.source.trim()}" is ${Array.isArray(v) ? 'an array' : 'an object'} in the example payloads. Map one of its fields, or a map-typed XDM field.`, row, 'source');
  else if (t === 'string' && typeof v === 'number' && field.enum)
    diag('warning', 'map.type-mismatch', `${field.path} is a string enum but "${row.source.trim()}" is a number in the example payloads. Convert it, e.g. decode(${row.source.trim()}, …).`, row, 'source');
  else if (['integer', 'number', 'long', 'int', 'short', 'byte', 'double'].includes(t) && typeof v === 'string')
    diag('warning', 'map.type-mismatch', `${field.path} is a number but "${row.source.trim()}" is text in the example payloads. Convert it with to_integer() or to_decimal().`, row, 'source');
  else if (t === 'boolean' && typeof v !== 'boolean')
    diag('warning', 'map.type-mismatch', `${field.path} is a boolean but "${row.source.trim()}" is ${typeof v} in the example payloads.`, row, 'source');
  else if ((t === 'object' || t === 'map') && !isObj)
    diag('warning', 'map.type-mismatch', `${field.path} is an XDM ${t} but "${row.source.trim()}" is ${typeof v} in the example payloads.`, row, 'source');
}

function valueAt(v: unknown, path: PathSegment[]): unknown {
  let cur = v;
  for (const s of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (s.kind === 'key') cur = Array.isArray(cur) ? undefined : (cur as Record<string, unknown>)[s.name];
    else if (s.kind === 'index') cur = Array.isArray(cur) ? cur[s.index] : undefined;
    else cur = Array.isArray(cur) ? cur[0] : undefined;
  }
  return cur;
}

/** All field paths of the samples, normalised (`a.b`, `list[*].x`), plus the declared known fields. */
function knownSourceFields(samples: unknown[], declared: string[]): { exact: Set<string>; patterns: RegExp[] } {
  const exact = new Set<string>();
  const walk = (v: unknown, prefix: string) => {
    if (prefix) exact.add(prefix);
    if (Array.isArray(v)) for (const el of v.slice(0, 50)) walk(el, `${prefix}[*]`);
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, formatPath(prefix ? [...parsePath(prefix).segments, { kind: 'key', name: k }] : [{ kind: 'key', name: k }]));
  };
  for (const s of samples) walk(s, '');
  const patterns: RegExp[] = [];
  for (const d of declared) {
    if (d.includes('*') && !d.includes('[*]')) patterns.push(new RegExp('^' + d.split('*').map((x) => x.replace(/[.[\]\\^$+?(){}|]/g, '\\$&')).join('[^.]+') + '$'));
    else exact.add(d);
  }
  return { exact, patterns };
}

function isKnown(known: { exact: Set<string>; patterns: RegExp[] }, path: PathSegment[]): boolean {
  const norm = formatPath(path.map((s) => (s.kind === 'index' ? { kind: 'all' } : s)));
  if (known.exact.has(norm)) return true;
  // A field under a leaf that is a string cannot exist, but a field under an object we saw as `{}` may.
  return known.patterns.some((p) => p.test(norm));
}
