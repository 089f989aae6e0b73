import { randomUUID } from 'node:crypto';
import type { CoreDiagnostic, Position, Range, Severity } from '../diagnostics';
import { severityRank, sortDiagnostics } from '../diagnostics';
import { locate, type JsonPath } from '../json/locate';
import { topLevelMember } from '../json/spans';
import { findMemberStart } from '../json/skip';
import { LineIndex } from '../text/lineIndex';
import type { OffsetFix } from './edits';
import { eventKindOf, eventSpans, parsePayload, type EventKind, type OffsetProblem, type PayloadShape } from './parse';
import { positionFinder } from './positions';
import { checkEvent, checkSourceOf, schemaProblems, type EventCheck } from './rules';

// aep-streaming-and-dataprep.md §3: 413 above 1 MB per request; 10 KB recommended per record.
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const RECOMMENDED_RECORD_BYTES = 10 * 1024;
// moengage-streams.md §1.8: "The default batch size … is 100."
export const MOENGAGE_BATCH_SIZE = 100;

/**
 * Problems listed per document by default. VS Code's Problems view and a terminal are of no use with
 * hundreds of thousands of entries (a 100 MB export easily has that many), and keeping them all would
 * not fit in memory; the rest are counted by code in one `moe.too-many-problems` diagnostic.
 */
export const DEFAULT_MAX_PROBLEMS = 1000;

export interface ValidateOptions {
  fileName?: string;
  now?: Date;
  /** How many problems to list (default DEFAULT_MAX_PROBLEMS); 0 lists them all. */
  maxProblems?: number;
}

interface EventState {
  /** Offsets in the current text; -1 until `ensureSpans` found them (a one-shot check may never need them). */
  start: number;
  end: number;
  kind: EventKind;
  check: EventCheck;
  /** Position of `start`; shifted (not recomputed) by incremental updates. */
  pos?: Position;
}

/** A file-level diagnostic that can move when an event before it changes length. */
interface FileDiag {
  diag: CoreDiagnostic;
  offset: number;
}

/**
 * Validates one payload document and keeps what it learned, so the next call after a small edit
 * re-checks only the event whose text changed. Per-event results are also cached by the event's
 * text, so undo/redo costs nothing. File-level rules (duplicate uuids, request size, batch size)
 * come from cached per-event facts, not from a rescan.
 */
export class PayloadValidator {
  private text = '';
  private shape: PayloadShape | undefined;
  private events: EventState[] = [];
  private spansKnown = false;
  private fileDiags: FileDiag[] = [];
  private bytes = 0;
  /** How many events use each event_uuid; duplicates are reported from this, not by a rescan. */
  private uuidCount = new Map<string, number>();
  private dupUuids = 0;
  /** Indices of events that have something to report, so collecting is O(problems). */
  private flagged = new Set<number>();
  private readonly cache = new Map<string, EventCheck>();
  /** True when the last `validate` re-checked only one event. */
  lastRunIncremental = false;

  private readonly maxProblems: number;
  /** Problems kept in full while checking the whole file; past the limit only codes are kept. */
  private kept = 0;

  constructor(private readonly opts: { fileName?: string; now?: () => Date; maxProblems?: number } = {}) {
    const m = opts.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    this.maxProblems = m > 0 ? m : Infinity;
  }

  /**
   * Validates `text`. When it differs from the previous text only inside one event, only that
   * event is re-checked (the fast path while typing); otherwise the whole file is.
   */
  validate(text: string): CoreDiagnostic[] {
    this.lastRunIncremental = this.shape !== undefined && this.tryIncremental(text);
    if (!this.lastRunIncremental) this.full(text);
    this.text = text;
    return this.collect();
  }

  private nowS(): number {
    return Math.floor((this.opts.now?.() ?? new Date()).getTime() / 1000);
  }

  private track(index: number, check: EventCheck, sign: 1 | -1): void {
    const uuid = check.facts.uuid;
    if (uuid !== undefined) {
      const n = (this.uuidCount.get(uuid) ?? 0) + sign;
      if (sign === 1 && n === 2) this.dupUuids++;
      if (sign === -1 && n === 1) this.dupUuids--;
      if (n === 0) this.uuidCount.delete(uuid);
      else this.uuidCount.set(uuid, n);
    }
    if (sign === 1 && (check.problems.length > 0 || check.codes)) this.flagged.add(index);
    if (sign === -1) this.flagged.delete(index);
  }

