import type { EvalContext } from '../dataprep';
import type { XdmIssue, XdmSchema } from '../xdm';
import { applyMapping, compileMapping, type CompiledMapping, type CompiledRow, type TransformError } from './apply';
import { formatPath, pointerToSegments, type PathSegment } from './path';
import { PayloadLocator, splitPayload, type PayloadEvent, type PayloadProblem } from './payload';
import type { MappingDocument } from './types';

/** A schema issue traced back to the mapping row that wrote the field and the payload field it came from. */
export interface TracedIssue extends XdmIssue {
  /** XDM path of the offending field (`identityMap.Email[0].id`). */
  xdmPath: string;
  /** Mapping row (0-based) whose destination produced the field; absent for a required field no row maps. */
  row?: number;
  /** Payload field(s) the row reads, in mapping path syntax. */
  sourceFields?: string[];
  /** Offsets in the payload text of the first of those fields present in this event. */
  payloadRange?: { start: number; end: number };
}

export interface TransformedEvent {
  index: number;
  xdm: Record<string, unknown>;
  errors: TransformError[];
  issues: TracedIssue[];
  /** Offsets of the event in the payload text, for diagnostics on the payload. */
  payloadRange?: { start: number; end: number };
}

export interface TransformResult {
  shape: ReturnType<typeof splitPayload>['shape'];
  events: TransformedEvent[];
  /** Rows that could not be compiled (they write nothing for every event). */
  mappingErrors: TransformError[];
  payloadProblems: PayloadProblem[];
}

/** Transforms every event of a payload; the mapping is compiled once and the schema validator once. */
export function transformPayload(
  payloadText: string,
  mapping: MappingDocument | CompiledMapping,
  schema?: XdmSchema,
  opts: { ctx?: EvalContext } = {},
): TransformResult {
  const compiled = 'rows' in mapping && 'errors' in mapping && !('problems' in mapping) ? (mapping as CompiledMapping) : compileMapping(mapping as MappingDocument, { schema });
  const effectiveSchema = schema ?? compiled.schema;
  const split = splitPayload(payloadText);
  const locator = new PayloadLocator(payloadText);
  const events: TransformedEvent[] = [];
  for (const ev of split.events) {
    const { xdm, errors } = applyMapping(compiled, ev.record, opts.ctx);
    const raw = effectiveSchema ? effectiveSchema.validate(xdm) : [];
    const issues = raw.map((i) => trace(i, compiled, ev, locator));
    const out: TransformedEvent = { index: ev.index, xdm, errors, issues };
    if (errors.length || issues.length) out.payloadRange = locator.locate(ev, []);
    events.push(out);
  }
  return { shape: split.shape, events, mappingErrors: compiled.errors, payloadProblems: split.problems };
}

function trace(issue: XdmIssue, compiled: CompiledMapping, ev: PayloadEvent, locator: PayloadLocator): TracedIssue {
  const segs = pointerToSegments(issue.pointerToViolation);
  // For these the pointer is the parent object; the field itself is named in the message.
  const key = /^(?:extraneous key|required key) \[(.*)\]/.exec(issue.message)?.[1];
  if (key !== undefined) segs.push({ kind: 'key', name: key });
  const traced: TracedIssue = { ...issue, xdmPath: formatPath(segs) };
  const row = bestRow(compiled.rows, segs);
  if (row) {
    traced.row = row.c.row.index;
    traced.sourceFields = row.c.sourcePaths.map((p) => formatPath(fillWildcards(p, row.indexes)));
    for (const p of row.c.sourcePaths) {
      const concrete = fillWildcards(p, row.indexes);
      if (concrete.some((s) => s.kind === 'all')) continue;
      const range = locator.locate(
        ev,
        concrete.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : 0)),
      );
      if (range) {
        traced.payloadRange = range;
        break;
      }
    }
  }
  return traced;
}

/**
 * The row whose destination covers the issue's path best: an exact or longest-prefix match, with
 * `[*]` matching any index (the indexes it matched are reused to find the source element).
 */
function bestRow(rows: CompiledRow[], target: PathSegment[]): { c: CompiledRow; indexes: number[] } | undefined {
  let best: { c: CompiledRow; indexes: number[]; len: number } | undefined;
  for (const c of rows) {
    if (!c.dest.length) continue;
    const indexes: number[] = [];
    let k = 0;
    for (; k < c.dest.length && k < target.length; k++) {
      const d = c.dest[k];
      const t = target[k];
      if (d.kind === 'all' && t.kind === 'index') indexes.push(t.index);
      else if (d.kind === 'key' && t.kind === 'key' && d.name === t.name) continue;
      else if (d.kind === 'index' && t.kind === 'index' && d.index === t.index) continue;
      else break;
    }
    const covers = k === c.dest.length || k === target.length;
    if (covers && k > 0 && (!best || k > best.len || (k === best.len && c.row.index > best.c.row.index))) best = { c, indexes, len: k };
  }
  return best && { c: best.c, indexes: best.indexes };
}

function fillWildcards(path: PathSegment[], indexes: number[]): PathSegment[] {
  let n = 0;
  return path.map((s) => (s.kind === 'all' && n < indexes.length ? { kind: 'index', index: indexes[n++] } : s));
}
