import { randomBytes } from 'node:crypto';

/** token → expiry (epoch ms). */
export type TokenStore = Map<string, number>;

interface ImsConfig {
  clientId: string;
  clientSecret: string;
  ttlSeconds: number;
  tokens: TokenStore;
  onIssued: () => void;
  tokenFactory?: () => string;
}

/**
 * `POST /ims/token/v3` (§4): form body or query parameters, `client_credentials` only; errors in the
 * OAuth2 `{error, error_description}` shape (exact v3 texts [UNCONFIRMED]; codes from the UMAPI doc).
 */
export function handleImsToken(form: string, url: URL, cfg: ImsConfig): { status: number; body: unknown } {
  const p = new URLSearchParams(form);
  const get = (k: string) => p.get(k) ?? url.searchParams.get(k) ?? '';
  const err = (status: number, error: string, error_description: string) => ({ status, body: { error, error_description } });
  if (get('grant_type') !== 'client_credentials') return err(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  if (!get('client_id')) return err(400, 'invalid_client', 'missing client_id parameter');
  // UMAPI: 400 for an unknown client, 401 for a bad client-id/secret combination (§4).
  if (get('client_id') !== cfg.clientId) return err(400, 'invalid_client', 'invalid client_id parameter');
  if (get('client_secret') !== cfg.clientSecret) return err(401, 'invalid_client', 'invalid client_secret parameter');
  if (!get('scope')) return err(400, 'invalid_scope', 'missing scope parameter');
  const token = cfg.tokenFactory?.() ?? `emu-${randomBytes(24).toString('hex')}`;
  cfg.tokens.set(token, Date.now() + cfg.ttlSeconds * 1000);
  cfg.onIssued();
  return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: cfg.ttlSeconds } };
}
