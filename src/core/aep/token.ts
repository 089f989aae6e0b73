import type { OAuthConfig, RetryInfo } from './types';
import { NetworkError, type Transport } from './transport';
import { checkBearerHost, checkUrl } from './safety';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep, type RetryPolicy } from './retry';
import { describeError, tryJson } from './responses';
import type { Redactor } from './redact';

export const DEFAULT_IMS_TOKEN_ENDPOINT = 'https://ims-na1.adobelogin.com/ims/token/v3';

/** 10 days in seconds: IMS tokens live 24 h (§4), so anything larger is the milliseconds trap. */
const MAX_PLAUSIBLE_EXPIRES_IN_S = 10 * 86_400;

export class ImsError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ImsError';
  }
}

/**
 * Shortest lifetime we believe. A real IMS token lives 24 h (§4); a sub-second lifetime can only be a
 * broken or mis-unitted answer (e.g. `5e-324`, `0.0001` rounds to 0 ms), and believing it would make the
 * token stale at once, so IMS would be asked again before every request. Whole seconds are honoured,
 * because the emulator issues 1–2 s tokens on purpose to exercise refresh.
 */
const MIN_PLAUSIBLE_LIFETIME_MS = 1_000;
/** Used when `expires_in` is missing or not sensible: short enough to be safe, long enough to be cheap. */
const FALLBACK_LIFETIME_MS = 3_600_000;

/**
 * `expires_in` from `/ims/token/v3` is seconds; the old JWT exchange used milliseconds (§4 units trap),
 * so values above 10 days are read as ms. Non-sensible values (missing, ≤ 0, or a lifetime under a
 * second after unit conversion) fall back to one hour.
 */
export function expiresInToMs(expiresIn: unknown): number {
  const n = Number(expiresIn);
  if (!Number.isFinite(n) || n <= 0) return FALLBACK_LIFETIME_MS;
  const ms = n > MAX_PLAUSIBLE_EXPIRES_IN_S ? Math.round(n) : Math.round(n * 1000);
  return ms < MIN_PLAUSIBLE_LIFETIME_MS ? FALLBACK_LIFETIME_MS : ms;
}

/**
 * IMS OAuth Server-to-Server (§4): `client_credentials` form POST, no refresh token, so a new token
 * is simply requested. Cached until shortly before expiry; concurrent callers share one fetch.
 */
export class ImsTokenProvider {
  private token?: { value: string; expiresAt: number };
  private inflight?: Promise<string>;
  /** A refusal by IMS (bad client/secret/scope) is final: resending the same form cannot succeed. */
  private fatal?: ImsError;
  private readonly url: URL;

  constructor(
    private readonly cfg: OAuthConfig,
    private readonly transport: Transport,
    private readonly redactor: Redactor,
    private readonly policy: RetryPolicy,
    private readonly o: { skewMs: number; allowHosts: readonly string[]; now?: () => number; onRetry?: (i: RetryInfo) => void },
  ) {
    this.url = checkUrl(cfg.tokenEndpoint || DEFAULT_IMS_TOKEN_ENDPOINT, 'IMS token endpoint');
    // The client secret is worth more than a token: same host rule.
    checkBearerHost(this.url, o.allowHosts);
    redactor.addSecret(cfg.clientSecret);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  async get(signal?: AbortSignal): Promise<string> {
    if (this.fatal) throw this.fatal;
    if (this.token && this.now() < this.token.expiresAt) return this.token.value;
    this.inflight ??= this.fetch(signal).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Drops the cached token only if it is the one that was refused, so N parallel 401s refresh once. */
  invalidate(refused: string): void {
    if (this.token?.value === refused) this.token = undefined;
  }

  private async fetch(signal?: AbortSignal): Promise<string> {
    const scopes = Array.isArray(this.cfg.scopes) ? this.cfg.scopes.join(',') : this.cfg.scopes;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.cfg.clientId,
      client_secret: this.cfg.clientSecret,
      scope: scopes,
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    for (let attempt = 1; ; attempt++) {
      let retryAfter: number | undefined;
      let reason = '';
      try {
        const res = await this.transport.exchange('POST', this.url, headers, form, { kind: 'token', attempt, signal });
        if (res.status >= 200 && res.status < 300) {
          const body = tryJson(res.text) as { access_token?: unknown; expires_in?: unknown } | undefined;
          if (!body || typeof body.access_token !== 'string' || !body.access_token) {
            throw new ImsError('IMS answered without an access_token; check the token endpoint URL', res.status);
          }
          this.redactor.addSecret(body.access_token);
          const lifetime = expiresInToMs(body.expires_in);
          const skew = Math.min(this.o.skewMs, lifetime / 2);
          this.token = { value: body.access_token, expiresAt: this.now() + lifetime - skew };
          return body.access_token;
        }
        if (!isRetryableStatus(res.status) || attempt >= this.policy.maxAttempts) {
          const d = describeError(res.status, res.text);
          const what = res.status === 400 || res.status === 401 ? ' — check MOE_AEP_CLIENT_ID / client secret / scopes' : '';
          const err = new ImsError(`could not get an IMS access token (HTTP ${res.status}): ${this.redactor.text(d.message)}${what}`, res.status);
          if (res.status >= 400 && res.status < 500 && res.status !== 429) this.fatal = err;
          throw err;
        }
        retryAfter = parseRetryAfter(res.headers['retry-after']);
        reason = `HTTP ${res.status}`;
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        if (attempt >= this.policy.maxAttempts) throw new ImsError(`could not reach IMS: ${e.message}`);
        reason = `network: ${e.message}`;
      }
      const delayMs = backoffDelay(this.policy, attempt, retryAfter);
      this.o.onRetry?.({ kind: 'token', attempt, delayMs, reason, fromRetryAfter: retryAfter !== undefined });
      await sleep(delayMs, signal);
    }
  }
}
