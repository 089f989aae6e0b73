import type { ValidationCause } from '../core/aep/types';

/** Turns what arrived on a raw inlet into the XDM entity the dataset stores (Data Prep, §2.2 / §5). */
export type TransformFn = (record: unknown) => { xdm: unknown; errors: ValidationCause[] };
/** Validates an XDM entity; returns causes in the `_streamingValidation` vocabulary (§1.3). */
export type ValidateFn = (entity: unknown) => ValidationCause[];

export type ChaosFault = '429' | '500' | '503' | 'reset' | 'slow' | 'slowBody';
export const ALL_CHAOS_FAULTS: readonly ChaosFault[] = ['429', '500', '503', 'reset', 'slow', 'slowBody'];

/** A fault queued through `POST /_emulator/faults` or `handle.injectFaults`, applied to the next requests in order. */
export interface ScriptedFault {
  /** HTTP status to answer instead of processing, or `reset` to destroy the socket. */
  status?: number;
  reset?: boolean;
  retryAfter?: string;
  /** Body to send with `status` (default: an [UNCONFIRMED] DCS-style problem body). */
  body?: unknown;
  /** Batch only: per-message item statuses, e.g. `[null, 503]` fails the 2nd item with 503. */
  items?: (number | null)[];
  /** Delay before answering, in ms. */
  delayMs?: number;
  /**
   * Process and STORE the request normally, then hold its answer this long (ms): the window in which
   * AEP has the message but the client has not heard back. A client killed inside it cannot know the
   * message was stored (§1.5: DCS de-duplication is [UNCONFIRMED]).
   */
  holdAnswerMs?: number;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** 64 hex characters (§1.1); generated when absent. */
  inletId?: string;
  kind?: 'raw' | 'xdm';
  /** The org the inlet belongs to; envelope `imsOrgId` must match (§2.1, §8). */
  imsOrgId?: string;
  transform?: TransformFn;
  validate?: ValidateFn;
  /** Authenticated inlet (§1.3 401 / §1.4 403) with the IMS stub (§4, §8). */
  auth?: boolean;
  clientId?: string;
  clientSecret?: string;
  /** Makes the access tokens the IMS stub issues (tests plant known values to check redaction). */
  tokenFactory?: () => string;
  /** `expires_in` of issued tokens, seconds (§4: 86399 by default). */
  tokenTtlSeconds?: number;
  /** Item failure field(s) in batch 207s: docs `statusCode`, connector `status`, or both (§1.2). */
  statusField?: 'statusCode' | 'status' | 'both';
  /** 413 above this many request-body bytes (§3; 1,000,000 vs 1,048,576 unconfirmed — stricter default). */
  maxBodyBytes?: number;
  /** 429 above this many requests per second (default: unlimited). */
  rateLimitPerSecond?: number;
  /** syncValidation requests per minute per inlet (§1.1: 60). */
  syncRateLimitPerMinute?: number;
  /** Answer 501 to syncValidation ("not supported for this location", §1.1). */
  syncValidationUnsupported?: boolean;
  /** Raw inlets need `x-adobe-flow-id` (§8); default true. */
  requireFlowId?: boolean;
  /** Require `x-sandbox-name` (SPEC says required, docs never send it: default false, §2.3). */
  requireSandbox?: boolean;
  /** Fault rate 0..1 for chaos mode. */
  chaos?: number;
  chaosFaults?: readonly ChaosFault[];
  /** Also fail single items of otherwise healthy batches with 500/503 at the chaos rate ([INFERENCE]: docs only show 400 items). */
  chaosItems?: boolean;
  /** Intentionally store the message and THEN reset the connection (duplicates on retry). Off by default. */
  chaosStoredThenReset?: boolean;
  seed?: number;
  /** `Retry-After` sent with 429/503 (seconds, §1.4). Default 1. */
  retryAfterSeconds?: number;
  /** Delay for `slow` / `slowBody` faults, ms. Default 100. */
  slowMs?: number;
  /** Persist the dataset as NDJSON in this directory. */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface StoredEntry {
  xactionId: string;
  receivedTimeMs: number;
  record: unknown;
}

export interface EmulatorStats {
  requests: number;
  byStatus: Record<string, number>;
  faults: Record<string, number>;
  stored: number;
  failedAsync: number;
  tokensIssued: number;
}

export interface EmulatorHandle {
  /** Inlet URL `http://127.0.0.1:PORT/collection/<inletId>`. */
  url: string;
  baseUrl: string;
  /** `http://127.0.0.1:PORT/ims/token/v3`. */
  tokenEndpoint: string;
  port: number;
  inletId: string;
  imsOrgId: string;
  clientId: string;
  clientSecret: string;
  dataset(): unknown[];
  entries(): StoredEntry[];
  /** Messages accepted with async validation that failed it (they never reach the dataset, §1.2). */
  failed(): { xactionId: string; errors: unknown[] }[];
  clear(): void;
  stats(): EmulatorStats;
  injectFaults(faults: ScriptedFault[]): void;
  close(): Promise<void>;
}
