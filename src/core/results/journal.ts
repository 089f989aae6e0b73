import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildRuns, parseJournal, type ParsedJournal } from './model';
import { redactExchange, scrubSecrets } from './redact';
import type { JournalRecord, JournalWarning, Run } from './types';
import { fitsGroup, groupable, groupItem, newGroup, type MessageGroupLine } from './messageGroups';

/** A pending message group and the secrets its records were appended under (each line is scrubbed with its own). */
interface PendingGroup {
  line: MessageGroupLine;
  secrets: readonly string[];
}
type Pending = string | PendingGroup;

export interface JournalOptions {
  /** Compact when the file grows beyond this many bytes (default 8 MB). */
  maxBytes?: number;
  /** Runs kept by compaction (default 50). */
  keepRuns?: number;
  /** Exchange bodies longer than this are cut in the journal (default 256 KiB) so one huge batch cannot evict all history. */
  maxBodyChars?: number;
  /** Current secret values (client secret, access token) to scrub from every line, whatever the client did. */
  secrets?: () => readonly string[];
}

export interface JournalSnapshot {
  runs: Run[];
  records: JournalRecord[];
  warnings: JournalWarning[];
}

/**
 * Append-only NDJSON journal of send runs. Records are serialised when appended and written by group
 * commit: every line pending when a flush starts goes out in one `write`, because a send produces one
 * outcome per message (hundreds of thousands) and one syscall + fstat each made the journal, not HTTP,
 * the bottleneck. A crash loses at most the tail being written, which the reader ignores as torn.
 * Flushes are serialised with clear/compact/close so lines never interleave within this process.
 */
export class Journal {
  private fh: fs.promises.FileHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private size = 0;
  /**
   * Lines appended but not yet written, in append order: the batch of the next flush. A flush empties
   * the array it was queued with, so a batch is written once even if two tasks name it.
   */
  private pending: Pending[] = [];
  /** The flush queued for `pending` and not started: later appends join it instead of queueing their own. */
  private nextFlush: Promise<void> | undefined;
  /** A run ended since the last flush, so the size bound is checked after it (compaction keeps whole runs). */
  private runEnded = false;
  /** Runs in the file as of the last compaction check plus those appended since (other writers' aside). */
  private runsKnown: number | undefined;
  private readonly maxBytes: number;
  private readonly keepRuns: number;
  private readonly maxBodyChars: number;

  constructor(
    readonly file: string,
    private readonly opts: JournalOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
    this.keepRuns = opts.keepRuns ?? 50;
    this.maxBodyChars = opts.maxBodyChars ?? 256 * 1024;
  }

  private async handle(): Promise<fs.promises.FileHandle> {
    if (this.fh) return this.fh;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const fh = await fs.promises.open(this.file, 'a+');
    this.fh = fh;
    this.size = -1;
    await this.terminateTornLine(fh);
    return fh;
  }

