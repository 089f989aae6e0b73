import type { ExchangeRecord, MessageOutcome } from '../aep/types';
import type { ExchangeLogRecord, MessageRecord } from './types';

/**
 * Journal record for an outcome of the AEP client, or undefined when AEP never answered because
 * the run was cancelled first (`pending`): such events stay unacknowledged, so resume sends them.
 */
export function messageRecordOf(
  runId: string,
  o: MessageOutcome,
  event: { key: string; eventCode?: string; eventId?: string },
  at = nowIso(),
): MessageRecord | undefined {
  if (o.status === 'pending') return undefined;
  const errors = !o.errors?.length ? [] : o.errors.map((e) => ({
    message: e.message,
    pointer: e.pointerToViolation,
    keyword: e.keyword,
    schemaLocation: e.schemaLocation,
  }));
  if (o.status === 'failed' && !errors.length && o.message) errors.push({ message: o.message, pointer: undefined, keyword: undefined, schemaLocation: undefined });
  const rec: MessageRecord = {
    type: 'message',
    runId,
    index: o.index,
    eventKey: event.key,
    // A retryable failure (429/5xx/network after retries) is no definitive answer: resume sends it again.
    status: o.status === 'accepted' ? 'accepted' : o.retryable ? 'error' : 'rejected',
    errors: errors.length ? errors.map((e) => JSON.parse(JSON.stringify(e))) : errors,
    at,
  };
  if (o.httpStatus !== undefined) rec.httpStatus = o.httpStatus;
  if (o.xactionId) rec.xactionId = o.xactionId;
  if (o.exchangeId) rec.exchangeId = o.exchangeId;
  if (event.eventCode) rec.eventCode = event.eventCode;
  if (event.eventId) rec.eventId = event.eventId;
  return rec;
}

let lastMs = NaN;
let lastIso = '';
/** The current time as ISO 8601; formatted once per millisecond, as a 207 answer's items are recorded in one go. */
function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export function exchangeRecordOf(runId: string, x: ExchangeRecord): ExchangeLogRecord {
  return {
    type: 'exchange',
    id: x.id,
    runId,
    at: x.startedAt,
    request: { method: x.method, url: x.url, headers: { ...x.requestHeaders }, body: x.requestBody },
    response: x.status === undefined ? undefined : { status: x.status, headers: { ...x.responseHeaders }, body: x.responseBody },
    error: x.error,
    durationMs: x.durationMs,
    attempt: x.attempt,
  };
}
