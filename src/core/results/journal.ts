import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildRuns, parseJournal, type ParsedJournal } from './model';
import { redactExchange, scrubSecrets } from './redact';
import type { JournalRecord, JournalWarning, Run } from './types';

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
 * Append-only NDJSON journal of send runs. Every record is one `appendFile` on an open descriptor,
 * so a crash loses at most the line being written (which the reader then ignores). Appends are
 * serialised so lines never interleave within this process.
 */
export class Journal {
  private fh: fs.promises.FileHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private size = 0;
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
    const st = await fh.stat();
    if (st.size === this.size) return;
    this.size = st.size;
    if (st.size === 0) return;
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

  private toLine(rec: JournalRecord): string {
    const secrets = this.opts.secrets?.() ?? [];
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
    return `${body.slice(0, this.maxBodyChars)}… [${body.length - this.maxBodyChars} more characters not kept in the journal]`;
  }

  /** Appends records in order; resolves once they are handed to the OS. */
  append(...recs: JournalRecord[]): Promise<void> {
    return this.serialise(async () => {
      const fh = await this.handle();
      await this.terminateTornLine(fh);
      const text = recs.map((r) => this.toLine(r)).join('');
      await fh.appendFile(text, 'utf8');
      this.size += Buffer.byteLength(text);
      if (this.size > this.maxBytes && recs.some((r) => r.type === 'run-end')) await this.compactNow();
    });
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
    return this.serialise(async () => {
      await this.closeHandle();
      await fs.promises.rm(this.file, { force: true });
      this.size = 0;
    });
  }

  /** Keeps the last `keepRuns` runs (and their exchanges); runs without `run-end` are kept like any other. */
  compact(): Promise<void> {
    return this.serialise(() => this.compactNow());
  }

  private async compactNow(): Promise<void> {
    await this.closeHandle();
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return;
    }
    const { records } = parseJournal(text);
    const order: string[] = [];
    for (const r of records) if (r.type === 'run-start') order.push(r.runId);
    const keep = new Set(order.slice(-this.keepRuns));
    const kept = records.filter((r) => keep.has(r.runId));
    const out = kept.map((r) => JSON.stringify(r) + '\n').join('');
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
  }

  private async closeHandle(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    if (fh) await fh.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.serialise(() => this.closeHandle());
  }
}
