import { findSyntaxProblem } from '../json/syntax';
import { arrayElementSpansWithLines, countLines, prettyArrayOffsets, scanArray, type LinedSpan, type Span } from '../json/spans';
import { findMemberStart, skipWs } from '../json/skip';
import type { Severity } from '../diagnostics';

/**
 * Payload shapes (moengage-streams.md §0, §5.2): `batch` = Streams envelope with `events[]`
 * (Shape A), `flat` = the AEP test event (Shape B), `array` = several flat events, `ndjson` = one
 * event per line.
 */
export type PayloadShape = 'batch' | 'flat' | 'array' | 'ndjson';

/** `streams` events carry `event_time`/`uid` (Shape A); `flat` ones `time`/`identities` (Shape B). */
export type EventKind = 'streams' | 'flat';

export interface PayloadEvent {
  index: number;
  kind: EventKind;
  start: number;
  end: number;
  /** Position of `start`, found while scanning (no LineIndex over the whole file); -1 when not known yet. */
  line: number;
  character: number;
  /** Parsed value; `undefined` when this NDJSON line is not valid JSON. */
  value: unknown;
}

/** A problem located by offsets in the whole text; positions are computed only when reported. */
export interface OffsetProblem {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}

export interface ParsedPayload {
  shape?: PayloadShape;
  root?: unknown;
  events: PayloadEvent[];
  problems: OffsetProblem[];
  /**
   * With `pretty`, when the pretty split applied: the events' candidate offsets instead of `events`
   * (no object per event; unparsed, positions unknown). The caller must parse every piece and fall
   * back to a scan if one fails (see `prettyArrayOffsets`).
   */
  pieces?: { starts: number[]; ends: number[] };
}

export function looksLikeNdjsonName(fileName: string | undefined): boolean {
  return !!fileName && /\.(ndjson|jsonl)$/i.test(fileName);
}

/** Shape B is recognised by its own keys; anything with `event_time` but no `time` is Shape A. */
export function eventKindOf(value: unknown, fallback: EventKind): EventKind {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fallback;
  const v = value as Record<string, unknown>;
  if ('time' in v || 'identities' in v || 'id' in v) return 'flat';
  if ('event_time' in v || 'uid' in v) return 'streams';
  return fallback;
}

function syntax(text: string, start = 0, end = text.length, eofLabel?: string): OffsetProblem {
  const p = findSyntaxProblem(text, start, end, eofLabel) ?? { offset: start, length: 1, message: 'The text is not valid JSON' };
  return { code: 'moe.json-syntax', severity: 'error', message: p.message, start: p.offset, end: p.offset + Math.max(p.length, 0) };
}

/**
 * Problems that make the text unreadable as JSON at all. Binary input stops here (one
 * diagnostic); replacement characters from a bad UTF-8 decode are reported but parsing goes on,
 * so the user still sees everything else that is wrong.
 */
export function readabilityProblems(text: string, nulSearchLimit = Infinity): { problems: OffsetProblem[]; stop: boolean } {
  // Binary and UTF-16 files show NULs at once; a NUL deep inside a big text is also a JSON syntax
  // error, so a caller that parses everything anyway may look only at the start.
  const nul = text.length > nulSearchLimit ? text.slice(0, nulSearchLimit).indexOf('\u0000') : text.indexOf('\u0000');
  if (nul >= 0)
    return {
      stop: true,
      problems: [{ code: 'moe.binary', severity: 'error', start: nul, end: nul + 1, message: 'This file contains NUL bytes, so it is binary (or UTF-16), not a JSON payload: export the payload as UTF-8 JSON text' }],
    };
  if (!/\S/.test(text.length > 4096 ? text.slice(0, 4096) : text) && text.trim() === '')
    return {
      stop: true,
      problems: [{ code: 'moe.empty', severity: 'error', start: 0, end: 0, message: 'The file is empty: paste a MoEngage payload, e.g. the Step 6.1 test payload (see examples/payloads/email-sent.moe.json)' }],
    };
  const bad = text.indexOf('\ufffd');
  if (bad >= 0)
    return {
      stop: false,
      problems: [{ code: 'moe.encoding', severity: 'error', start: bad, end: bad + 1, message: 'Invalid UTF-8 here (shown as \ufffd): AEP expects UTF-8 JSON; re-export or re-save the file as UTF-8' }],
    };
  return { stop: false, problems: [] };
}

