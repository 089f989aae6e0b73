import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { MessageOutcome } from './types';

/**
 * The CLI's resume journal (NDJSON). Resuming relies on THIS file, not on DCS: whether DCS de-duplicates
 * a resent message is [UNCONFIRMED] (aep-streaming-and-dataprep.md §1.5). Each request is journaled as
 * `sent` before it leaves, and each answer synchronously as it arrives, so after a `kill -9` every event
 * is either settled or known to have been in flight. An in-flight message may or may not be stored — no
 * client-side protocol can tell — so `--resume` names those events and resends them by default (at-least-once
 * for them only; a stable `_id` keeps the duplicate identifiable, §6.3) or skips them on request.
 */
export interface ResumeLine {
  v: 1;
  key: string;
  file: string;
  event: number;
  /** `sent`: dispatched, answer not yet known (a later line for the same key settles it). */
  status: MessageOutcome['status'] | 'sent';
  httpStatus?: number;
  xactionId?: string;
  message?: string;
  at: string;
}

/** Identity of one source event: file, position and content, so an edited event is sent again. */
export function eventKey(file: string, event: number, source: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(source) ?? '').digest('hex').slice(0, 16);
  return `${file}#${event}:${hash}`;
}

export interface JournalState {
  /** Keys AEP accepted. */
  acknowledged: Set<string>;
  /** Keys dispatched whose answer never arrived (the run died): possibly stored, fate unknown. */
  unanswered: Set<string>;
}

/** Reads a resume journal. Torn or foreign lines are skipped: they never acknowledged anything. */
export function readJournalState(file: string): JournalState {
  const state: JournalState = { acknowledged: new Set(), unanswered: new Set() };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw e;
  }
  for (const line of text.split('\n')) {
    const r = parseResumeLine(line);
    if (!r) continue;
    if (r.status === 'sent') state.unanswered.add(r.key);
    else state.unanswered.delete(r.key);
    if (r.status === 'accepted') state.acknowledged.add(r.key);
  }
  for (const k of state.acknowledged) state.unanswered.delete(k);
  return state;
}

/** One journal line's key and status; undefined for a blank, torn (killed run) or foreign line. */
export function parseResumeLine(line: string): { key: string; status: ResumeLine['status'] } | undefined {
  if (!line.trim()) return undefined;
  let r: Partial<ResumeLine>;
  try {
    r = JSON.parse(line) as Partial<ResumeLine>;
  } catch {
    return undefined;
  }
  return r.v === 1 && typeof r.key === 'string' ? { key: r.key, status: r.status as ResumeLine['status'] } : undefined;
}

export class ResumeJournal {
  private fd: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    // A torn last line from a killed run must not glue onto our first line.
    const size = fs.fstatSync(this.fd).size;
    if (size > 0) {
      const b = Buffer.alloc(1);
      const rfd = fs.openSync(file, 'r');
      fs.readSync(rfd, b, 0, 1, size - 1);
      fs.closeSync(rfd);
      if (b[0] !== 10) fs.writeSync(this.fd, '\n');
    }
  }

  append(line: Omit<ResumeLine, 'v' | 'at'>): void {
    this.appendMany([line]);
  }

  /** One write for many lines (a whole batch), so a kill tears at most one line. */
  appendMany(lines: readonly Omit<ResumeLine, 'v' | 'at'>[]): void {
    if (!lines.length) return;
    const at = new Date().toISOString();
    fs.writeSync(this.fd, lines.map((l) => JSON.stringify({ v: 1, ...l, at })).join('\n') + '\n');
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
