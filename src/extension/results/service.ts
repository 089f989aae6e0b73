import * as path from 'node:path';
import * as vscode from 'vscode';
import { Journal, type JournalSnapshot } from '../../core/results/journal';
import { buildRuns } from '../../core/results/model';
import { redactExchange, scrubSecrets } from '../../core/results/redact';
import type { JournalRecord, JournalWarning } from '../../core/results/types';

const JOURNAL_NAME = 'aep-results.ndjson';
const MAX_TEST_LOG_LINES = 2000;

/**
 * Owns the workspace's results journal and tells the tree when it changed. One instance per
 * extension host, shared by the send and results features (they register separately).
 */
export class ResultsService implements vscode.Disposable {
  private journal: Journal | undefined;
  private snapshot: Promise<JournalSnapshot> | undefined;
  private readonly secrets = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private timer: NodeJS.Timeout | undefined;
  private warned = new Set<string>();
  /** Runs being sent in this session (not "interrupted" although they have no run-end yet). */
  readonly activeRunIds = new Set<string>();
  readonly onDidChange = this.changed.event;
  /** What this feature wrote to the log, kept only under test so tests can prove secrets never reach it. */
  readonly testLog: string[] | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    testMode: boolean,
  ) {
    this.testLog = testMode ? [] : undefined;
  }

  get journalFile(): string {
    // storageUri is per workspace; without a folder, fall back to the global one.
    const base = this.context.storageUri ?? this.context.globalStorageUri;
    return path.join(base.fsPath, JOURNAL_NAME);
  }

  private get j(): Journal {
    this.journal ??= new Journal(this.journalFile, {
      maxBytes: 8 * 1024 * 1024,
      keepRuns: 50,
      secrets: () => [...this.secrets],
    });
    return this.journal;
  }

  /** A secret value that must never be written (client secret, access token). */
  addSecret(s: string | undefined): void {
    if (s) this.secrets.add(s);
  }

  /** Removes known secret values from text bound for the log. */
  scrub(s: string): string {
    return scrubSecrets(s, [...this.secrets]);
  }

  info(line: string): void {
    const l = this.scrub(line);
    this.log.info(l);
    this.recordTestLog(l);
  }

  warn(line: string): void {
    const l = this.scrub(line);
    this.log.warn(l);
    this.recordTestLog(l);
  }

  private recordTestLog(line: string): void {
    if (!this.testLog) return;
    this.testLog.push(line);
    if (this.testLog.length > MAX_TEST_LOG_LINES) this.testLog.splice(0, this.testLog.length - MAX_TEST_LOG_LINES);
  }

  /**
   * Records arriving in the same tick (a 207 answers hundreds of messages at once) go out in one
   * write; order is kept, and each write still happens right away rather than on a timer.
   */
  append(...recs: JournalRecord[]): Promise<void> {
    this.pending.push(...recs);
    this.flushing ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        const batch = this.pending;
        this.pending = [];
        this.flushing = undefined;
        this.j
          .append(...batch)
          .then(() => this.remember(batch))
          .catch((e: Error) => {
            // The send itself succeeded; losing the history line is bad but must not fail the run.
            this.warn(`could not write the results journal ${this.journalFile}: ${e.message}`);
          })
          .finally(() => {
            this.invalidate();
            resolve();
          });
      });
    });
    return this.flushing;
  }

  private pending: JournalRecord[] = [];
  private flushing: Promise<void> | undefined;

  /** Coalesces change events: a 10,000-event run must not rebuild the tree 10,000 times. */
  invalidate(): void {
    this.snapshot = undefined;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, 150);
  }

  /**
   * The journal is parsed once; later records are added in memory as they are written, so a tree
   * refresh during a 100k-event run rebuilds runs from memory instead of re-reading megabytes.
   */
  read(): Promise<JournalSnapshot> {
    this.snapshot ??= (this.flushing ?? Promise.resolve())
      .then(async () => {
        this.loaded ??= this.j.read().then(({ records, warnings }) => ({ records, warnings }));
        return this.loaded;
      })
      .then(({ records, warnings }) => {
        for (const w of warnings) {
          const key = `${w.line}:${w.message}`;
          if (!this.warned.has(key)) {
            this.warned.add(key);
            this.warn(`results journal: ${w.message}`);
          }
        }
        return { records, warnings, runs: buildRuns(records, this.activeRunIds) };
      });
    const p = this.snapshot;
    p.catch(() => {
      if (this.snapshot === p) this.snapshot = undefined;
      this.loaded = undefined;
    });
    return p;
  }

  /** Forgets the in-memory copy so the next read comes from disk (e.g. the CLI wrote to the journal). */
  reload(): void {
    this.loaded = undefined;
    this.invalidate();
  }

  private loaded: Promise<{ records: JournalRecord[]; warnings: JournalWarning[] }> | undefined;

  private async remember(batch: JournalRecord[]): Promise<void> {
    if (!this.loaded) return;
    const mem = await this.loaded;
    const secrets = [...this.secrets];
    // Same redaction as the journal line, so what the tree shows is what the file holds.
    for (const r of batch) mem.records.push(r.type === 'exchange' ? redactExchange(r, secrets) : r);
  }

  async clear(): Promise<void> {
    await this.flushing;
    await this.j.clear();
    this.loaded = undefined;
    this.invalidate();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    void this.journal?.close();
  }
}

let instance: ResultsService | undefined;

export function isTestMode(context: vscode.ExtensionContext): boolean {
  // code-server may not report ExtensionMode.Test, so the host runner's env var counts too.
  return context.extensionMode === vscode.ExtensionMode.Test || process.env.MOE_AEP_TEST === '1';
}

export function resultsService(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ResultsService {
  if (!instance) {
    const created = new ResultsService(context, log, isTestMode(context));
    instance = created;
    context.subscriptions.push(created, { dispose: () => (instance === created ? (instance = undefined) : undefined) });
  }
  return instance;
}
