import type {
  ExchangeLogRecord,
  JournalRecord,
  JournalWarning,
  MessageRecord,
  Run,
  RunCounts,
  RunStartRecord,
} from './types';
import { expandMessageGroup } from './messageGroups';

export interface ParsedJournal {
  records: JournalRecord[];
  warnings: JournalWarning[];
}

const KNOWN = new Set(['run-start', 'message', 'exchange', 'run-end']);

/**
 * Parses journal text. A crash can leave the last line half-written: it is ignored with a warning
 * rather than failing the whole history. Unreadable lines elsewhere are skipped the same way;
 * records of an unknown type (a newer writer) are skipped silently.
 */
export function parseJournal(text: string): ParsedJournal {
  const records: JournalRecord[] = [];
  const warnings: JournalWarning[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const terminated = end >= 0;
    if (!terminated) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (!raw) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch {
      warnings.push({
        line,
        message: terminated
          ? `journal line ${line} is not valid JSON and was skipped`
          : `ignored a torn last line (${raw.length} characters) — the previous session stopped while writing it; results before it are intact`,
      });
      continue;
    }
    if (isRecord(rec)) records.push(rec);
    // Grouped outcomes (messageGroups.ts) come back as the `message` records they stand for.
    else if (isGroup(rec)) expandMessageGroup(rec, line, records, warnings);
  }
  return { records, warnings };
}

function isGroup(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { type?: unknown }).type === 'messages';
}

function isRecord(v: unknown): v is JournalRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { type?: unknown; runId?: unknown; id?: unknown };
  if (typeof r.type !== 'string' || !KNOWN.has(r.type)) return false;
  if (r.type === 'exchange') return typeof r.id === 'string';
  return typeof r.runId === 'string';
}

/** Whether AEP gave a definitive answer for the message (resume must not send it again). */
export function isAcknowledged(m: MessageRecord): boolean {
  return m.status === 'accepted' || m.status === 'rejected';
}

function countsOf(start: RunStartRecord, messages: MessageRecord[]): RunCounts {
  const c: RunCounts = { accepted: 0, rejected: 0, error: 0, pending: 0 };
  for (const m of messages) c[m.status]++;
  c.pending = Math.max(0, start.total - messages.length);
  return c;
}

/**
 * Rebuilds runs (oldest first). A run without `run-end` is interrupted, unless the caller says it
 * is still running in this session (`activeRunIds`).
 */
export function buildRuns(records: readonly JournalRecord[], activeRunIds: ReadonlySet<string> = new Set()): Run[] {
  const starts = new Map<string, RunStartRecord>();
  const msgs = new Map<string, Map<number, MessageRecord>>();
  const ends = new Map<string, Extract<JournalRecord, { type: 'run-end' }>>();
  for (const r of records) {
    if (r.type === 'run-start') {
      starts.set(r.runId, r);
      msgs.set(r.runId, new Map());
    } else if (r.type === 'message') {
      // A later record for the same event (a retry inside the run) replaces the earlier one.
      msgs.get(r.runId)?.set(r.index, r);
    } else if (r.type === 'run-end') ends.set(r.runId, r);
  }
  const runs: Run[] = [];
  for (const [runId, start] of starts) {
    const messages = [...(msgs.get(runId)?.values() ?? [])].sort((a, b) => a.index - b.index);
    const end = ends.get(runId);
    const counts = countsOf(start, messages);
    const state = end ? (end.cancelled ? 'cancelled' : 'complete') : activeRunIds.has(runId) ? 'running' : 'interrupted';
    runs.push({ start, messages, end, state, counts });
  }
  return runs;
}

export function exchangesById(records: readonly JournalRecord[]): Map<string, ExchangeLogRecord> {
  const m = new Map<string, ExchangeLogRecord>();
  for (const r of records) if (r.type === 'exchange') m.set(r.id, r);
  return m;
}

export interface PendingEvent {
  /** Index of the event in the payload file. */
  index: number;
  eventKey: string;
}

function eventsOf(run: Run): PendingEvent[] {
  const idx = run.start.eventIndexes;
  return run.start.eventKeys.map((eventKey, i) => ({ index: idx?.[i] ?? i, eventKey }));
}

/** Events of the run that AEP has not acknowledged: never sent, or sent without a definitive answer. */
export function pendingForResume(run: Run): PendingEvent[] {
  const byIndex = new Map(run.messages.map((m) => [m.index, m]));
  return eventsOf(run).filter((e) => {
    const m = byIndex.get(e.index);
    return !m || !isAcknowledged(m);
  });
}

/** Events to offer for "resend failed": rejected by AEP or without an answer. */
export function failedForResend(run: Run): PendingEvent[] {
  return run.messages.filter((m) => m.status !== 'accepted').map((m) => ({ index: m.index, eventKey: m.eventKey }));
}

/**
 * Finds the file index of each wanted event in the payload as it is now. The `event_uuid` wins over
 * the index, so edits that insert or remove events before it do not resend the wrong event.
 * Returns the events that could not be found separately so the caller can say so.
 */
export function locateEvents(
  wanted: readonly PendingEvent[],
  currentKeys: readonly string[],
): { found: PendingEvent[]; missing: PendingEvent[] } {
  const pos = new Map<string, number>();
  currentKeys.forEach((k, i) => {
    if (!k.startsWith('#') && !pos.has(k)) pos.set(k, i);
  });
  const found: PendingEvent[] = [];
  const missing: PendingEvent[] = [];
  for (const w of wanted) {
    if (!w.eventKey.startsWith('#')) {
      const i = pos.get(w.eventKey);
      if (i === undefined) missing.push(w);
      else found.push({ index: i, eventKey: w.eventKey });
    } else if (w.index < currentKeys.length && currentKeys[w.index].startsWith('#')) found.push(w);
    else missing.push(w);
  }
  return { found, missing };
}

/** The key an event is known by in the journal: its `event_uuid`, else its position. */
export function eventKeyOf(event: unknown, index: number): string {
  if (event && typeof event === 'object' && !Array.isArray(event)) {
    const u = (event as Record<string, unknown>).event_uuid;
    if (typeof u === 'string' && u.length > 0) return u;
  }
  return `#${index}`;
}
