import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { CoreDiagnostic } from '../diagnostics';
import type { TransformResult } from '../mapping/transform';
import { PROGRESS_CELLS, PROGRESS_EVENT, PROGRESS_REQUEST, PROGRESS_ROW, type CachedText, type WorkerReply, type WorkerRequest } from './protocol';

/**
 * How long a mapping may run over a payload before the worker is stopped. A user's regex can
 * backtrack for hours on a few dozen characters (issue 6 item 3); a preview that answers in 5 s or
 * says why it could not is the trade-off. Callers may pass their own budget.
 */
export const DEFAULT_TRANSFORM_BUDGET_MS = 5_000;
/** A newer request for the same preview stops an older one that has already run this long (the user moved on). */
export const DEFAULT_SUPERSEDE_AFTER_MS = 1_000;

export interface TransformText {
  /** Stable identity of the document (its URI). */
  key: string;
  /** Changes whenever the text changes (document version, mtime); equal versions must mean equal texts. */
  version: string;
  text: string;
}

export interface TransformInput {
  payload: TransformText;
  mapping: TransformText & { fileName: string };
  /** The resolved XDM schema root as JSON text. */
  schema?: TransformText;
}

export type TransformOutcome =
  | { status: 'done'; result: TransformResult; ms: number }
  /** The budget ran out; `row`/`event` (0-based) say what was running when the worker was stopped, if anything had started. */
  | { status: 'timeout'; budgetMs: number; row?: number; event?: number }
  /** A newer request for the same payload and mapping replaced this one before it finished. */
  | { status: 'superseded' };

/** A cold worker (loading the bundle, ajv) may take this long before the budget starts counting. */
const STARTUP_ALLOWANCE_MS = 10_000;

interface Pending {
  resolve: (d: CoreDiagnostic[]) => void;
  reject: (e: Error) => void;
}

interface TransformJob {
  input: TransformInput;
  /** Versions of the three texts: equal for requests that must give the same answer. */
  versions: string;
  promise: Promise<TransformOutcome>;
  budgetMs: number;
  resolve: (o: TransformOutcome) => void;
  reject: (e: Error) => void;
  id?: number;
  started?: number;
  timer?: NodeJS.Timeout;
  supersedeTimer?: NodeJS.Timeout;
  /** The worker reported it started this job. */
  begun?: boolean;
  retried?: boolean;
}

function versionsOf(i: TransformInput): string {
  return `${i.payload.version}\n${i.mapping.version}\n${i.schema ? `${i.schema.key}@${i.schema.version}` : ''}`;
}

/**
 * Runs payload validation and mapping transforms in a worker thread (the bundled `dist/worker.js`),
 * so the caller's event loop keeps turning while a big file is checked or a slow regex runs.
 * Requests for the same document key are answered in order; the worker starts on first use and is
 * restarted if it dies or a transform exceeds its time budget.
 */