  /**
   * Finds every event's offsets and position in one pass over the current text. Deferred until
   * something needs it (a problem to place, or an edit), which a clean one-shot check never does.
   */
  private ensureSpans(): boolean {
    if (this.spansKnown) return true;
    if (this.shape !== 'batch' && this.shape !== 'array') return false;
    const spans = eventSpans(this.text, this.shape);
    if (!spans || spans.length !== this.events.length) return false;
    for (let i = 0; i < spans.length; i++) {
      const ev = this.events[i];
      const sp = spans[i];
      ev.start = sp.start;
      ev.end = sp.end;
      ev.pos = { line: sp.line, character: sp.character };
    }
    this.spansKnown = true;
    return true;
  }

  private eventText(i: number): string {
    if (!this.ensureSpans()) throw new Error('event offsets unavailable'); // unreachable: the text parsed as JSON
    return this.textOf(this.events[i]);
  }

  /**
   * An event's text, always sliced from the current document: storing slices would keep every
   * earlier version of a 20 MB document alive through the events an edit did not touch.
   */
  private textOf(ev: EventState): string {
    return this.text.slice(ev.start, ev.end);
  }

  /**
   * `pretty`: events split at their pretty-printed separators and parsed one at a time (the fast
   * path); `scan`: split by a full structural scan; `whole`: one JSON.parse of the whole document,
   * which locates syntax errors. Each mode falls back to the next when the text does not fit it.
   */
  private full(text: string, mode: 'pretty' | 'scan' | 'whole' = 'pretty'): void {
    this.text = text;
    this.shape = undefined;
    this.events = [];
    this.spansKnown = false;
    this.fileDiags = [];
    this.uuidCount.clear();
    this.dupUuids = 0;
    this.flagged.clear();
    this.kept = 0;
    // Events of a batch/array come unparsed (values: false): each is parsed right before its check
    // and dropped after it, so no 20 MB object tree survives to slow the garbage collector.
    const parsed = mode === 'whole' ? parsePayload(text, { fileName: this.opts.fileName }) : parsePayload(text, { fileName: this.opts.fileName, spans: false, values: false, pretty: mode === 'pretty' });
    const position = positionFinder(text);
    const toFile = (p: OffsetProblem, fixes?: OffsetFix[]): FileDiag => ({
      offset: p.start,
      diag: makeDiag(p.code, p.severity, p.message, { start: position(p.start), end: position(p.end) }, fixes && fixesAt(fixes, position)),
    });
    this.fileDiags = parsed.problems.sort((x, y) => x.start - y.start).map((p) => toFile(p));
    this.bytes = text.length * 3 <= MAX_REQUEST_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
    if (!parsed.shape) return;
    this.shape = parsed.shape;
    this.spansKnown = parsed.shape === 'flat' || parsed.shape === 'ndjson';
    const nowS = this.nowS();
    // States first, checks second: a check that reports a problem may ask for every event's offsets.
    const todo = parsed.shape === 'ndjson' ? parsed.events.filter((ev) => ev.value !== undefined) : parsed.events; // broken NDJSON lines are already reported
    const pending: EventCheck = { problems: [], facts: {} };
    const pieces = parsed.pieces;
    if (pieces) {
      const kind: EventKind = parsed.shape === 'batch' ? 'streams' : 'flat';
      for (let i = 0; i < pieces.starts.length; i++) this.events.push({ start: pieces.starts[i], end: pieces.ends[i], kind, check: pending });
    } else
      for (const ev of todo)
        this.events.push({ start: ev.start, end: ev.end, kind: ev.kind, check: pending, pos: ev.line >= 0 ? { line: ev.line, character: ev.character } : undefined });
    for (let index = 0; index < this.events.length; index++) {
      const state = this.events[index];
      let value = pieces ? undefined : todo[index].value;
      const known = state.start >= 0;
      if (value === undefined && known)
        try {
          value = JSON.parse(this.textOf(state));
        } catch {
          // A piece that is not JSON: the pretty split met an unusual layout (rescan), or an event is
          // broken (the whole-document path locates the syntax error).
          return this.full(text, mode === 'pretty' ? 'scan' : 'whole');
        }
      if (parsed.shape === 'array') state.kind = eventKindOf(value, 'flat');
      let check = checkEvent({ text: known ? () => this.textOf(state) : () => this.eventText(index), textLength: known ? state.end - state.start : undefined, value, kind: state.kind, nowS });
      if (check.problems.length > 0) {
        if (this.kept >= this.maxProblems) check = { problems: check.problems.slice(0, 0), facts: check.facts, codes: check.problems.map((p) => ({ code: p.code, severity: p.severity })) };
        else this.kept += check.problems.length;
      }
      state.check = check;
      this.track(index, state.check, 1);
    }
    if (parsed.shape === 'batch') {
      const root = parsed.root as Record<string, unknown>;
      const first = text.search(/\S/);
      const at = (path: JsonPath, part: 'key' | 'value' = 'value'): [number, number] => {
        // Header paths never enter events[], so locating stays cheap even on a 20 MB batch.
        if (path.length === 1 && path[0] === 'events') {
          const m = findMemberStart(text, first, 'events');
          return m ? [m.keyStart, m.keyEnd] : [first, first + 1];
        }
        const l = path.length === 0 ? undefined : path.length === 1 ? topLevelMember(text, String(path[0])) : locate(text, path);
        if (!l) return [first, first + 1];
        return part === 'key' ? [l.keyStart, l.keyEnd] : [l.valueStart, l.valueEnd];
      };
      const report = (code: string, severity: Severity, message: string, r: [number, number], fixes?: OffsetFix[]) =>
        this.fileDiags.push(toFile({ code, severity, message, start: r[0], end: r[1] }, fixes));
      schemaProblems('batchHeader', root, at, report);
      checkSourceOf(root, at, report);
      const n = Array.isArray(root.events) ? root.events.length : 0;
      if (n > MOENGAGE_BATCH_SIZE)
        report('moe.batch-over-100', 'information', `This batch has ${n} events; MoEngage Streams sends at most ${MOENGAGE_BATCH_SIZE} per request by default (moengage-streams.md §1.8), so a real request will look different. Fine for a test; keep the request under 1 MB`, at(['events'], 'key'));
      if (this.bytes > MAX_REQUEST_BYTES) this.fileDiags.push(toFile(tooLarge(this.bytes, first)));
    } else if (parsed.shape !== 'ndjson' && this.bytes > MAX_REQUEST_BYTES) this.fileDiags.push(toFile(tooLarge(this.bytes, text.search(/\S/))));
  }