/**
 * Parses a payload into events. With `spans: false`, batch and array events come without offsets
 * (start/end/line = -1): a one-shot check of a clean 20 MB file never needs them, and finding
 * them is a second pass over the text. `eventSpans` computes them later, on demand.
 */
export function parsePayload(text: string, opts: { fileName?: string; spans?: boolean; values?: boolean; pretty?: boolean } = {}): ParsedPayload {
  const { problems, stop } = readabilityProblems(text, opts.pretty ? 64 * 1024 : Infinity);
  if (stop) return { events: [], problems };
  if (looksLikeNdjsonName(opts.fileName)) return parseNdjson(text, problems);
  const split = splitEvents(text, problems, opts.values !== false, opts.pretty === true && opts.values === false);
  if (split) return split;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    const p = syntax(text);
    if (p.message.includes('after the end of the JSON value') && /\n\s*$/.test(text.slice(Math.max(0, p.start - 200), p.start)) && text[p.start] === '{')
      return parseNdjson(text, problems); // several objects, one per line: NDJSON without the extension
    return { events: [], problems: [...problems, p] };
  }
  const rootStart = skipWs(text, 0);
  if (!root || typeof root !== 'object') {
    problems.push({ code: 'moe.schema', severity: 'error', start: rootStart, end: text.length, message: 'A MoEngage payload is a JSON object (one event or a Streams batch with "events") or an array of events, not a single value' });
    return { root, events: [], problems };
  }
  const events = (shape: 'array' | 'batch', values: unknown[], kind: (v: unknown) => EventKind): PayloadEvent[] | undefined => {
    if (opts.spans === false) return values.map((value, index) => ({ index, kind: kind(value), start: -1, end: -1, line: -1, character: -1, value }));
    return eventSpans(text, shape)?.map((sp: LinedSpan, index) => ({ index, kind: kind(values[index]), ...sp, value: values[index] }));
  };
  if (Array.isArray(root)) {
    const evs = events('array', root, (v) => eventKindOf(v, 'flat'));
    if (evs) return { shape: 'array', root, problems, events: evs };
  } else {
    const batch = (root as { events?: unknown }).events;
    if (Array.isArray(batch)) {
      const evs = events('batch', batch, () => 'streams');
      if (evs) return { shape: 'batch', root, problems, events: evs };
    } else {
      let end = text.length;
      while (end > rootStart && /\s/.test(text[end - 1])) end--;
      const { line, lineStart } = countLines(text, 0, rootStart, 0, 0);
      return { shape: 'flat', root, problems, events: [{ index: 0, kind: eventKindOf(root, 'flat'), start: rootStart, end, line, character: rootStart - lineStart, value: root }] };
    }
  }
  problems.push({ code: 'moe.json-syntax', severity: 'error', start: rootStart, end: rootStart + 1, message: 'Could not split the payload into events' });
  return { root, events: [], problems };
}

/**
 * The fast path for batches and arrays: one pass finds every event (checking the separators
 * between them), then each event is parsed on its own. Objects die young instead of a 20 MB tree
 * surviving to the end, which is most of the cost of a whole-document JSON.parse. With
 * `values: false` the caller parses each event itself (and may drop it right after checking).
 * Returns undefined to fall back to the whole-document path, which also locates syntax errors.
 */
