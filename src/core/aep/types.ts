/**
 * Public API of the AEP streaming client. The VS Code send command, the results journal and the
 * "AEP Ingestion" tree are built on these types: add fields, never rename or remove them.
 * Behaviours cite `aep-streaming-and-dataprep.md` (shared/reference) by section.
 */

/** Data type of the HTTP API streaming connection: `auth.params.dataType` (§1.1). */
export type InletKind = 'raw' | 'xdm';

/** IMS OAuth Server-to-Server credentials (§4). Secrets: never log, never journal. */
export interface OAuthConfig {
  /** Default `https://ims-na1.adobelogin.com/ims/token/v3` (§4). */
  tokenEndpoint?: string;
  clientId: string;
  clientSecret: string;
  /** Comma-separated in the request (§4); an array is joined with `,`. */
  scopes: string | string[];
  imsOrgId?: string;
  technicalAccountId?: string;
}

export interface SendTarget {
  /** The inlet URL `https://dcs.adobedc.net/collection/{inletId}` (§1.1). */
  endpoint: string;
  inletKind: InletKind;
  /** Raw inlets: sent as `x-adobe-flow-id` (§2.2). XDM inlets: `header.flowId` (§2.1). */
  flowId?: string;
  datasetId?: string;
  /** XDM schema `$id` for `header.schemaRef` / `xdmMeta.schemaRef` (§2.1). */
  schemaRef?: string;
  /** Default `application/vnd.adobe.xed-full+json;version=1` (§2.1). */
  schemaContentType?: string;
  imsOrgId?: string;
  sandboxName?: string;
  /** `header.source.name` for XDM envelopes (§2.1). */
  sourceName?: string;
  /** Present only for inlets with authentication enabled (§2.3). */
  auth?: OAuthConfig;
}

/** One violation in the `_streamingValidation` vocabulary (§1.3), flattened from `causingExceptions`. */
export interface ValidationCause {
  message: string;
  keyword?: string;
  /** JSON pointer in `#/a/b` form, as DCS reports it. */
  pointerToViolation?: string;
  schemaLocation?: string;
}

export type OutcomeStatus = 'accepted' | 'failed' | 'pending';

export interface MessageOutcome {
  /** Caller's index of the message (stable across resumes). */
  index: number;
  /**
   * `accepted`: DCS acknowledged it (async validation: "received" only, §1.4 200).
   * `failed`: a final answer, or retries exhausted. `pending`: not answered (cancelled).
   */
  status: OutcomeStatus;
  httpStatus?: number;
  xactionId?: string;
  /** Sync-validation result when asked for: `pass`, or `skipped` (§1.2). */
  validation?: 'pass' | 'skipped' | 'failed';
  errors?: ValidationCause[];
  /** Human text: what happened and what to do. */
  message?: string;
  /** HTTP attempts spent on this message (1 = no retry). */
  attempts: number;
  /** True when the failure could succeed later (429/5xx/network after retries exhausted, cancellation). */
  retryable?: boolean;
  /** Id of the exchange that produced the final answer (links the tree to the request/response). */
  exchangeId?: string;
}

/** One HTTP request/response, for the log and the tree's "open request/response". Always redacted. */
export interface ExchangeRecord {
  id: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  /** Request body text (redacted, possibly truncated for huge batches). */
  requestBody?: string;
  /** HTTP status; undefined on a network error. */
  status?: number;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  durationMs: number;
  /** 1-based attempt number for this request. */
  attempt: number;
  /** Network error text (e.g. `ECONNRESET`), when there was no response. */
  error?: string;
  /** `token` for IMS, `single` / `batch` for DCS. */
  kind: 'token' | 'single' | 'batch';
  startedAt: string;
}

export interface RetryOptions {
  /** Total attempts per request (default 5, setting `moeAep.send.maxAttempts`). */
  maxAttempts?: number;
  /** Base delay for exponential backoff with full jitter (default 300 ms, like Adobe's connector §1.5). */
  baseDelayMs?: number;
  /** Cap on any one backoff delay (default 30 s). */
  maxDelayMs?: number;
  /** Cap on an honoured `Retry-After` (default 60 s). */
  maxRetryAfterMs?: number;
  /** Injectable randomness (0..1) for deterministic tests. */
  random?: () => number;
}