  /** Re-checks only the changed event when an edit stays inside one; false → caller does a full run. */
  private tryIncremental(text: string): boolean {
    const old = this.text;
    if (this.events.length === 0 || !this.ensureSpans()) return false;
    const p = commonPrefix(old, text);
    if (p === old.length && p === text.length) return true;
    const s = commonSuffix(old, text, p);
    const oldEnd = old.length - s;
    const newEnd = text.length - s;
    const removed = old.slice(p, oldEnd);
    const inserted = text.slice(p, newEnd);
    if (/[\u0000\ufffd]/.test(inserted)) return false;
    if (this.shape === 'ndjson' && /[\r\n]/.test(removed + inserted)) return false;
    const k = this.eventContaining(p, oldEnd);
    if (k < 0) return false;
    const ev = this.events[k];
    const delta = text.length - old.length;
    const evText = text.slice(ev.start, ev.end + delta);
    const c0 = evText.charCodeAt(0);
    const c1 = evText.charCodeAt(evText.length - 1);
    if (!((c0 === 0x7b && c1 === 0x7d) || (c0 === 0x5b && c1 === 0x5d))) return false;
    const oldBytes = this.bytes;
    const newBytes = oldBytes + Buffer.byteLength(inserted, 'utf8') - Buffer.byteLength(removed, 'utf8');
    // Crossing the 1 MB line changes a file-level diagnostic: let the full run place it.
    if (oldBytes > MAX_REQUEST_BYTES !== newBytes > MAX_REQUEST_BYTES && this.shape !== 'ndjson') return false;
    let kind = ev.kind;
    let check = this.cache.get(cacheKey(kind, evText));
    if (!check) {
      let value: unknown;
      try {
        value = JSON.parse(evText);
      } catch {
        return false; // the syntax error gets its message from a full run
      }
      kind = this.shape === 'batch' ? 'streams' : eventKindOf(value, 'flat');
      check = checkEvent({ text: evText, value, kind, nowS: this.nowS() });
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(cacheKey(kind, evText), check);
    }
    // Keep the old result too, so undo is free.
    const oldText = this.textOf(ev);
    this.cache.set(cacheKey(ev.kind, oldText), ev.check);
    const oldEndPos = endPos(ev.pos!, oldText);
    const next: EventState = { start: ev.start, end: ev.end + delta, kind, check, pos: ev.pos };
    const newEndPos = endPos(ev.pos!, evText);
    this.track(k, ev.check, -1);
    this.track(k, next.check, 1);
    this.events[k] = next;
    this.bytes = newBytes;
    if (delta !== 0 || newEndPos.line !== oldEndPos.line || newEndPos.character !== oldEndPos.character) {
      const shift = (pos: Position): Position =>
        pos.line === oldEndPos.line
          ? { line: newEndPos.line, character: pos.character + newEndPos.character - oldEndPos.character }
          : { line: pos.line + newEndPos.line - oldEndPos.line, character: pos.character };
      const lineShift = newEndPos.line - oldEndPos.line;
      for (let j = k + 1; j < this.events.length; j++) {
        const e = this.events[j];
        e.start += delta;
        e.end += delta;
        if (e.pos!.line === oldEndPos.line) e.pos = shift(e.pos!);
        else if (lineShift !== 0) e.pos = { line: e.pos!.line + lineShift, character: e.pos!.character };
      }
      for (const f of this.fileDiags) {
        if (f.offset < ev.end) continue;
        f.offset += delta;
        f.diag = shiftDiag(f.diag, shift);
      }
    }
    return true;
  }

