/** DCS response bodies, as documented in aep-streaming-and-dataprep.md §1.2–1.3. */
import { STATUS_CODES } from 'node:http';
import type { ValidationCause } from '../core/aep/types';

const INLET_PROBLEM = 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet';
const AUTH_PROBLEM = 'https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization';

export function reportPrefix(inletId: string, imsOrgId: string): string {
  return `inletId: [${inletId}] imsOrgId: [${imsOrgId}]`;
}

/** §1.3 envelope (DCCS) error or sync-validation failure; `cause` only for the latter. */
export function problemBody(inletId: string, imsOrgId: string, message: string, causes?: ValidationCause[]): object {
  const report: Record<string, unknown> = { message: `${reportPrefix(inletId, imsOrgId)} ${message}` };
  if (causes) {
    report.cause = {
      _streamingValidation: [
        {
          schemaLocation: '#',
          pointerToViolation: '#',
          causingExceptions: causes.map((c) => ({
            schemaLocation: c.schemaLocation ?? '#',
            pointerToViolation: c.pointerToViolation ?? '#',
            causingExceptions: [],
            keyword: c.keyword ?? 'validation',
            message: c.message,
          })),
          message: `${causes.length} schema violations found`,
        },
      ],
    };
  }
  return { type: INLET_PROBLEM, status: 400, title: 'Invalid XDM Message Format', report };
}

/** §1.3: 401 from an authenticated inlet; `status` is a STRING here. */
export function unauthorizedBody(reqId: string, message: string): object {
  return { type: AUTH_PROBLEM, status: '401', title: 'Authorization', report: { message: `[${reqId}] ${message}` } };
}

/** [UNCONFIRMED] 403/404/413/429/5xx bodies: the SPEC declares `content: {}` (§1.4); we send problem-shaped JSON. */
export function genericProblem(status: number, title: string, message: string): object {
  return { type: INLET_PROBLEM, status, title, report: { message } };
}

/**
 * Body of a scripted or chaos fault with status `status`: each status reads like itself (§1.4 texts),
 * so a client's messages are tested against what that status really means, not against a 5xx.
 */
export function faultBody(status: number, reqId: string): object {
  switch (status) {
    case 401:
      return unauthorizedBody(reqId, 'Ims service token is invalid'); // §1.3: string status
    case 403:
      return genericProblem(403, 'Forbidden', 'Provided authorization token is invalid or expired');
    case 413:
      return genericProblem(413, 'Payload Too Large', 'Payload too large - thrown when the total payload request is greater than 1MB.');
    case 429:
      return genericProblem(429, 'Too Many Requests', 'Too many requests within specified time duration.');
    case 500:
      return genericProblem(500, 'Internal Server Error', 'Error in processing payload. Try the request again in a few minutes.');
    case 501:
      return genericProblem(501, 'Not Implemented', 'synchronous validation is not supported for this location');
    case 503:
      return genericProblem(503, 'Service Unavailable', 'The service is temporarily unavailable. Retry at least three times using an exponential back-off strategy.');
    default:
      return genericProblem(status, STATUS_CODES[status] ?? `HTTP ${status}`, `Scripted fault: HTTP ${status}.`);
  }
}

export function xactionIdOf(now: number, n: number, suffix?: number): string {
  // `<epochMs>:<n>:<n>` with batch items appending `:<index>` (§1.2).
  return `${now}:${process.pid % 10000}:${n}${suffix === undefined ? '' : `:${suffix}`}`;
}
