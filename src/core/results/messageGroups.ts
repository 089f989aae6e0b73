import type { JournalRecord, JournalWarning, MessageRecord, MessageStatus } from './types';

/**
 * One journal line for consecutive errorless outcomes that share run, status, HTTP status, exchange
 * and time — in practice the accepted items of one 207 batch answer (aep-streaming-and-dataprep.md §1.2).
 * A send writes one record per event; as a JSON object each was ~300 bytes and most of the client's
 * journal time (stringify, then UTF-8 encode). As a tuple in a shared line it is ~90 bytes.
 *
 * `items` entries: `[index, eventKey, xactionId?, eventCode?, eventId?]`, `null` for an absent
 * middle value, trailing absent values left out. Readers expand the line back into the `message`
 * records it stands for (`expandMessageGroup`), so everything above the parser sees the same records
 * as from journals written before groups existed — and those journals are read as they always were.
 */
export interface MessageGroupLine {
  type: 'messages';
  runId: string;
  status: MessageStatus;
  httpStatus?: number;
  exchangeId?: string;
  at?: string;
  items: MessageGroupItem[];
}

export type MessageGroupItem = [index: number, eventKey: string, xactionId?: string | null, eventCode?: string | null, eventId?: string | null];

/** Whether the record can join a group: errors and `batchItem` have no place in the tuple. */
export function groupable(r: MessageRecord): boolean {
  return r.errors.length === 0 && r.batchItem === undefined;
}

/** Whether `r` belongs on the line of `g` (everything outside the tuple is equal). */
export function fitsGroup(g: MessageGroupLine, r: MessageRecord): boolean {
  return g.runId === r.runId && g.status === r.status && g.httpStatus === r.httpStatus && g.exchangeId === r.exchangeId && g.at === r.at;
}

export function newGroup(r: MessageRecord): MessageGroupLine {
  // Key order kept stable so lines look alike; undefined values vanish in JSON.stringify.
  return { type: 'messages', runId: r.runId, status: r.status, httpStatus: r.httpStatus, exchangeId: r.exchangeId, at: r.at, items: [] };
}

/** The record's own values as a tuple: a copy, so later changes by the caller do not reach the journal. */
export function groupItem(r: MessageRecord): MessageGroupItem {
  if (r.eventId !== undefined) return [r.index, r.eventKey, r.xactionId ?? null, r.eventCode ?? null, r.eventId];
  if (r.eventCode !== undefined) return [r.index, r.eventKey, r.xactionId ?? null, r.eventCode];
  if (r.xactionId !== undefined) return [r.index, r.eventKey, r.xactionId];
  return [r.index, r.eventKey];
}

const STATUSES: ReadonlySet<string> = new Set(['accepted', 'rejected', 'error']);
const optStr = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === 'string';

/**
 * The `message` records a group line stands for, appended to `out`. An unreadable entry is skipped
 * with a warning on the line (its event then reads as unanswered, so resume sends it again —
 * the safe side); an unreadable line header skips the whole line the same way.
 */
export function expandMessageGroup(g: Record<string, unknown>, line: number, out: JournalRecord[], warnings: JournalWarning[]): void {
  const { runId, status, httpStatus, exchangeId, at, items } = g;
  if (
    typeof runId !== 'string' ||
    typeof status !== 'string' ||
    !STATUSES.has(status) ||
    !(httpStatus === undefined || typeof httpStatus === 'number') ||
    !optStr(exchangeId) ||
    !optStr(at) ||
    !Array.isArray(items)
  ) {
    warnings.push({ line, message: `journal line ${line} holds message results in a form this version cannot read; it was skipped (those events count as unanswered)` });
    return;
  }
  let bad = 0;
  for (const it of items as unknown[]) {
    if (!Array.isArray(it) || typeof it[0] !== 'number' || typeof it[1] !== 'string' || !optStr(it[2]) || !optStr(it[3]) || !optStr(it[4])) {
      bad++;
      continue;
    }
    const rec: MessageRecord = { type: 'message', runId, index: it[0], eventKey: it[1], status: status as MessageStatus, errors: [] };
    if (httpStatus !== undefined) rec.httpStatus = httpStatus as number;
    if (typeof it[2] === 'string') rec.xactionId = it[2];
    if (typeof exchangeId === 'string') rec.exchangeId = exchangeId;
    if (typeof it[3] === 'string') rec.eventCode = it[3];
    if (typeof it[4] === 'string') rec.eventId = it[4];
    if (typeof at === 'string') rec.at = at;
    out.push(rec);
  }
  if (bad) warnings.push({ line, message: `journal line ${line}: ${bad} message result(s) unreadable and skipped (those events count as unanswered)` });
}
