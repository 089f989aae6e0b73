/**
 * Records of the ingestion results journal: one JSON object per line (NDJSON), append-only.
 * The extension and the CLI share this format so a run started in one can be read by the other.
 */

/** `sync`: single-message endpoint with `?syncValidation=true`; `single`: single-message endpoint; `batch`: `/collection/batch/`. */
export type SendMode = 'sync' | 'single' | 'batch';

/**
 * What AEP said about one message.
 * - `accepted`: AEP acknowledged it (200, or a 207 item with an `xactionId`).
 * - `rejected`: AEP answered with a definitive failure (4xx, a failed 207 item); resending the
 *   same bytes fails again, so it counts as acknowledged for resume but is offered for "resend failed".
 * - `error`: no definitive answer (network error, timeout, 5xx/429 after retries, cancelled in flight);
 *   AEP may or may not hold it, so resume sends it again (`_id` keeps that safe — aep-streaming-and-dataprep.md §1.5).
 */
export type MessageStatus = 'accepted' | 'rejected' | 'error';

/** One validation problem reported by AEP, normalised from `_streamingValidation` or a batch item message. */
export interface AepValidationError {
  message: string;
  /** JSON pointer into the XDM entity (`#/_id` or `/_id`), when AEP gave one. */
  pointer?: string;
  keyword?: string;
  schemaLocation?: string;
}

export interface RunStartRecord {
  type: 'run-start';
  runId: string;
  /** ISO 8601. */
  at: string;
  /** Endpoint URL without credentials or query string. */
  endpoint: string;
  mode: SendMode;
  /** Workspace-relative path or URI string of the payload file. */
  file: string;
  total: number;
  /** One per event, in file order: `event_uuid` when the event has one, else `#<index>`. */
  eventKeys: string[];
  /** Index of each event of this run in the file (defaults to 0..total-1). Resends send a subset. */
  eventIndexes?: number[];
  environment?: string;
  /** The run this one resends or resumes. */
  parentRunId?: string;
}

export interface MessageRecord {
  type: 'message';
  runId: string;
  /** Index of the event in the payload file. */
  index: number;
  eventKey: string;
  status: MessageStatus;
  httpStatus?: number;
  xactionId?: string;
  errors: AepValidationError[];
  /** The exchange (HTTP request/response) that carried this message. */
  exchangeId?: string;
  /** Position of the message inside a batch request, to pick its item in the 207 response. */
  batchItem?: number;
  eventCode?: string;
  /** `_id` of the XDM record or the event's `event_uuid`, for display. */
  eventId?: string;
  at?: string;
}

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeLogRecord {
  type: 'exchange';
  id: string;
  runId: string;
  at?: string;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** Network-level failure (no response). */
  error?: string;
  durationMs?: number;
  attempt?: number;
}

export interface RunCounts {
  accepted: number;
  rejected: number;
  error: number;
  /** Events of the run with no message record (never sent or lost in a crash). */
  pending: number;
}

export interface RunEndRecord {
  type: 'run-end';
  runId: string;
  at: string;
  counts: RunCounts;
  cancelled?: boolean;
}

export type JournalRecord = RunStartRecord | MessageRecord | ExchangeLogRecord | RunEndRecord;

export type RunState = 'complete' | 'cancelled' | 'interrupted' | 'running';

/** A run rebuilt from the journal. */
export interface Run {
  start: RunStartRecord;
  /** Latest record per event index of this run, in index order. */
  messages: MessageRecord[];
  end?: RunEndRecord;
  state: RunState;
  counts: RunCounts;
}

export interface JournalWarning {
  /** 1-based line of the journal file. */
  line: number;
  message: string;
}
