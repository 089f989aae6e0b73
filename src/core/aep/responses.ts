import type { ValidationCause } from './types';

/** What one DCS answer means for one message, before retry policy is applied. */
export interface ParsedAnswer {
  ok: boolean;
  xactionId?: string;
  validation?: 'pass' | 'skipped' | 'failed';
  errors?: ValidationCause[];
  message: string;
}

export interface ParsedBatchItem extends ParsedAnswer {
  /** Per-item status (`statusCode` or connector-style `status`, §1.2); 200 for an accepted item. */
  itemStatus: number;
}

export function tryJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
/** A blank text says nothing to the user, so it must not win over the HTTP-status fallback. */
const nonBlank = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && s.trim() ? s : undefined;
};

/**
 * `syncValidation` (Adobe docs, §1.2) or `synchronousValidation` (the integration guide's sample):
 * `{skipped:true}` or `{status:"pass"}`. Absent key → the HTTP-source doc variant, nothing to say.
 */
function validationOf(body: Obj): ParsedAnswer['validation'] {
  const v = body.syncValidation ?? body.synchronousValidation;
  if (!isObj(v)) return undefined;
  if (v.skipped === true) return 'skipped';
  const s = str(v.status)?.toLowerCase();
  if (s === 'pass' || s === 'passed' || s === 'success') return 'pass';
  if (s) return 'failed';
  return undefined;
}

/** Flattens `report.cause._streamingValidation[]` and nested `causingExceptions` into leaf causes (§1.3). */
export function flattenCauses(list: unknown, out: ValidationCause[] = [], depth = 0): ValidationCause[] {
  if (!Array.isArray(list) || depth > 32) return out;
  for (const item of list) {
    if (!isObj(item)) continue;
    const nested = item.causingExceptions;
    if (Array.isArray(nested) && nested.length > 0) {
      flattenCauses(nested, out, depth + 1);
      continue;
    }
    const c: ValidationCause = { message: str(item.message) ?? 'schema violation' };
    if (str(item.keyword)) c.keyword = str(item.keyword);
    if (str(item.pointerToViolation)) c.pointerToViolation = str(item.pointerToViolation);
    if (str(item.schemaLocation)) c.schemaLocation = str(item.schemaLocation);
    out.push(c);
  }
  return out;
}

/** Readable text for any non-2xx body: DCS problem, 401 string-status, gateway, IMS, HTML or empty. */
export function describeError(httpStatus: number, raw: string, contentType = ''): { message: string; errors?: ValidationCause[] } {
  const body = tryJson(raw);
  if (isObj(body)) {
    // DCS problem body: {type, status (number, or string on 401), title, report:{message, cause}} (§1.3).
    const report = isObj(body.report) ? body.report : undefined;
    if (report || nonBlank(body.title)) {
      const cause = report && isObj(report.cause) ? report.cause : undefined;
      const errors = cause ? flattenCauses(cause._streamingValidation) : [];
      const parts = [nonBlank(body.title), report ? nonBlank(report.message) : undefined].filter(Boolean);
      const base = parts.join(': ') || statusLine(httpStatus);
      const detail = errors.length ? ` — ${errors.map((e) => (e.pointerToViolation ? `${e.pointerToViolation}: ${e.message}` : e.message)).join('; ')}` : '';
      return { message: base + detail + hint(httpStatus), errors: errors.length ? errors : undefined };
    }
    // Platform gateway: {error_code, message} (§1.3).
    if (body.error_code !== undefined && body.error_code !== null) {
      return { message: `${nonBlank(body.message) ?? statusLine(httpStatus)} (error_code ${str(body.error_code) ?? JSON.stringify(body.error_code).slice(0, 60)})${hint(httpStatus)}` };
    }
    // IMS / OAuth2: {error, error_description} (§4).
    if (typeof body.error === 'string' && body.error.trim()) {
      const why = nonBlank(body.error_description);
      return { message: `IMS: ${body.error}${why ? ` — ${why}` : ''}${hint(httpStatus)}` };
    }
    const said = nonBlank(body.message) ?? nonBlank(body.detail);
    if (said) return { message: said + hint(httpStatus) };
    // A JSON body with nothing readable in it (e.g. `{"message":""}`): fall back to what the status means.
    return { message: statusLine(httpStatus) + hint(httpStatus) };
  }
  const trimmed = raw.trim();
  if (!trimmed) return { message: `${statusLine(httpStatus)} with an empty body${hint(httpStatus)}` };
  // Proxies and load balancers answer with HTML: keep a short, tag-free excerpt.
  const plain = /html/i.test(contentType) || trimmed.startsWith('<') ? trimmed.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : trimmed;
  return { message: `HTTP ${httpStatus}: ${plain.slice(0, 200)}${plain.length > 200 ? '…' : ''}${hint(httpStatus)}` };
}