function splitEvents(text: string, problems: OffsetProblem[], values: boolean, pretty: boolean): ParsedPayload | undefined {
  const rootStart = skipWs(text, 0);
  const c = text.charCodeAt(rootStart);
  let scan: { spans?: Span[]; starts?: number[]; ends?: number[]; end: number } | undefined;
  let root: unknown;
  // `pretty`: candidate offsets without positions; the caller parses every piece and rescans if one fails.
  const split = (at: number) => (pretty ? prettyArrayOffsets(text, at) : undefined) ?? scanArray(text, at);
  if (c === 0x7b) {
    const m = findMemberStart(text, rootStart, 'events');
    if (!m || text.charCodeAt(m.valueStart) !== 0x5b) return undefined;
    scan = split(m.valueStart);
    if (!scan) return undefined;
    try {
      root = JSON.parse(text.slice(rootStart, m.valueStart) + '[]' + text.slice(scan.end));
    } catch {
      return undefined;
    }
    const evs = (root as { events?: unknown }).events;
    if (!Array.isArray(evs) || evs.length !== 0) return undefined; // a second "events" key: let JSON.parse decide
  } else if (c === 0x5b) {
    scan = split(rootStart);
    if (!scan || skipWs(text, scan.end) !== text.length) return undefined;
    root = [];
  } else return undefined;
  const shape = c === 0x7b ? 'batch' : 'array';
  if (scan.starts && scan.ends) {
    const all = new Array<unknown>(scan.starts.length);
    if (shape === 'batch') (root as { events: unknown[] }).events = all;
    else root = all;
    return { shape, root, events: [], problems, pieces: { starts: scan.starts, ends: scan.ends } };
  }
  const spans = scan.spans!;
  const events: PayloadEvent[] = [];
  for (let index = 0; index < spans.length; index++) {
    const sp = spans[index];
    let value: unknown;
    if (values) {
      try {
        value = JSON.parse(text.slice(sp.start, sp.end));
      } catch {
        return undefined;
      }
    }
    const { line, character } = 'line' in sp ? (sp as LinedSpan) : { line: -1, character: -1 };
    events.push({ index, kind: shape === 'batch' ? 'streams' : values ? eventKindOf(value, 'flat') : 'flat', start: sp.start, end: sp.end, line, character, value });
  }
  // Without values the root still says how many events there are (for the batch-size checks).
  const all = values ? events.map((e) => e.value) : new Array<unknown>(events.length);
  if (shape === 'batch') (root as { events: unknown[] }).events = all;
  else root = all;
  return { shape, root, events, problems };
}

/** Offsets and positions of the events of a batch (`events[]`) or a top-level array, in one pass. */
export function eventSpans(text: string, shape: 'array' | 'batch'): LinedSpan[] | undefined {
  const rootStart = skipWs(text, 0);
  if (shape === 'array') return arrayElementSpansWithLines(text, rootStart);
  const m = findMemberStart(text, rootStart, 'events');
  return m ? arrayElementSpansWithLines(text, m.valueStart) : undefined;
}

function parseNdjson(text: string, problems: OffsetProblem[]): ParsedPayload {
  const events: PayloadEvent[] = [];
  // One pass over the lines so every event knows its line number; blank lines are allowed.
  // Events are split at \n only (a lone \r is JSON whitespace inside a line), but editors also break
  // lines at a lone \r, so with any \r in the text positions are counted the LineIndex way.
  const cr = text.indexOf('\r') >= 0;
  let at = 0;
  let pos = { line: 0, lineStart: 0 };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 0; i <= text.length; line++) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    let s = i;
    let e = nl;
    while (s < e && (text.charCodeAt(s) === 0x20 || text.charCodeAt(s) === 0x09)) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) {
      const value = parseLine(text, { start: s, end: e }, problems);
      if (cr) {
        pos = countLines(text, at, s, pos.line, pos.lineStart);
        at = s;
      }
      const where = cr ? { line: pos.line, character: s - pos.lineStart } : { line, character: s - (line === 0 ? 0 : i) };
      events.push({ index: events.length, kind: eventKindOf(value, 'flat'), start: s, end: e, ...where, value });
    }
    i = nl + 1;
  }
  if (events.length === 0)
    problems.push({ code: 'moe.empty', severity: 'error', start: 0, end: 0, message: 'The NDJSON file has no events: write one JSON event object per line' });
  return { shape: 'ndjson', events, problems };
}

/** One NDJSON line; a broken line gets its own located error and the other lines still count. */
export function parseLine(text: string, s: Span, problems: OffsetProblem[]): unknown {
  try {
    return JSON.parse(text.slice(s.start, s.end));
  } catch {
    problems.push(syntax(text, s.start, s.end, 'the end of the line'));
    return undefined;
  }
}