export class PayloadWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Versions of texts the current worker holds (`p:`/`m:`/`s:` + key → version); empty for a fresh worker. */
  private readonly sent = new Map<string, string>();
  private progress?: Int32Array;
  private running?: TransformJob;
  private readonly queue: TransformJob[] = [];
  /** Whether the last answer came from the incremental path (for logs and tests). */
  lastIncremental = false;
  lastMs = 0;
  /** How many times a transform was stopped for exceeding its budget (for logs and tests). */
  timeouts = 0;

  /** `scriptPath`: the bundled dist/worker.js (tests pass bootstrap code with `{ eval: true }`). */
  constructor(
    private readonly scriptPath: string,
    private readonly workerOptions: WorkerOptions = {},
    private readonly supersedeAfterMs = DEFAULT_SUPERSEDE_AFTER_MS,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.scriptPath, this.workerOptions);
    // Keep the process alive only while answers are owed (a CLI must still exit when done).
    w.unref();
    const buf = new SharedArrayBuffer(PROGRESS_CELLS * 4);
    this.progress = new Int32Array(buf);
    w.postMessage({ type: 'init', progress: buf } satisfies WorkerRequest);
    this.sent.clear();
    w.on('message', (m: WorkerReply) => this.onMessage(w, m));
    // Handlers check `w` is still current: a worker stopped on purpose must not disturb its successor.
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.sent.clear();
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      const job = this.running;
      this.running = undefined;
      if (job) {
        clearTimeout(job.timer);
        clearTimeout(job.supersedeTimer);
        // A worker that dies before it began (e.g. its script was being rewritten by a build) gets one
        // more try with a fresh worker; one that dies while transforming is a real failure.
        if (!job.begun && !job.retried) {
          job.retried = true;
          this.queue.unshift(job);
        } else job.reject(e);
      }
      this.pump();
    };
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`validation worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  private onMessage(w: Worker, m: WorkerReply): void {
    if (this.worker !== w) return;
    const job = this.running;
    if (job && job.id === m.id) {
      if (m.type === 'started') {
        job.begun = true;
        clearTimeout(job.timer);
        job.timer = setTimeout(() => this.expire(job), job.budgetMs);
        return;
      }
      if (m.type === 'error' && m.missing) {
        // The worker evicted a text we thought it held: send everything again, same budget left.
        this.sent.clear();
        this.post(job, m.id);
        return;
      }
      clearTimeout(job.timer);
      clearTimeout(job.supersedeTimer);
      this.running = undefined;
      this.idle();
      if (m.type === 'transformed') job.resolve({ status: 'done', result: m.result, ms: m.ms });
      else if (m.type === 'error') job.reject(new Error(m.message));
      this.pump();
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    this.idle();
    if (m.type === 'result') {
      this.lastIncremental = m.incremental;
      this.lastMs = m.ms;
      p.resolve(m.diagnostics);
    } else if (m.type === 'error') p.reject(new Error(m.message));
  }

  private idle(): void {
    if (this.pending.size === 0 && !this.running) this.worker?.unref();
  }

  validate(key: string, text: string, opts: { fileName?: string; now?: Date } = {}): Promise<CoreDiagnostic[]> {
    const id = this.nextId++;
    const w = this.ensure();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      const msg: WorkerRequest = { type: 'validate', id, key, text, fileName: opts.fileName, nowMs: opts.now?.getTime() };
      w.postMessage(msg);
    });
  }

  /**
   * Runs `input.mapping` over `input.payload` in the worker. One transform runs at a time; a newer
   * request for the same payload and mapping (or a newer text of either) replaces a queued one, and stops
   * a running one once it has had `supersedeAfterMs` (the next edit retries soon instead of waiting out
   * the budget).
   */
  transform(input: TransformInput, opts: { budgetMs?: number } = {}): Promise<TransformOutcome> {
    const same = (j: TransformJob) => j.input.payload.key === input.payload.key && j.input.mapping.key === input.mapping.key;
    // Another preview still working on an older text of this payload or mapping is stale too: its own
    // refresh follows, and it must not make this one wait out a slow budget.
    const olderText = (a: TransformText, b: TransformText) => a.key === b.key && a.version !== b.version;
    const replaced = (j: TransformJob) => same(j) || olderText(j.input.payload, input.payload) || olderText(j.input.mapping, input.mapping);
    const versions = versionsOf(input);
    // The same texts asked again (a refresh and an open racing): share the answer instead of running twice.
    const twin = [this.running, ...this.queue].find((j) => j && same(j) && j.versions === versions);
    if (twin) return twin.promise;
    let resolve!: (o: TransformOutcome) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<TransformOutcome>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const job: TransformJob = { input, versions, promise, budgetMs: opts.budgetMs ?? DEFAULT_TRANSFORM_BUDGET_MS, resolve, reject };
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (replaced(this.queue[i])) this.queue.splice(i, 1)[0].resolve({ status: 'superseded' });
    }
    this.queue.push(job);
    const run = this.running;
    if (run && replaced(run)) {
      // Stop it once it has had supersedeAfterMs: a quick transform still finishes (no restart per keystroke),
      // a slow one does not make the newer request wait out its whole budget.
      const supersede = () => {
        if (this.running !== run || !this.queue.includes(job)) return;
        this.stopRunning();
        run.resolve({ status: 'superseded' });
        this.pump();
      };
      const wait = this.supersedeAfterMs - (performance.now() - run.started!);
      clearTimeout(run.supersedeTimer);
      if (wait <= 0) supersede();
      else run.supersedeTimer = setTimeout(supersede, wait);
    }
    this.pump();
    return promise;
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    job.started = performance.now();
    // Until the worker says it started, allow for its start-up too; the budget proper begins at 'started'.
    job.timer = setTimeout(() => this.expire(job), job.budgetMs + STARTUP_ALLOWANCE_MS);
    try {
      this.post(job, this.nextId++);
    } catch (e) {
      this.running = undefined;
      clearTimeout(job.timer);
      job.reject(e as Error);
      this.pump();
    }
  }

  private post(job: TransformJob, id: number): void {
    const w = this.ensure();
    w.ref();
    job.id = id;
    const cached = (prefix: string, t: TransformText): CachedText => {
      const slot = prefix + t.key;
      if (this.sent.get(slot) === t.version) return { key: t.key, version: t.version };
      this.sent.set(slot, t.version);
      return { key: t.key, version: t.version, text: t.text };
    };
    const { payload, mapping, schema } = job.input;
    const msg: WorkerRequest = {
      type: 'transform',
      id,
      payload: cached('p:', payload),
      mapping: { ...cached('m:', mapping), fileName: mapping.fileName },
      schema: schema && cached('s:', schema),
    };
    w.postMessage(msg);
  }

  private expire(job: TransformJob): void {
    if (this.running !== job) return;
    const p = this.progress;
    const started = p && p[PROGRESS_REQUEST] === job.id && p[PROGRESS_ROW] >= 0;
    this.timeouts++;
    this.stopRunning();
    job.resolve({ status: 'timeout', budgetMs: job.budgetMs, row: started ? p[PROGRESS_ROW] : undefined, event: started ? p[PROGRESS_EVENT] : undefined });
    this.pump();
  }

  /** Terminates the worker (the only way to stop a regex mid-match); the next request starts a fresh one. */
  private stopRunning(): void {
    const job = this.running;
    if (job) {
      clearTimeout(job.timer);
      clearTimeout(job.supersedeTimer);
    }
    this.running = undefined;
    const w = this.worker;
    this.worker = undefined;
    this.sent.clear();
    const stopped = new Error('the worker was restarted after a transform exceeded its time budget; please retry');
    for (const p of this.pending.values()) p.reject(stopped);
    this.pending.clear();
    void w?.terminate();
  }

  forget(key: string): void {
    const msg: WorkerRequest = { type: 'forget', key };
    this.worker?.postMessage(msg);
    for (const prefix of ['p:', 'm:', 's:']) this.sent.delete(prefix + key);
  }

  dispose(): void {
    for (const j of this.queue.splice(0)) j.resolve({ status: 'superseded' });
    const run = this.running;
    this.stopRunning();
    run?.resolve({ status: 'superseded' });
  }
}
