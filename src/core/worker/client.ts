import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { CoreDiagnostic } from '../diagnostics';
import type { WorkerReply, WorkerRequest } from './protocol';

/**
 * Runs payload validation in a worker thread (the bundled `dist/worker.js`), so the caller's
 * event loop keeps turning while a big file is checked. Requests for the same document key are
 * answered in order; the worker starts on first use and is restarted if it dies.
 */
export class PayloadWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (d: CoreDiagnostic[]) => void; reject: (e: Error) => void }>();
  /** Whether the last answer came from the incremental path (for logs and tests). */
  lastIncremental = false;
  lastMs = 0;

  /** `scriptPath`: the bundled dist/worker.js (tests pass bootstrap code with `{ eval: true }`). */
  constructor(
    private readonly scriptPath: string,
    private readonly workerOptions: WorkerOptions = {},
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.scriptPath, this.workerOptions);
    // Keep the process alive only while answers are owed (a CLI must still exit when done).
    w.unref();
    w.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.type === 'result') {
        this.lastIncremental = m.incremental;
        this.lastMs = m.ms;
        p.resolve(m.diagnostics);
      } else p.reject(new Error(m.message));
    });
    const fail = (e: Error) => {
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`validation worker exited with code ${code}`)));
    this.worker = w;
    return w;
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

  forget(key: string): void {
    const msg: WorkerRequest = { type: 'forget', key };
    this.worker?.postMessage(msg);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
