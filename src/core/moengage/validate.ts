import { randomUUID } from 'node:crypto';
import type { CoreDiagnostic, Position, Range, Severity } from '../diagnostics';
import { sortDiagnostics } from '../diagnostics';
import { locate, type JsonPath } from '../json/locate';
import { topLevelMember } from '../json/spans';
import { LineIndex } from '../text/lineIndex';
import type { OffsetFix } from './edits';
import { eventKindOf, parsePayload, type EventKind, type OffsetProblem, type PayloadShape } from './parse';
import { checkEvent, checkSourceOf, schemaProblems, type EventCheck } from './rules';

// aep-streaming-and-dataprep.md §3: 413 above 1 MB per request; 10 KB recommended per record.
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const RECOMMENDED_RECORD_BYTES = 10 * 1024;
// moengage-streams.md §1.8: "The default batch size … is 100."
export const MOENGAGE_BATCH_SIZE = 100;

export interface ValidateOptions {
  fileName?: string;
  now?: Date;
}

interface EventState {
  start: number;
  end: number;
  kind: EventKind;
  text: string;
  check: EventCheck;
  bytes: number;
  /** Position of `start`; shifted (not recomputed) by incremental updates. */
  pos: Position;
  local?: LineIndex;
}

/** A file-level diagnostic that can move when an event before it changes length. */
interface FileDiag {
  diag: CoreDiagnostic;
  offset: number;
}

const utf8 = (s: string) => (s.length * 3 <= RECOMMENDED_RECORD_BYTES ? s.length : Buffer.byteLength(s, 'utf8'));

/**
 * Validates one payload document and keeps what it learned, so the next call after a small edit
 * re-checks only the event whose text changed. Per-event results are also cached by the event's
 * text, so undo/redo and pasting an event elsewhere cost nothing. File-level rules (duplicate
 * uuids, request size, batch size) are recomputed from cached per-event facts each time.
 */
export class PayloadValidator {
  private text = '';
  private shape: PayloadShape | undefined;
  private events: EventState[] = [];
  private fileDiags: FileDiag[] = [];
  private bytes = 0;
  private readonly cache = new Map<string, EventCheck>();
  /** True when the last `validate` re-checked only one event. */
  lastRunIncremental = false;

  constructor(private readonly opts: { fileName?: string; now?: () => Date } = {}) {}

  validate(text: string): CoreDiagnostic[] {
    this.lastRunIncremental = this.shape !== undefined && this.tryIncremental(text);
    if (!this.lastRunIncremental) this.full(text);
    this.text = text;
    return this.collect();
  }

  private nowS(): number {
    return Math.floor((this.opts.now?.() ?? new Date()).getTime() / 1000);
  }

  private checkCached(kind: EventKind, text: string, value: unknown | (() => unknown)): EventCheck {
    const key = kind + '\u0000' + text;
    let c = this.cache.get(key);
    if (!c) {
      c = checkEvent({ text, value: typeof value === 'function' ? (value as () => unknown)() : value, kind, nowS: this.nowS() });
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(key, c);
    }
    return c;
  }

  private full(text: string): void {
    this.shape = undefined;
    this.events = [];
    this.fileDiags = [];
    const parsed = parsePayload(text, { fileName: this.opts.fileName });
    const lines = new LineIndex(text);
    const toFile = (p: OffsetProblem, fixes?: OffsetFix[]): FileDiag => ({ offset: p.start, diag: makeDiag(p.code, p.severity, p.message, lines.range(p.start, p.end), fixes && fixesAt(fixes, (o) => lines.positionAt(o))) });
    this.fileDiags = parsed.problems.map((p) => toFile(p));
    this.bytes = text.length * 3 <= MAX_REQUEST_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
    if (!parsed.shape) return;
    this.shape = parsed.shape;
    for (const ev of parsed.events) {
      if (ev.value === undefined && parsed.shape === 'ndjson') continue; // its syntax error is already reported
      const evText = text.slice(ev.start, ev.end);
      this.events.push({ start: ev.start, end: ev.end, kind: ev.kind, text: evText, check: this.checkCached(ev.kind, evText, ev.value), bytes: utf8(evText), pos: lines.positionAt(ev.start) });
    }
    if (parsed.shape === 'batch') {
      const root = parsed.root as Record<string, unknown>;
      const at = (path: JsonPath, part: 'key' | 'value' = 'value'): [number, number] => {
        // Header paths never enter events[], so locate stays cheap even on a 20 MB batch.
        const l = path.length === 1 ? topLevelMember(text, String(path[0])) : locate(text, path);
        const s = text.search(/\S/);
        if (!l) return [s, s + 1];
        return part === 'key' ? [l.keyStart, l.keyEnd] : [l.valueStart, l.valueEnd];
      };
      const report = (code: string, severity: Severity, message: string, r: [number, number], fixes?: OffsetFix[]) =>
        this.fileDiags.push(toFile({ code, severity, message, start: r[0], end: r[1] }, fixes));
      schemaProblems('batchHeader', root, (p, part) => (p.length === 0 ? (() => { const s = text.search(/\S/); return [s, s + 1] as [number, number]; })() : at(p, part)), report);
      checkSourceOf(root, at, report);
      const n = Array.isArray(root.events) ? root.events.length : 0;
      if (n > MOENGAGE_BATCH_SIZE)
        report('moe.batch-over-100', 'information', `This batch has ${n} events; MoEngage Streams sends at most ${MOENGAGE_BATCH_SIZE} per request by default (moengage-streams.md §1.8), so a real request will look different. Fine for a test; keep the request under 1 MB`, at(['events'], 'key'));
    }
  }

