import { fileLines } from './lines';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { findSyntaxProblem } from '../../core/json/syntax';
import type { MessageOutcome, SendItem } from '../../core/aep/types';
import { eventKey } from '../../core/aep/resume';

/** What the send command remembers about one streamed event while it is in flight (and no longer). */
export interface StreamedEvent {
  index: number;
  file: string;
  /** Event number in the file (non-blank lines before it), as `parsePayload` numbers NDJSON events. */
  event: number;
  /** Resume-journal key, `eventKey(absFile, event, value)`; '' when no journal is kept. */
  key: string;
  /** 0-based position of the event's first character. */
  line: number;
  character: number;
}

export interface StreamFile {
  /** As the user wrote it (diagnostics, journal `file`). */
  file: string;
  abs: string;
}

/** Decides per event; the send command owns journal, resume state and XDM preparation. */
export interface StreamHandlers {
  /** Whether keys are needed (journal or resume). */
  keys: boolean;
  /** 'skip' (accepted earlier), 'skip-in-flight', or 'send'. Called once per event (with its key if `keys`). */
  resume(ev: StreamedEvent): 'send' | 'skip' | 'skip-in-flight';
  /** The body to send, or an outcome that fails the event locally (not sent). */
  prepare(value: unknown, index: number): { body: unknown } | { failed: MessageOutcome };
  /** A located problem of the input itself (broken line, bad UTF-8). */
  diagnostic(file: string, d: CoreDiagnostic): void;
  /** Outcome of an event that never left (invalid JSON, schema failure); the handler settles it. */
  local(o: MessageOutcome): void;
}

/** Observed bounds, for tests and the bench: what is held at once, never what passed through. */
export interface StreamStats {
  linesRead: number;
  events: number;
  /** Events handed to the client and not yet settled, now and at most. */
  held: number;
  maxHeld: number;
  /** Bytes read from the file beyond the lines handed out, at most (one chunk). */
  maxReadAheadBytes: number;
}

/**
 * Reads NDJSON payload files line by line and yields one send item per event, lazily: the client pulls
 * an item only when a request has room for it, so reading never runs ahead of sending by more than
 * one chunk. Only in-flight events are remembered (`live`), so memory is O(in flight)
 * whatever the file size (issue 7: replay days of events).
 */
export class NdjsonSource {
  private readonly live = new Map<number, StreamedEvent>();
  readonly stats: StreamStats = { linesRead: 0, events: 0, held: 0, maxHeld: 0, maxReadAheadBytes: 0 };
  private nextIndex: number;

  constructor(
    private readonly files: readonly StreamFile[],
    private readonly h: StreamHandlers,
    firstIndex: number,
    private readonly readBytes = 64 * 1024,
  ) {
    this.nextIndex = firstIndex;
  }

  /** The event of an index handed out and not yet settled. */
  get(index: number): StreamedEvent | undefined {
    return this.live.get(index);
  }

  /** Forgets an event once its final outcome is known. */
  settle(index: number): StreamedEvent | undefined {
    const ev = this.live.get(index);
    if (ev) {
      this.live.delete(index);
      this.stats.held = this.live.size;
    }
    return ev;
  }

  /** Events handed out whose outcome never came (the run was cancelled). */
  unsettled(): StreamedEvent[] {
    return [...this.live.values()];
  }

  async *items(): AsyncGenerator<SendItem> {
    for (const f of this.files) yield* this.fileItems(f);
  }

  private async *fileItems(f: StreamFile): AsyncGenerator<SendItem> {
    const input = { bytesRead: 0 };
    let line = -1;
    let event = 0;
    let badUtf8Reported = false;
    let consumed = 0;
    for await (let text of fileLines(f.abs, this.readBytes, input)) {
      line++;
      this.stats.linesRead++;
      // UTF-16 length as a byte estimate: exact for ASCII, low for other text (so never an overstatement).
      consumed += text.length + 1;
      if (input.bytesRead - consumed > this.stats.maxReadAheadBytes) this.stats.maxReadAheadBytes = input.bytesRead - consumed;
      // A BOM counts as a column, as in the whole-file path (LineIndex over the raw text).
      let bom = 0;
      if (line === 0 && text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        bom = 1;
      }
      // parsePayload's NDJSON trimming: spaces/tabs before, any whitespace after (a CR of CRLF too).
      let s = 0;
      let e = text.length;
      while (s < e && (text.charCodeAt(s) === 0x20 || text.charCodeAt(s) === 0x09)) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e === s) continue;
      const character = s + bom;
      const body = s === 0 && e === text.length ? text : text.slice(s, e);
      const ev: StreamedEvent = { index: this.nextIndex++, file: f.file, event: event++, key: '', line, character };
      this.stats.events++;
      if (!badUtf8Reported && body.includes('\ufffd')) {
        badUtf8Reported = true;
        const at = character + body.indexOf('\ufffd');
        this.h.diagnostic(f.file, { range: { start: { line, character: at }, end: { line, character: at + 1 } }, severity: 'error', code: 'moe.encoding', message: 'Invalid UTF-8 here (shown as \ufffd): AEP expects UTF-8 JSON; re-export or re-save the file as UTF-8' });
      }
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        const p = findSyntaxProblem(body, 0, body.length, 'the end of the line') ?? { offset: 0, length: 1, message: 'The text is not valid JSON' };
        const from = character + p.offset;
        this.h.diagnostic(f.file, { range: { start: { line, character: from }, end: { line, character: from + Math.max(p.length, 0) } }, severity: 'error', code: 'moe.json-syntax', message: p.message });
      }
      if (this.h.keys) ev.key = eventKey(f.abs, ev.event, value);
      const decision = this.h.resume(ev);
      if (decision !== 'send') continue;
      this.hold(ev);
      if (value === undefined) {
        this.h.local({ index: ev.index, status: 'failed', attempts: 0, message: 'this event is not valid JSON and was not sent; fix the line and send again' });
        continue;
      }
      const prepared = this.h.prepare(value, ev.index);
      if ('failed' in prepared) {
        this.h.local(prepared.failed);
        continue;
      }
      yield { index: ev.index, body: prepared.body };
    }
  }

  private hold(ev: StreamedEvent): void {
    this.live.set(ev.index, ev);
    this.stats.held = this.live.size;
    if (this.live.size > this.stats.maxHeld) this.stats.maxHeld = this.live.size;
  }
}