  private eventContaining(from: number, to: number): number {
    let lo = 0;
    let hi = this.events.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.events[mid].start <= from) lo = mid;
      else hi = mid - 1;
    }
    const e = this.events[lo];
    return e.start <= from && to <= e.end && from < e.end ? lo : -1;
  }

  private collect(): CoreDiagnostic[] {
    this.lines = new WeakMap(); // per-event line indexes hold slices of the text they were built on
    const out: CoreDiagnostic[] = this.fileDiags.map((f) => f.diag);
    if ((this.flagged.size > 0 || this.dupUuids > 0) && !this.ensureSpans()) return sortDiagnostics(out);
    // The first problems in document order are listed, the rest counted. Full runs flag events in
    // order; incremental edits do not, so a long list is sorted.
    const flagged = this.flagged.size > this.maxProblems ? [...this.flagged].sort((a, b) => a - b) : this.flagged;
    let room = this.maxProblems;
    const hidden = new Map<string, number>();
    let hiddenCount = 0;
    let hiddenSeverity: Severity = 'hint';
    let firstHidden: EventState | undefined;
    const hide = (ev: EventState, code: string, severity: Severity) => {
      hidden.set(code, (hidden.get(code) ?? 0) + 1);
      hiddenCount++;
      if (severityRank[severity] < severityRank[hiddenSeverity]) hiddenSeverity = severity;
      firstHidden ??= ev;
    };
    for (const i of flagged) {
      const ev = this.events[i];
      if (room <= 0) {
        for (const p of ev.check.codes ?? ev.check.problems) hide(ev, p.code, p.severity);
        continue;
      }
      if (ev.check.codes) ev.check = this.recheck(ev);
      for (const p of ev.check.problems) {
        if (room-- > 0) out.push(this.eventDiag(ev, p.code, p.severity, p.message, p.start, p.end, p.fixes));
        else hide(ev, p.code, p.severity);
      }
    }
    if (this.dupUuids > 0) {
      const first = new Map<string, EventState>();
      for (const ev of this.events) {
        const { uuid } = ev.check.facts;
        if (uuid === undefined || (this.uuidCount.get(uuid) ?? 0) < 2) continue;
        const f = first.get(uuid);
        if (!f) {
          first.set(uuid, ev);
          continue;
        }
        const firstPos = this.abs(f, uuidRange(this.textOf(f))[0]);
        const [uuidStart, uuidEnd] = uuidRange(this.textOf(ev));
        out.push(
          this.eventDiag(ev, 'moe.duplicate-event-uuid', 'error', `Duplicate event_uuid "${uuid}": the event at line ${firstPos.line + 1} already uses it. MoEngage and AEP de-duplicate on it, so one of the two events would be dropped (moengage-streams.md §0.4): give each event its own UUID`, uuidStart, uuidEnd, [
            { title: 'Replace with a new UUID', edits: [{ start: uuidStart, end: uuidEnd, newText: JSON.stringify(randomUUID()) }], preferred: true },
          ]),
        );
      }
    }
    if (firstHidden) {
      const kinds = [...hidden].sort((a, b) => b[1] - a[1]);
      const list = kinds.slice(0, 5).map(([code, n]) => `${n.toLocaleString('en-US')} × ${code}`).join(', ') + (kinds.length > 5 ? ', …' : '');
      const at = this.abs(firstHidden, 0);
      out.push(
        makeDiag('moe.too-many-problems', hiddenSeverity, `${hiddenCount.toLocaleString('en-US')} more problems from here on are not listed (${list}): only the first ${this.maxProblems.toLocaleString('en-US')} are shown. Fix the kinds listed above (each has the same cause in every event), or list them all with \`moe-aep validate --max-problems 0\``, { start: at, end: { line: at.line, character: at.character + 1 } }),
      );
    }
    return sortDiagnostics(out);
  }

  /** The full problems of an event whose check kept only codes (it is now among those listed). */
  private recheck(ev: EventState): EventCheck {
    const text = this.textOf(ev);
    const check = checkEvent({ text, value: JSON.parse(text), kind: ev.kind, nowS: this.nowS() });
    this.cache.set(cacheKey(ev.kind, text), check);
    return check;
  }

  private lines = new WeakMap<EventState, LineIndex>();

  private abs(ev: EventState, rel: number): Position {
    // Built only for events with something to report, and only for the current text.
    let local = this.lines.get(ev);
    if (!local) this.lines.set(ev, (local = new LineIndex(this.textOf(ev))));
    const p = local.positionAt(rel);
    const pos = ev.pos!;
    return p.line === 0 ? { line: pos.line, character: pos.character + p.character } : { line: pos.line + p.line, character: p.character };
  }

  private eventDiag(ev: EventState, code: string, severity: Severity, message: string, start: number, end: number, fixes?: OffsetFix[]): CoreDiagnostic {
    return makeDiag(code, severity, message, { start: this.abs(ev, start), end: this.abs(ev, end) }, fixes && fixesAt(fixes, (o) => this.abs(ev, o)));
  }
}