  /**
   * Another writer (the CLI, or a crashed process) may have left the file ending mid-line. Our
   * record would then be glued to its fragment and both lost, so start a fresh line first. Only
   * checked when the size is not what we last wrote, which costs one fstat per append.
   */
  private async terminateTornLine(fh: fs.promises.FileHandle): Promise<void> {
    // Synchronous on purpose: a local fstat is a microsecond syscall, while the promise form's thread
    // pool round trip cost ~1 ms of main-thread time per flush in the send bench (one flush per answer).
    const st = fs.fstatSync(fh.fd);
    if (st.size === this.size) return;
    this.size = st.size;
    if (st.size === 0) {
      // A journal we start holds exactly the runs we append: no need to read it to know its runs.
      this.runsKnown ??= 0;
      return;
    }
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, st.size - 1);
    if (last[0] !== 10) {
      await fh.appendFile('\n');
      this.size++;
    }
  }

  private serialise<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * For clear/compact/close. Appends made before the call are already queued ahead of it; appends made
   * after it start a new batch, so they cannot ride on a flush that runs before the barrier.
   */
  private serialiseBarrier<T>(fn: (before: Pending[]) => Promise<T>): Promise<T> {
    const before = this.pending;
    this.pending = [];
    this.nextFlush = undefined;
    return this.serialise(() => fn(before));
  }

  private toLine(rec: JournalRecord, secrets: readonly string[]): string {
    let r = rec;
    if (r.type === 'exchange') {
      r = redactExchange(r, secrets);
      r = {
        ...r,
        request: { ...r.request, body: this.cut(r.request.body) },
        response: r.response && { ...r.response, body: this.cut(r.response.body) },
      };
    }
    return scrubSecrets(JSON.stringify(r), secrets) + '\n';
  }

  private cut(body: string | undefined): string | undefined {
    if (body === undefined || body.length <= this.maxBodyChars) return body;
    // ASCII marker: a `…` would make the whole line a two-byte string, several times slower to encode.
    return `${body.slice(0, this.maxBodyChars)}... [${body.length - this.maxBodyChars} more characters not kept in the journal]`;
  }

  /**
   * Appends records in order; resolves once they are handed to the OS. Serialising here (not in the
   * flush) keeps what is written equal to the records as they were at the call, even if the caller
   * mutates them afterwards.
   */
  append(...recs: JournalRecord[]): Promise<void> {
    const secrets = this.opts.secrets?.() ?? [];
    // Serialise first: a record that cannot be written rejects the call and queues none of its records.
    let lines: (string | undefined)[];
    try {
      lines = recs.map((r) => (r.type === 'message' && groupable(r) ? undefined : this.toLine(r, secrets)));
    } catch (e) {
      return Promise.reject(e);
    }
    recs.forEach((r, i) => this.enqueue(r, lines[i], secrets));
    for (const r of recs) {
      if (r.type === 'run-end') this.runEnded = true;
      else if (r.type === 'run-start' && this.runsKnown !== undefined) this.runsKnown++;
    }
    if (this.nextFlush) return this.nextFlush;
    const batch = this.pending;
    const p = this.serialise(() => this.flush(batch));
    this.nextFlush = p;
    return p;
  }

  /**
   * Errorless outcomes join the pending group line they fit (one per 207 answer, in practice), as a
   * tuple copied now; everything else is serialised now. Both keep what is written equal to the
   * record at the call.
   */
  private enqueue(r: JournalRecord, line: string | undefined, secrets: readonly string[]): void {
    if (line !== undefined) {
      this.pending.push(line);
      return;
    }
    if (r.type === 'message') {
      const last = this.pending[this.pending.length - 1];
      if (typeof last === 'object' && fitsGroup(last.line, r) && sameList(last.secrets, secrets)) {
        last.line.items.push(groupItem(r));
        return;
      }
      const group = newGroup(r);
      group.items.push(groupItem(r));
      this.pending.push({ line: group, secrets });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    if (batch === this.pending) {
      this.pending = [];
      this.nextFlush = undefined;
    }
    // Empty when an earlier task already wrote this batch.
    if (!batch.length) return;
    const lines = batch.splice(0).map(lineOf);
    const ended = this.runEnded;
    this.runEnded = false;
    let buf: Buffer | undefined;
    let off = 0;
    try {
      const fh = await this.handle();
      await this.terminateTornLine(fh);
      buf = encodeLines(lines);
      while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
    } catch (e) {
      this.size += off;
      // Nothing is dropped silently: unwritten lines go back in front of the next batch; a partly
      // written line is written again whole (terminateTornLine first ends its fragment).
      this.pending.unshift(buf && off > 0 ? tailFrom(buf, off) : lines.join(''));
      this.runEnded ||= ended;
      throw e;
    }
    this.size += buf.length;
    // Compaction is checked only when a run ended, as it keeps or drops whole runs.
    if (ended && this.size > this.maxBytes) await this.compactNow(true);
  }

  async read(activeRunIds?: ReadonlySet<string>): Promise<JournalSnapshot> {
    await this.queue;
    let parsed: ParsedJournal;
    try {
      parsed = parseJournal(await fs.promises.readFile(this.file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') parsed = { records: [], warnings: [] };
      else throw e;
    }
    return { ...parsed, runs: buildRuns(parsed.records, activeRunIds) };
  }

  /** Forgets all history. */
  clear(): Promise<void> {
    return this.serialiseBarrier(async () => {
      await this.closeHandle();
      await fs.promises.rm(this.file, { force: true });
      this.size = 0;
      this.runsKnown = undefined;
    });
  }

  /** Keeps the last `keepRuns` runs (and their exchanges); runs without `run-end` are kept like any other. */
  compact(): Promise<void> {
    return this.serialiseBarrier(async (before) => {
      await this.flush(before);
      await this.compactNow();
    });
  }

  private async compactNow(onlyIfRunsDrop = false): Promise<void> {
    // A journal over the size bound with few but big runs (one 200,000-event send is ~60 MB) has
    // nothing to drop; reading, parsing and rewriting it after every run would cost more than the send.
    if (onlyIfRunsDrop && this.runsKnown !== undefined && this.runsKnown <= this.keepRuns) return;
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return;
    }
    this.runsKnown = countRunStarts(text);
    if (onlyIfRunsDrop && this.runsKnown <= this.keepRuns) return;
    await this.closeHandle();
    const { records } = parseJournal(text);
    const order: string[] = [];
    for (const r of records) if (r.type === 'run-start') order.push(r.runId);
    const keep = new Set(order.slice(-this.keepRuns));
    const kept = records.filter((r) => keep.has(r.runId));
    // Regrouped like appends, so a compacted journal is no bigger than the one written live.
    const out = encodeRecords(kept);
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.writeFile(out, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    // rename is atomic: a reader sees either the old or the compacted journal, never half of one.
    await fs.promises.rename(tmp, this.file);
    this.size = Buffer.byteLength(out);
    this.runsKnown = keep.size;
  }

  private async closeHandle(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    if (fh) await fh.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.serialiseBarrier(async (before) => {
      await this.flush(before);
      await this.closeHandle();
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lineOf(p: Pending): string {
  return typeof p === 'string' ? p : scrubSecrets(JSON.stringify(p.line), p.secrets) + '\n';
}

/** Records as journal text, message outcomes grouped as `append` groups them (compaction). */
function encodeRecords(records: readonly JournalRecord[]): string {
  const out: string[] = [];
  let group: MessageGroupLine | undefined;
  for (const r of records) {
    if (r.type === 'message' && groupable(r)) {
      if (!group || !fitsGroup(group, r)) {
        if (group) out.push(JSON.stringify(group) + '\n');
        group = newGroup(r);
      }
      group.items.push(groupItem(r));
      continue;
    }
    if (group) out.push(JSON.stringify(group) + '\n');
    group = undefined;
    out.push(JSON.stringify(r) + '\n');
  }
  if (group) out.push(JSON.stringify(group) + '\n');
  return out.join('');
}

/** The unwritten lines after a partial write: the torn line restarts from its beginning. */
function tailFrom(buf: Buffer, off: number): string {
  const lineStart = buf.lastIndexOf(10, off - 1) + 1;
  return buf.subarray(lineStart).toString('utf8');
}

/** Run starts in journal text without parsing it; may over-count (then compaction just runs), never under-counts our own lines. */
function countRunStarts(text: string): number {
  let n = 0;
  // indexOf runs at memory speed; a regex over tens of MB per run end did not.
  for (let i = text.indexOf('"run-start"'); i >= 0; i = text.indexOf('"run-start"', i + 11)) {
    if (/"type"\s*:\s*$/.test(text.slice(Math.max(0, i - 16), i))) n++;
  }
  return n;
}

/**
 * The lines as one UTF-8 buffer, each encoded straight into place. Joining them first cost more than
 * the write: the joined string is copied again, and one non-Latin-1 character (the `…` of a cut body)
 * widens all of it to two bytes per character. Sizing the buffer with `Buffer.byteLength` per line
 * cost more than encoding (it is a slow per-character count in Node 20): the buffer gets the character
 * count plus room for the longest line's worst case, which ASCII lines never exceed; only when
 * non-ASCII text eats that room are the remaining lines measured exactly.
 */
function encodeLines(lines: readonly string[]): Buffer {
  if (lines.length === 1) return Buffer.from(lines[0], 'utf8');
  let chars = 0;
  let longest = 0;
  for (const l of lines) {
    chars += l.length;
    if (l.length > longest) longest = l.length;
  }
  let buf = Buffer.allocUnsafe(chars + 2 * longest);
  let off = 0;
  for (let i = 0; i < lines.length; i++) {
    if (buf.length - off < 3 * lines[i].length) {
      let rest = 0;
      for (let j = i; j < lines.length; j++) rest += Buffer.byteLength(lines[j], 'utf8');
      if (buf.length - off < rest) {
        const bigger = Buffer.allocUnsafe(off + rest);
        buf.copy(bigger, 0, 0, off);
        buf = bigger;
      }
      for (let j = i; j < lines.length; j++) off += buf.write(lines[j], off, 'utf8');
      break;
    }
    off += buf.write(lines[i], off, 'utf8');
  }
  return buf.subarray(0, off);
}
