import type { ExchangeLogRecord, ExchangeRequest, ExchangeResponse } from './types';

export const REDACTED = '[REDACTED]';

// Headers that carry credentials to DCS or IMS (aep-streaming-and-dataprep.md §2.3, §4).
const SECRET_HEADER = /^(authorization|proxy-authorization|x-api-key|cookie|set-cookie|x-gw-ims-org-id-secret)$/i;
// Form/JSON fields of the IMS token exchange (aep-streaming-and-dataprep.md §4).
const SECRET_FIELD = /^(client_secret|access_token|refresh_token|password|secret|token|id_token)$/i;
const SECRET_KEY_IN_JSON = /"(client_secret|access_token|refresh_token|password|secret|token|id_token)"\s*:/i;

function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (!SECRET_HEADER.test(k)) out[k] = v;
    else if (/^authorization$/i.test(k)) out[k] = /^bearer\s/i.test(v) ? `Bearer ${REDACTED}` : REDACTED;
    else out[k] = REDACTED;
  }
  return out;
}

/** Redacts secret-named fields in a JSON or form-encoded body, then any known secret value anywhere. */
export function redactBody(body: string | undefined, secrets: readonly string[]): string | undefined {
  if (body === undefined) return undefined;
  let out = body;
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    // Most bodies (batches of events, 207 answers) name no secret field: skip parsing them. A key
    // written with escapes (`"\u0074oken"`) could hide from the pattern, so any `\u` takes the slow path.
    if (SECRET_KEY_IN_JSON.test(body) || body.includes('\\u')) {
      try {
        let changed = false;
        const redacted = JSON.parse(body, (k, v) => {
          if (SECRET_FIELD.test(k) && typeof v === 'string') {
            changed = true;
            return REDACTED;
          }
          return v;
        });
        // Keep the original bytes when nothing changed: the journal shows exactly what was sent.
        if (changed) out = JSON.stringify(redacted);
      } catch {
        out = body;
      }
    }
  } else if (/^[\w.%-]+=/.test(t) && !t.includes('\n')) {
    out = body
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = decodeURIComponentSafe(eq >= 0 ? pair.slice(0, eq) : pair);
        return eq >= 0 && SECRET_FIELD.test(key) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
      })
      .join('&');
  }
  return scrubSecrets(out, secrets);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Replaces every occurrence of a known secret value (and its URL-encoded form). */
export function scrubSecrets(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) {
    // Very short values would redact ordinary text; real client secrets and tokens are long.
    if (!secret || secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

function redactUrl(url: string, secrets: readonly string[]): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const k of [...u.searchParams.keys()]) if (SECRET_FIELD.test(k)) u.searchParams.set(k, REDACTED);
    return scrubSecrets(u.toString(), secrets);
  } catch {
    return scrubSecrets(url, secrets);
  }
}

/**
 * Redacts an exchange before it is written or shown. The HTTP client already redacts; this runs
 * again at the journal boundary because a leaked token in a committed-by-accident journal file
 * cannot be taken back.
 */
export function redactExchange(x: ExchangeLogRecord, secrets: readonly string[] = []): ExchangeLogRecord {
  const request: ExchangeRequest = {
    ...x.request,
    url: redactUrl(x.request.url, secrets),
    headers: redactHeaders(x.request.headers ?? {}),
    body: redactBody(x.request.body, secrets),
  };
  const response: ExchangeResponse | undefined = x.response && {
    ...x.response,
    headers: redactHeaders(x.response.headers ?? {}),
    body: redactBody(x.response.body, secrets),
  };
  return {
    ...x,
    request,
    response,
    error: x.error === undefined ? undefined : scrubSecrets(x.error, secrets),
  };
}

/** Endpoint for display and the journal: scheme, host and path only. */
export function displayEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}
