/** Header names whose values are secrets; compared lower-case. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key-secret']);
/** JSON / form keys whose values are secrets (IMS request and response, §4). */
const SECRET_KEYS = ['client_secret', 'access_token', 'refresh_token', 'id_token', 'password', 'jwt_token'];
const KEY_ALT = SECRET_KEYS.join('|');
const JSON_SECRET = new RegExp(`("(?:${KEY_ALT})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const FORM_SECRET = new RegExp(`((?:^|&)(?:${KEY_ALT})=)[^&]*`, 'gi');
const BEARER = /(Bearer\s+)[A-Za-z0-9\-._~+/=]+/gi;
/** Every key above contains one of these words, and BEARER needs "bearer": text without them has nothing to replace. */
const MAY_HOLD_SECRET = /secret|token|password|bearer/i;

export const REDACTED = '<redacted>';

/**
 * Redacts headers and bodies before they reach a log, an ExchangeRecord or the journal. Known secret
 * values (the client secret, current tokens) are also replaced wherever they appear.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  addSecret(value: string | undefined): void {
    // Very short values would shred ordinary text; they are not plausible secrets anyway.
    if (value && value.length >= 6) this.secrets.add(value);
  }

  headers(h: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) {
      if (v === undefined) continue;
      const s = Array.isArray(v) ? v.join(', ') : String(v);
      out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? redactAuthValue(s) : this.text(s);
    }
    return out;
  }

  text(s: string): string {
    // One scan instead of three over recorded batch bodies (64 KiB each), which rarely name a secret.
    let out = MAY_HOLD_SECRET.test(s) ? s.replace(JSON_SECRET, `$1"${REDACTED}"`).replace(FORM_SECRET, `$1${REDACTED}`).replace(BEARER, `$1${REDACTED}`) : s;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      const enc = encodeURIComponent(secret);
      if (enc !== secret && out.includes(enc)) out = out.split(enc).join(REDACTED);
    }
    return out;
  }
}

function redactAuthValue(v: string): string {
  const m = /^(\w+)\s/.exec(v);
  return m ? `${m[1]} ${REDACTED}` : REDACTED;
}