/** Meaning of each status in the status-code table (§1.4); the DCS bodies for most are [UNCONFIRMED]. */
export const STATUS_MEANING: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Authorization missing or invalid',
  403: 'Provided authorization token is invalid or expired',
  404: 'Not found',
  413: 'Payload too large (the request is over 1 MB)',
  429: 'Too many requests within specified time duration',
  500: 'Error in processing payload; try the request again in a few minutes',
  501: 'Synchronous validation is not supported for this location',
  502: 'Bad gateway',
  503: 'Service unavailable; retry with exponential back-off',
  504: 'Gateway timeout',
};

/** `HTTP 500 (Error in processing payload; …)`: the status and what it means, for bodies that say nothing. */
export function statusLine(status: number): string {
  const meaning = STATUS_MEANING[status];
  return meaning ? `HTTP ${status} (${meaning})` : `HTTP ${status}`;
}

/** What the user should do, from the status-code table (§1.4). */
export function hint(status: number): string {
  switch (status) {
    case 400:
      return ' (fix the message; resending it unchanged will fail again)';
    case 401:
      return ' (the inlet requires authentication: configure IMS credentials, or check them)';
    case 403:
      return ' (the token is invalid or expired, or lacks access to this sandbox/org)';
    case 404:
      return ' (check the inlet URL / connection ID)';
    case 413:
      return ' (the request exceeds 1 MB: send fewer or smaller messages)';
    case 501:
      return ' (synchronous validation is not supported at this location: send without syncValidation)';
    default:
      return '';
  }
}

export function parseSingleOk(text: string): ParsedAnswer {
  const body = tryJson(text);
  if (!isObj(body)) return { ok: true, message: 'accepted (the response body was not JSON)' };
  const validation = validationOf(body);
  const xactionId = str(body.xactionId);
  return {
    ok: true,
    xactionId,
    validation,
    message: validation === 'pass' ? 'accepted; synchronous validation passed' : 'accepted (validated asynchronously; check the dataset for the final result)',
  };
}

/**
 * Batch 207 body (§1.2): `responses[]` in request order. An item is accepted when it has an
 * `xactionId` and no failure status; failed items carry `statusCode` (docs) or `status` (connector).
 */
export function parseBatch(text: string, count: number): ParsedBatchItem[] | undefined {
  const body = tryJson(text);
  if (!isObj(body) || !Array.isArray(body.responses)) return undefined;
  const responses = body.responses as unknown[];
  const items: ParsedBatchItem[] = [];
  for (let i = 0; i < count; i++) {
    const r = responses[i];
    if (!isObj(r)) {
      items.push({ ok: false, itemStatus: 0, message: 'the batch response has no entry for this message, so whether AEP stored it is unknown; check the dataset before resending it' });
      continue;
    }
    const rawStatus = r.statusCode ?? r.status;
    const status = rawStatus === undefined ? undefined : Number(rawStatus);
    if (status === undefined || (status >= 200 && status < 300)) {
      items.push({ ok: true, itemStatus: status ?? 200, xactionId: str(r.xactionId), message: 'accepted' });
    } else {
      const m = nonBlank(r.message);
      items.push({ ok: false, itemStatus: status, xactionId: str(r.xactionId), message: (m ?? statusLine(status)) + hint(status) });
    }
  }
  return items;
}
