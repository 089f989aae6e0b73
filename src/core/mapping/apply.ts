import { compileExpression, DataPrepEvalError, toXdmValue, type CompiledExpression, type EvalContext, type FieldRef } from '../dataprep';
import type { XdmField, XdmNode, XdmSchema } from '../xdm';
import { xdmTypeOf } from '../xdm';
import { getPath, parsePath, setPath, type PathSegment } from './path';
import type { MappingDocument, MappingRow } from './types';

/** A problem while running one mapping row. `start`/`end` are offsets inside the row's source text (the expression). */
export interface TransformError {
  code: string;
  message: string;
  /** Index of the mapping row (0-based among mappings). */
  row: number;
  destination: string;
  start?: number;
  end?: number;
}

export interface CompiledRow {
  row: MappingRow;
  dest: PathSegment[];
  /** The schema field of the destination, when a schema was given. */
  destField?: XdmField;
  /** Source field paths this row reads (ATTRIBUTE: the path; EXPRESSION: its field references). */
  sourcePaths: PathSegment[][];
  read?: (record: unknown, ctx?: EvalContext) => unknown;
  expr?: CompiledExpression;
  /** Why this row cannot run (syntax error in source or destination); the row then writes nothing. */
  error?: TransformError;
}

export interface CompiledMapping {
  rows: CompiledRow[];
  errors: TransformError[];
  schema?: XdmSchema;
}

/** Compiles every row once (expressions to closures, paths to segments) so applying costs no parsing per event. */
export function compileMapping(doc: MappingDocument | MappingRow[], opts: { schema?: XdmSchema } = {}): CompiledMapping {
  const rows = Array.isArray(doc) ? doc : doc.rows;
  const out: CompiledMapping = { rows: [], errors: [], schema: opts.schema };
  for (const row of rows) {
    const c: CompiledRow = { row, dest: [], sourcePaths: [] };
    const dest = parsePath(row.destination.trim());
    if (dest.error) {
      c.error = { code: 'map.destination-syntax', message: `Destination "${row.destination}": ${dest.error.message}`, row: row.index, destination: row.destination };
    } else {
      c.dest = dest.segments;
      c.destField = opts.schema?.findField(row.destination.trim());
    }
    if (row.sourceType === 'STATIC') {
      const constant = staticValue(row.source, c.destField);
      c.read = () => constant;
    } else if (row.sourceType === 'ATTRIBUTE') {
      const src = parsePath(row.source.trim());
      if (src.error) {
        c.error ??= { code: 'map.source-syntax', message: `Source "${row.source}": ${src.error.message}`, row: row.index, destination: row.destination, start: src.error.start, end: src.error.end };
      } else {
        const segs = src.segments;
        c.sourcePaths.push(segs);
        c.read = (record) => getPath(record, segs);
      }
    } else {
      const expr = compileExpression(row.source);
      c.expr = expr;
      c.sourcePaths = expr.fieldRefs.map((f: FieldRef) => f.path.map(toSegment));
      if (expr.errors.length) {
        const e = expr.errors[0];
        c.error ??= { code: 'map.expression-syntax', message: e.message, row: row.index, destination: row.destination, start: e.start, end: e.end };
      } else c.read = (record, ctx) => toXdmValue(expr.evaluate(record, ctx));
    }
    if (c.error) out.errors.push(c.error);
    out.rows.push(c);
  }
  return out;
}

function toSegment(p: string): PathSegment {
  if (p === '*') return { kind: 'all' };
  return { kind: 'key', name: p };
}

/** STATIC values are text in a mapping set; give numbers/booleans their schema type so "42" lands as 42 in an integer field. */
function staticValue(source: string, field?: XdmField): unknown {
  const t = field?.xdmType;
  if (!t) return source;
  if (t === 'boolean') {
    // Data Prep's string → boolean coercion (aep-streaming-and-dataprep.md §5.3).
    if (/^(y|yes|on|true)$/i.test(source)) return true;
    if (/^(n|no|off|false)$/i.test(source)) return false;
    return source;
  }
  if (['number', 'integer', 'long', 'int', 'short', 'byte', 'double'].includes(t) && source.trim() !== '' && !isNaN(Number(source))) return Number(source);
  return source;
}

export interface ApplyResult {
  xdm: Record<string, unknown>;
  errors: TransformError[];
}

/**
 * Runs a compiled mapping on one source record. A row that fails at runtime leaves its attribute
 * unset and the rest of the row is kept ("any transformation errors … result in those attributes
 * being set to null, while the rest of the row will be ingested", aep-streaming-and-dataprep.md §5.1).
 */
export function applyMapping(compiled: CompiledMapping, record: unknown, ctx?: EvalContext): ApplyResult {
  const xdm: Record<string, unknown> = {};
  const errors: TransformError[] = [];
  for (const c of compiled.rows) {
    if (!c.read || c.error || c.dest.length === 0) continue;
    let value: unknown;
    try {
      value = c.read(record, ctx);
    } catch (e) {
      const why = (e as Error)?.message ?? String(e);
      errors.push({
        code: 'map.transform-error',
        message: `Row ${c.row.index + 1} → ${c.row.destination}: ${why}${/[.!?]$/.test(why) ? '' : '.'} The attribute is left empty and the rest of the event is kept.`,
        row: c.row.index,
        destination: c.row.destination,
        start: e instanceof DataPrepEvalError ? e.start : undefined,
        end: e instanceof DataPrepEvalError ? e.end : undefined,
      });
      continue;
    }
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && c.dest.some((s) => s.kind === 'all') && value.every((v) => v === undefined || v === null)) continue;
    // The XDM must never share objects with the payload record: later rows write into it.
    if (typeof value === 'object') value = c.destField ? conform(c.destField.node, value, true) : JSON.parse(JSON.stringify(value));
    setPath(xdm, c.dest, value);
  }
  return { xdm, errors };
}

/**
 * Object copy semantics (§5.1): mapping a source object onto an XDM object copies only the children
 * with the same names. Maps of strings (the seed's "JsonMap" attribute fields) get string values:
 * nested objects/arrays become JSON text, numbers and booleans their text.
 */
function conform(node: XdmNode, value: unknown, copy = false): unknown {
  if (value === null || typeof value !== 'object') return value;
  const t = xdmTypeOf(node);
  if (copy && t !== 'map' && !(t === 'object' && node.properties) && !(t === 'array' && node.items)) return JSON.parse(JSON.stringify(value));
  if (t === 'map' && Array.isArray(value) === false) {
    const ap = node.additionalProperties;
    const valueNode = typeof ap === 'object' ? ap : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      if (valueNode && xdmTypeOf(valueNode) === 'string') out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
      else out[k] = valueNode ? conform(valueNode, v, true) : JSON.parse(JSON.stringify(v));
    }
    return out;
  }
  if (t === 'object' && node.properties && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = node.properties[k];
      if (child && v !== null && v !== undefined) out[k] = conform(child, v, true);
    }
    return out;
  }
  if (t === 'array' && node.items && Array.isArray(value)) return value.map((v) => conform(node.items!, v, true));
  return value;
}