export interface ClientOptions extends RetryOptions {
  /** Per-request timeout (connect, headers, body), default 30 s (setting `moeAep.send.timeoutMs`). */
  timeoutMs?: number;
  /** Explicit proxy URL (VS Code `http.proxy`). Otherwise `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` are honoured. */
  proxyUrl?: string;
  /** Environment for proxy variables (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Extra hosts that may receive the bearer token (setting `moeAep.allowBearerToHosts`). */
  allowBearerToHosts?: string[];
  /** Called before each backoff wait (for "retrying in N s" in the UI and for tests). */
  onRetry?: (info: RetryInfo) => void;
  /** Called with every redacted exchange. */
  onExchange?: (record: ExchangeRecord) => void;
  /** Max bytes per batch request; default 1,000,000 (§3: "1 MB" unconfirmed as 10^6 vs 2^20). */
  maxBatchBytes?: number;
  /** Max messages per batch request; our choice (no cap is documented, §3), default 500. */
  maxBatchMessages?: number;
  /** Refresh the IMS token this long before `expires_in` ends (default 5 min, capped at half the lifetime). */
  tokenRefreshSkewMs?: number;
  /** Max chars of a body kept in an ExchangeRecord (default 64 KiB). */
  maxRecordedBodyChars?: number;
}

export interface RetryInfo {
  kind: 'token' | 'single' | 'batch';
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  /** `HTTP 503`, `network: ECONNRESET …`, `2 batch item(s) failed with 503` … */
  reason: string;
  /** True when the delay came from the server's `Retry-After`. */
  fromRetryAfter: boolean;
}

export interface SendRequestOptions {
  /** `?syncValidation=true`: single-message endpoint only, 60 req/min (§1.1). */
  syncValidation?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxAttempts?: number;
}

export interface SendItem {
  index: number;
  /** The message as sent: raw body, or a full XDM envelope (use `buildXdmEnvelope`). */
  body: unknown;
}

export type SendMode = 'single' | 'sync' | 'batch';

export interface SendProgress {
  sent: number;
  acknowledged: number;
  failed: number;
}

export interface SendAllOptions {
  mode: SendMode;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  onOutcome?: (outcome: MessageOutcome) => void;
  onProgress?: (progress: SendProgress) => void;
  /**
   * Called just before the first request carrying these messages. Between this and their
   * `onOutcome`, their fate is unknown if the process dies (they may be stored without an answer).
   */
  onDispatch?: (indexes: readonly number[]) => void;
}

export interface SendSummary extends SendProgress {
  /** Messages never answered because of cancellation. */
  pending: number;
  cancelled: boolean;
}

export interface AepClient {
  sendSingle(message: unknown, opts?: SendRequestOptions & { index?: number }): Promise<MessageOutcome>;
  /** One `/collection/batch/` request per ≤1 MB chunk; outcomes in request order. */
  sendBatch(messages: readonly unknown[], opts?: SendRequestOptions & { indexes?: number[] }): Promise<MessageOutcome[]>;
  sendAll(
    messages: AsyncIterable<SendItem> | Iterable<SendItem>,
    opts: SendAllOptions,
    signal?: AbortSignal,
  ): Promise<SendSummary>;
  /** Wrap an XDM entity in the documented `header`/`body` envelope of this target (§2.1). */
  buildXdmEnvelope(xdmEntity: unknown): XdmEnvelope;
  close(): Promise<void>;
}

export interface SchemaRefObject {
  id: string;
  contentType: string;
}

export interface XdmEnvelope {
  header: {
    schemaRef: SchemaRefObject;
    imsOrgId?: string;
    datasetId?: string;
    flowId?: string;
    createdAt?: string;
    source?: { name: string };
  };
  body: {
    xdmMeta: { schemaRef: SchemaRefObject };
    xdmEntity: unknown;
  };
}

/** A send refused before anything left the machine (http://, bearer host, message > 1 MB, bad config). */
export class AepRefusal extends Error {
  constructor(
    message: string,
    readonly code:
      | 'aep.insecure-url'
      | 'aep.bearer-host'
      | 'aep.message-too-large'
      | 'aep.bad-endpoint'
      | 'aep.sync-on-batch',
  ) {
    super(message);
    this.name = 'AepRefusal';
  }
}