  /** Re-checks only the changed event when an edit stays inside one; false → caller does a full run. */
  private tryIncremental(text: string): boolean {
    const old = this.text;
    if (this.events.length === 0) return false;
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
    let value: unknown;
    try {
      value = JSON.parse(evText);
    } catch {
      return false; // the syntax error gets its message from a full run
    }
    const kind = this.shape === 'batch' ? 'streams' : eventKindOf(value, 'flat');
    const oldEndPos = endPos(ev);
    const next: EventState = { start: ev.start, end: ev.end + delta, kind, text: evText, check: this.checkCached(kind, evText, value), bytes: utf8(evText), pos: ev.pos };
    const newEndPos = endPos(next);
    this.events[k] = next;
    const shift = (pos: Position): Position =>
      pos.line === oldEndPos.line
        ? { line: newEndPos.line, character: pos.character + newEndPos.character - oldEndPos.character }
        : { line: pos.line + newEndPos.line - oldEndPos.line, character: pos.character };
    for (let j = k + 1; j < this.events.length; j++) {
      const e = this.events[j];
      e.start += delta;
      e.end += delta;
      e.pos = shift(e.pos);
    }
    for (const f of this.fileDiags) {
      if (f.offset < ev.end) continue;
      f.offset += delta;
      f.diag = shiftDiag(f.diag, shift);
    }
    this.bytes += Buffer.byteLength(inserted, 'utf8') - Buffer.byteLength(removed, 'utf8');
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
    const out: CoreDiagnostic[] = this.fileDiags.map((f) => f.diag);
    const firstByUuid = new Map<string, EventState>();
    for (const ev of this.events) {
      for (const p of ev.check.problems) out.push(this.eventDiag(ev, p.code, p.severity, p.message, p.start, p.end, p.fixes));
      const { uuid, uuidStart, uuidEnd } = ev.check.facts;
      if (uuid !== undefined) {
        const first = firstByUuid.get(uuid);
        if (!first) firstByUuid.set(uuid, ev);
        else {
          const firstPos = this.abs(first, first.check.facts.uuidStart ?? 0);
          out.push(
            this.eventDiag(ev, 'moe.duplicate-event-uuid', 'error', `Duplicate event_uuid "${uuid}": the event at line ${firstPos.line + 1} already uses it. MoEngage and AEP de-duplicate on it, so one of the two events would be dropped (moengage-streams.md §0.4): give each event its own UUID`, uuidStart!, uuidEnd!, [
              { title: 'Replace with a new UUID', edits: [{ start: uuidStart!, end: uuidEnd!, newText: JSON.stringify(randomUUID()) }], preferred: true },
            ]),
          );
        }
      }
      if (ev.bytes > RECOMMENDED_RECORD_BYTES)
        out.push(this.eventDiag(ev, 'moe.event-too-large', ev.bytes > MAX_REQUEST_BYTES ? 'error' : 'warning', `This event is ${kb(ev.bytes)}; AEP recommends at most 10 KB per streaming record and rejects records over 1 MB (aep-streaming-and-dataprep.md §3). Move bulky attributes out of the event`, 0, 1));
    }
    if (this.bytes > MAX_REQUEST_BYTES && this.shape !== 'ndjson' && this.shape !== undefined) {
      const s = Math.max(0, this.text.search(/\S/));
      const pos = { line: 0, character: 0 };
      const first = this.events[0];
      const start = first && first.start === s ? first.pos : s === 0 ? pos : new LineIndex(this.text.slice(0, s + 1)).positionAt(s);
      out.push(makeDiag('moe.payload-too-large', 'error', `This payload is ${kb(this.bytes)}: AEP answers 413 to any request over 1 MB (aep-streaming-and-dataprep.md §3). Send it in batches of under 1 MB`, { start, end: { line: start.line, character: start.character + 1 } }));
    }
    return sortDiagnostics(out);
  }

  private abs(ev: EventState, rel: number): Position {
    ev.local ??= new LineIndex(ev.text);
    const p = ev.local.positionAt(rel);
    return p.line === 0 ? { line: ev.pos.line, character: ev.pos.character + p.character } : { line: ev.pos.line + p.line, character: p.character };
  }

  private eventDiag(ev: EventState, code: string, severity: Severity, message: string, start: number, end: number, fixes?: OffsetFix[]): CoreDiagnostic {
    return makeDiag(code, severity, message, { start: this.abs(ev, start), end: this.abs(ev, end) }, fixes && fixesAt(fixes, (o) => this.abs(ev, o)));
  }
}

function endPos(ev: EventState): Position {
  ev.local ??= new LineIndex(ev.text);
  const p = ev.local.positionAt(ev.text.length);
  return p.line === 0 ? { line: ev.pos.line, character: ev.pos.character + p.character } : { line: ev.pos.line + p.line, character: p.character };
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
  return new PayloadValidator({ fileName: opts.fileName, now: now ? () => now : undefined }).validate(text);
}