function endPos(pos: Position, text: string): Position {
  const p = new LineIndex(text).positionAt(text.length);
  return p.line === 0 ? { line: pos.line, character: pos.character + p.character } : { line: pos.line + p.line, character: p.character };
}

function makeDiag(code: string, severity: Severity, message: string, range: Range, fixes?: CoreDiagnostic['fixes']): CoreDiagnostic {
  return { range, severity, code, message, source: 'moe-aep', ...(fixes && fixes.length ? { fixes } : {}) };
}

function fixesAt(fixes: OffsetFix[], pos: (o: number) => Position): CoreDiagnostic['fixes'] {
  return fixes.map((f) => ({ title: f.title, ...(f.preferred ? { preferred: true } : {}), edits: f.edits.map((e) => ({ range: { start: pos(e.start), end: pos(e.end) }, newText: e.newText })) }));
}

function shiftDiag(d: CoreDiagnostic, shift: (p: Position) => Position): CoreDiagnostic {
  const r = (x: Range): Range => ({ start: shift(x.start), end: shift(x.end) });
  return { ...d, range: r(d.range), ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: r(e.range) })) })) } : {}) };
}

/** Cache keys are copied out of the document so the cache never pins an old 20 MB text. */
function cacheKey(kind: EventKind, text: string): string {
  return Buffer.from(kind + '\u0000' + text, 'utf16le').toString('utf16le');
}

function uuidRange(eventText: string): [number, number] {
  const l = locate(eventText, ['event_uuid']);
  return l ? [l.valueStart, l.valueEnd] : [0, 1];
}

function tooLarge(bytes: number, at: number): OffsetProblem {
  return { code: 'moe.payload-too-large', severity: 'error', start: at, end: at + 1, message: `This payload is ${kb(bytes)}: AEP answers 413 to any request over 1 MB (aep-streaming-and-dataprep.md §3). Send it in batches of under 1 MB each` };
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);


/** Length of the common prefix; compares 64 KB slices natively before falling back to chars. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 1 << 16; step >= 64; step >>= 4) while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix that does not overlap the first `prefix` characters. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  for (let step = 1 << 16; step >= 64; step >>= 4)
    while (i + step <= n && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** One-shot validation of a payload (JSON or NDJSON) text. */
export function validatePayload(text: string, opts: ValidateOptions = {}): CoreDiagnostic[] {
  const now = opts.now;
  return new PayloadValidator({ fileName: opts.fileName, now: now ? () => now : undefined, maxProblems: opts.maxProblems }).validate(text);
}

