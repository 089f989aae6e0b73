import { randomUUID } from 'node:crypto';
import type { ExchangeRecord, MessageOutcome } from '../aep/types';
import { exchangeRecordOf, messageRecordOf } from './fromClient';
import type { JournalRecord, MessageRecord, RunCounts, RunStartRecord } from './types';

export type JournalSink = (...recs: JournalRecord[]) => Promise<void>;

export interface RecordedEvent {
  index: number;
  key: string;
  eventCode?: string;
  eventId?: string;
}

/**
 * Journals one send run from the AEP client's callbacks, the same way for the extension and the
 * CLI: `run-start`, then exchanges and message outcomes as they happen, then `run-end`. Writes are
 * fire-and-forget in the callbacks and awaited in `finish`, so the client is never slowed by disk.
 */
export class RunRecorder {
  readonly runId: string;
  private readonly writes: Promise<void>[] = [];
  private readonly records: MessageRecord[] = [];
  private readonly events: Map<number, RecordedEvent>;

  constructor(
    private readonly sink: JournalSink,
    private readonly start: Omit<RunStartRecord, 'type' | 'runId' | 'at' | 'total' | 'eventKeys' | 'eventIndexes'>,
    events: readonly RecordedEvent[],
    runId: string = randomUUID(),
  ) {
    this.runId = runId;
    this.events = new Map(events.map((e) => [e.index, e]));
  }

  begin(at = new Date().toISOString()): Promise<void> {
    const events = [...this.events.values()];
    return this.sink({
      ...this.start,
      type: 'run-start',
      runId: this.runId,
      at,
      total: events.length,
      eventKeys: events.map((e) => e.key),
      eventIndexes: events.map((e) => e.index),
    });
  }

  exchange(x: ExchangeRecord): void {
    this.track(this.sink(exchangeRecordOf(this.runId, x)));
  }

  /** The journal answers a burst of appends with one flush promise; keep it once, not once per message. */
  private track(p: Promise<void>): void {
    if (this.writes[this.writes.length - 1] !== p) this.writes.push(p);
  }

  /** Journals an outcome; returns the record, or undefined for an event that got no answer (cancelled). */
  outcome(o: MessageOutcome): MessageRecord | undefined {
    const ev = this.events.get(o.index);
    const rec = ev && messageRecordOf(this.runId, o, ev);
    if (!rec) return undefined;
    this.records.push(rec);
    this.track(this.sink(rec));
    return rec;
  }

  get messages(): readonly MessageRecord[] {
    return this.records;
  }

  counts(): RunCounts {
    const c: RunCounts = { accepted: 0, rejected: 0, error: 0, pending: 0 };
    // The latest answer per event counts (an event answered twice must not count twice).
    const latest = new Map(this.records.map((r) => [r.index, r]));
    for (const r of latest.values()) c[r.status]++;
    c.pending = this.events.size - latest.size;
    return c;
  }

  /** Waits for every write, then closes the run. A run whose `finish` never ran reads as interrupted. */
  async finish(cancelled: boolean, at = new Date().toISOString()): Promise<RunCounts> {
    await Promise.allSettled(this.writes);
    const counts = this.counts();
    await this.sink({ type: 'run-end', runId: this.runId, at, counts, ...(cancelled ? { cancelled } : {}) });
    return counts;
  }
}
