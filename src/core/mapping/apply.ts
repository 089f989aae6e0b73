import { compileExpression, DataPrepEvalError, toXdmValue, type CompiledExpression, type EvalContext, type FieldRef } from '../dataprep';
import type { XdmField, XdmNode, XdmSchema } from '../xdm';
import { xdmTypeOf } from '../xdm';
import { compileGetter, compileSetter, parsePath, type PathSegment, type PathSetter } from './path';
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
  /** Compiled once: writes into the event's XDM. */
  write?: PathSetter;
  /** Compiled once: an object value's copy conformed to the destination field (§5.1 object copy). */
  copy?: Conformer;
  /** The destination has a `[*]` (an all-empty array then writes nothing). */
  spreads?: boolean;
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
      // Every object in the XDM is created per event (values are copied below), so merges may mutate.
      c.write = compileSetter(c.dest, { ownedTarget: true });
      c.copy = c.destField ? conformerFor(c.destField.node) : jsonCopy;
      c.spreads = c.dest.some((s) => s.kind === 'all');
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
        c.read = compileGetter(segs);
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
    if (!c.read || c.error || !c.write || c.dest.length === 0) continue;
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
    if (c.spreads && Array.isArray(value) && value.every((v) => v === undefined || v === null)) continue;
    // The XDM must never share objects with the payload record: later rows write into it.
    if (typeof value === 'object') value = c.copy!(value);
    c.write(xdm, value);
  }
  return { xdm, errors };
}

/** Copies an object value for one XDM node; returns primitives as they are. */
type Conformer = (value: unknown) => unknown;

function jsonCopy(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value));
}

const conformers = new WeakMap<XdmNode, Conformer>();

/**
 * Object copy semantics (§5.1): mapping a source object onto an XDM object copies only the children
 * with the same names. Maps of strings (the seed's "JsonMap" attribute fields) get string values:
 * nested objects/arrays become JSON text, numbers and booleans their text.
 *
 * Compiled once per schema node (and lazily per child, so a large schema costs only what a mapping
 * reaches): the node's XDM type and children are looked up here, not for every value of every event.
 * A value whose shape does not fit the node is copied as JSON, so the XDM never shares it with the record.
 */
function conformerFor(node: XdmNode): Conformer {
  let c = conformers.get(node);
  if (!c) {
    c = buildConformer(node);
    conformers.set(node, c);
  }
  return c;
}

function buildConformer(node: XdmNode): Conformer {
  const t = xdmTypeOf(node);
  if (t === 'map') {
    const ap = node.additionalProperties;
    const valueNode = typeof ap === 'object' ? ap : undefined;
    if (valueNode && xdmTypeOf(valueNode) === 'string') {
      return (value) => {
        if (value === null || typeof value !== 'object') return value;
        if (Array.isArray(value)) return jsonCopy(value);
        const src = value as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(src)) {
          const v = src[k];
          if (v === null || v === undefined) continue;
          out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
        }
        return out;
      };
    }
    let child: Conformer | undefined;
    return (value) => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return jsonCopy(value);
      const conform = (child ??= valueNode ? conformerFor(valueNode) : jsonCopy);
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(src)) {
        const v = src[k];
        if (v !== null && v !== undefined) out[k] = conform(v);
      }
      return out;
    };
  }
  if (t === 'object' && node.properties) {
    const props = node.properties;
    const children = new Map<string, Conformer>();
    return (value) => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return jsonCopy(value);
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(src)) {
        const v = src[k];
        if (v === null || v === undefined) continue;
        let conform = children.get(k);
        if (!conform) {
          if (!Object.prototype.hasOwnProperty.call(props, k)) continue;
          conform = conformerFor(props[k]);
          children.set(k, conform);
        }
        out[k] = conform(v);
      }
      return out;
    };
  }
  if (t === 'array' && node.items) {
    const items = node.items;
    let item: Conformer | undefined;
    return (value) => {
      if (value === null || typeof value !== 'object') return value;
      if (!Array.isArray(value)) return jsonCopy(value);
      const conform = (item ??= conformerFor(items));
      return value.map((v) => conform(v));
    };
  }
  return jsonCopy;
}
