import * as fsp from 'node:fs/promises';
import { createAepClient, ImsError, AepRefusal, type ExchangeRecord, type SendTarget } from '../aep';
import { Redactor } from '../aep/redact';
import { retryPolicy } from '../aep/retry';
import { ImsTokenProvider } from '../aep/token';
import { Transport } from '../aep/transport';
import { resolveInWorkspace } from './assess';
import type { EnvironmentProfile } from './profile';

export interface ConnectionResult {
  ok: boolean;
  /** One line for the form / a notification. Never contains the secret or a token. */
  message: string;
}

export interface ConnectionOptions {
  env: EnvironmentProfile;
  workspaceDir: string;
  /** OAuth client secret (SecretStorage / MOE_AEP_CLIENT_SECRET); required for `authMethod: oauth`. */
  secret?: string;
  allowBearerToHosts?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
  onExchange?: (r: ExchangeRecord) => void;
  /** Payload to send when there is no verified one (the first example payload). */
  fallbackPayloadFile?: string;
}

/**
 * "Test Connection": with OAuth, asks IMS for a token (aep-streaming-and-dataprep.md §4) — that
 * proves client ID, secret and scopes without touching a dataset; without auth, sends the verified
 * (or first example) payload once with `?syncValidation=true` (§1.1) so schema and mapping are
 * checked by AEP as well. One attempt only: a test that retries for a minute tells the user nothing.
 */
export async function testConnection(o: ConnectionOptions): Promise<ConnectionResult> {
  const env = o.env;
  if (env.authMethod === 'oauth') {
    if (!env.clientId || !env.scopes?.length) return { ok: false, message: 'OAuth needs the client ID and scopes first (seed Step 4.4).' };
    if (!o.secret) return { ok: false, message: 'No client secret stored for this environment; run "Set OAuth Client Secret" (or set MOE_AEP_CLIENT_SECRET for the CLI).' };
    const redactor = new Redactor();
    const transport = new Transport({ timeoutMs: o.timeoutMs ?? 30_000, env: process.env, redactor, onExchange: o.onExchange, maxRecordedBodyChars: 4096 });
    try {
      const ims = new ImsTokenProvider(
        { clientId: env.clientId, clientSecret: o.secret, scopes: env.scopes, tokenEndpoint: env.tokenEndpoint, imsOrgId: env.imsOrgId, technicalAccountId: env.technicalAccountId },
        transport,
        redactor,
        retryPolicy({ maxAttempts: 1 }),
        { skewMs: 0, allowHosts: o.allowBearerToHosts ?? [] },
      );
      await ims.get(o.signal);
      return { ok: true, message: `IMS issued an access token for client ${env.clientId} (scopes ${env.scopes.join(',')}).` };
    } catch (e) {
      return { ok: false, message: describe(e, 'IMS') };
    } finally {
      await transport.close().catch(() => undefined);
    }
  }

  if (!env.endpoint) return { ok: false, message: 'Enter the streaming endpoint first (seed Step 5).' };
  const file = env.verifiedPayloadFile ?? o.fallbackPayloadFile;
  if (!file) return { ok: false, message: 'No payload to send: mark a verified payload or add an example *.moe.json to the workspace.' };
  const abs = resolveInWorkspace(o.workspaceDir, file);
  let payload: unknown;
  try {
    payload = JSON.parse(await fsp.readFile(abs ?? '', 'utf8'));
  } catch {
    return { ok: false, message: `Cannot read ${file} as JSON; fix it or pick another payload.` };
  }
  const target: SendTarget = {
    endpoint: env.endpoint,
    inletKind: env.inletKind ?? 'raw',
    flowId: env.flowId,
    datasetId: env.datasetId,
    schemaRef: env.schemaId,
    imsOrgId: env.imsOrgId,
    sandboxName: env.sandbox,
  };
  let client;
  try {
    client = createAepClient(target, { timeoutMs: o.timeoutMs ?? 30_000, maxAttempts: 1, allowBearerToHosts: o.allowBearerToHosts, onExchange: o.onExchange });
    const body = target.inletKind === 'xdm' && !(payload && typeof payload === 'object' && 'header' in payload) ? client.buildXdmEnvelope(payload) : payload;
    const out = await client.sendSingle(body, { syncValidation: true, signal: o.signal, maxAttempts: 1 });
    if (out.status === 'accepted' && out.validation !== 'failed') {
      return { ok: true, message: `AEP accepted ${file}${out.validation === 'pass' ? ' and sync validation passed' : ''} (HTTP ${out.httpStatus ?? '?'}${out.xactionId ? `, xactionId ${out.xactionId}` : ''}).` };
    }
    return { ok: false, message: `AEP refused ${file}: ${out.message ?? `HTTP ${out.httpStatus ?? 'no answer'}`}` };
  } catch (e) {
    return { ok: false, message: describe(e, 'AEP') };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

function describe(e: unknown, who: string): string {
  if (e instanceof ImsError) return `IMS refused the credentials${e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''}: ${e.message}`;
  if (e instanceof AepRefusal) return e.message;
  return `${who} could not be reached: ${(e as Error)?.message ?? String(e)}`;
}
