import type { AepValidationError, MessageStatus } from './types';

interface EveritNode {
  message?: unknown;
  pointerToViolation?: unknown;
  keyword?: unknown;
  schemaLocation?: unknown;
  causingExceptions?: unknown;
}

const MAX_ERRORS = 50;

/**
 * Flattens everit-style `_streamingValidation` trees (aep-streaming-and-dataprep.md §1.3) to their
 * leaves: the parent "3 schema violations found" says nothing a user can act on.
 */
function flatten(nodes: unknown, out: AepValidationError[]): void {
  if (!Array.isArray(nodes)) return;
  for (const n of nodes as EveritNode[]) {
    if (out.length >= MAX_ERRORS) return;
    if (!n || typeof n !== 'object') continue;
    const children = Array.isArray(n.causingExceptions) ? n.causingExceptions : [];
    if (children.length) flatten(children, out);
    else if (typeof n.message === 'string') {
      out.push({
        message: n.message,
        pointer: typeof n.pointerToViolation === 'string' ? n.pointerToViolation : undefined,
        keyword: typeof n.keyword === 'string' ? n.keyword : undefined,
        schemaLocation: typeof n.schemaLocation === 'string' ? n.schemaLocation : undefined,
      });
    }
  }
}

function parse(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Validation errors from any AEP error body we know: sync-validation 400 (`report.cause._streamingValidation`),
 * failed-batch files (`_validationErrors`, `_errors._streamingValidation`), DCS problems (`report.message`),
 * gateway errors (`{error_code, message}`) and batch items (`message`). All from aep-streaming-and-dataprep.md §1.2–1.3.
 */
export function validationErrorsFromBody(body: unknown): AepValidationError[] {
  const o = parse(body) as Record<string, any> | undefined;
  if (!o || typeof o !== 'object') return typeof body === 'string' && body.trim() ? [{ message: body.trim().slice(0, 500) }] : [];
  const out: AepValidationError[] = [];
  flatten(o.report?.cause?._streamingValidation, out);
  flatten(o._validationErrors, out);
  flatten(o._errors?._streamingValidation, out);
  if (out.length) return out;
  const msg = o.report?.message ?? o.message ?? o.detail ?? o.error_description ?? o.title;
  if (typeof msg === 'string') return [{ message: o.error_code ? `${msg} (${o.error_code})` : msg }];
  return [];
}

export interface ItemOutcome {
  status: MessageStatus;
  httpStatus?: number;
  xactionId?: string;
  errors: AepValidationError[];
}

/**
 * One item of a 207 batch response. Docs put the failure code in `statusCode`, Adobe's Kafka
 * connector fixture in `status` (aep-streaming-and-dataprep.md §1.2); both are read.
 */
export function batchItemOutcome(item: unknown): ItemOutcome {
  if (!item || typeof item !== 'object') return { status: 'error', errors: [{ message: 'AEP returned no result for this message' }] };
  const it = item as Record<string, unknown>;
  const raw = it.statusCode ?? it.status;
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
  const xactionId = typeof it.xactionId === 'string' ? it.xactionId : undefined;
  if (code === undefined || (code >= 200 && code < 300)) {
    if (xactionId) return { status: 'accepted', httpStatus: code ?? 200, xactionId, errors: [] };
  }
  const errors = validationErrorsFromBody(it);
  const status: MessageStatus = code !== undefined && (code === 429 || code >= 500) ? 'error' : 'rejected';
  return { status, httpStatus: code, xactionId, errors: errors.length ? errors : [{ message: 'AEP rejected this message without a reason' }] };
}
