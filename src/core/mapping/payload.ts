import { parseTree, findNodeAtLocation, type Node } from './jsonc';

/** One event of a payload file, as the record a mapping reads. */
export interface PayloadEvent {
  index: number;
  record: Record<string, unknown>;
  /** JSON location of the event inside the file (`['events', 3]`), or the NDJSON line. */
  location: { path: Array<string | number>; line?: number; lineStart?: number };
}

export interface PayloadProblem {
  message: string;
  start: number;
  end: number;
}

export interface SplitPayload {
  shape: 'flat' | 'batch' | 'array' | 'ndjson';
  events: PayloadEvent[];
  problems: PayloadProblem[];
}

/**
 * Splits a MoEngage payload into events (moengage-streams.md §0/§5.2): an `events` array is a
 * Shape A batch, whose top-level `app_name`/`source`/`moe_request_id` every event also sees; a
 * top-level array is a list of events; NDJSON is one event per line; anything else is one flat
 * Shape B event.
 */
export function splitPayload(text: string): SplitPayload {
  const body = text.replace(/^\uFEFF/, '');
  let whole: unknown;
  let parsed = false;
  try {
    whole = JSON.parse(body);
    parsed = true;
  } catch {
    parsed = false;
  }
  if (parsed) {
    if (Array.isArray(whole)) {
      return { shape: 'array', events: whole.map((e, i) => ({ index: i, record: asRecord(e), location: { path: [i] } })), problems: [] };
    }
    const obj = asRecord(whole);
    if (Array.isArray(obj.events)) {
      const top: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) if (k !== 'events') top[k] = v;
      return {
        shape: 'batch',
        events: (obj.events as unknown[]).map((e, i) => ({ index: i, record: { ...top, ...asRecord(e) }, location: { path: ['events', i] } })),
        problems: [],
      };
    }
    return { shape: 'flat', events: [{ index: 0, record: obj, location: { path: [] } }], problems: [] };
  }
  // Not one JSON document: read it as NDJSON, reporting the lines that are not JSON.
  const events: PayloadEvent[] = [];
  const problems: PayloadProblem[] = [];
  const offset = text.length - body.length;
  let lineStart = 0;
  let line = 0;
  // Every non-blank line is an event number, broken or not, as in the payload validator and the
  // send CodeLenses: event 3 is the same line everywhere, and so are results and resume keys.
  let n = 0;
  while (lineStart <= body.length) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = body.length;
    const raw = body.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (raw.trim() !== '') {
      try {
        const record = asRecord(JSON.parse(raw));
        events.push({ index: n, record, location: { path: [], line, lineStart: lineStart + offset } });
      } catch (e) {
        problems.push({ message: `Line ${line + 1} is not valid JSON (${(e as Error).message}); each NDJSON line must be one event object.`, start: lineStart + offset, end: lineEnd + offset });
      }
      n++;
    }
    line++;
    lineStart = lineEnd + 1;
  }
  return { shape: 'ndjson', events, problems };
}

/** A payload event as a mapping record: a non-object event becomes `{ value }`. */
export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/**
 * Finds the text range of a field of one event, parsing the file with positions only when a
 * problem needs locating (a 100,000-event file is parsed once with JSON.parse otherwise).
 */
export class PayloadLocator {
  private tree?: Node | null;
  private lineTrees = new Map<number, Node | undefined>();

  constructor(private readonly text: string) {}

  locate(event: PayloadEvent, field: Array<string | number>): { start: number; end: number } | undefined {
    if (event.location.line !== undefined) {
      const start = event.location.lineStart ?? 0;
      let tree = this.lineTrees.get(event.location.line);
      if (!this.lineTrees.has(event.location.line)) {
        const end = this.text.indexOf('\n', start);
        tree = parseTree(this.text.slice(start, end < 0 ? undefined : end)) ?? undefined;
        this.lineTrees.set(event.location.line, tree);
      }
      const node = tree && (findNodeAtLocation(tree, field) ?? undefined);
      return node ? { start: start + node.offset, end: start + node.offset + node.length } : undefined;
    }
    if (this.tree === undefined) this.tree = parseTree(this.text) ?? null;
    if (!this.tree) return undefined;
    let node = findNodeAtLocation(this.tree, [...event.location.path, ...field]);
    // Batch events also see the top-level fields.
    if (!node && event.location.path[0] === 'events') node = findNodeAtLocation(this.tree, field);
    return node ? { start: node.offset, end: node.offset + node.length } : undefined;
  }
}
