import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../diagnostics';
import { INTEGRATION_FILE, updateEnvironmentText } from './integrationFile';

export const VERIFIED_DIR = '.moe-aep/verified';

/**
 * Whether an AEP response body shows a passing synchronous validation. Adobe's docs name the key
 * `syncValidation` (aep-streaming-and-dataprep.md §1.2); the seed (Step 6.2 "Expected Response")
 * and moengage-streams.md §5.1 show `synchronousValidation`. Both are accepted. `{skipped: true}`
 * means the request was sent without `?syncValidation=true`, which proves nothing about the schema.
 */
export function responsePassed(resp: unknown): { ok: true } | { ok: false; why: string } {
  if (!resp || typeof resp !== 'object') return { ok: false, why: 'the response is not a JSON object' };
  const r = resp as Record<string, unknown>;
  const v = (r.syncValidation ?? r.synchronousValidation) as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object') return { ok: false, why: 'it has no syncValidation result' };
  if (v.status === 'pass') return { ok: true };
  if (v.skipped === true) return { ok: false, why: 'sync validation was skipped' };
  return { ok: false, why: `the status is ${JSON.stringify(v.status ?? null)}` };
}

function safeName(payload: Record<string, unknown> | undefined, payloadText: string): string {
  const hint = [payload?.event_code, payload?.event_uuid, payload?.id].find((v) => typeof v === 'string' && v) as string | undefined;
  const slug = (hint ?? 'payload').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'payload';
  // A short content hash keeps two different payloads with the same event code apart.
  return `${slug}-${createHash('sha256').update(payloadText).digest('hex').slice(0, 8)}`;
}

export interface MarkVerifiedResult {
  payloadFile: string;
  responseFile: string;
  verifiedAt: string;
}

/**
 * Records a payload that passed sync validation as the environment's verified test payload (seed
 * Step 6 "Save Your Test Payload"): writes `.moe-aep/verified/<name>.json` and
 * `<name>.response.json`, then points `verifiedPayloadFile` / `verifiedResponseFile` / `verifiedAt`
 * of `env` in moengage-aep.json at them (comments and formatting kept). The time is the response's
 * `receivedTimeMs` when present, so the bundle built from it is reproducible.
 * Throws `InputError` when the payload is not JSON or the response does not show a pass.
 */
export async function markVerified(
  workspaceDir: string,
  env: string,
  payloadText: string,
  responseJson: unknown,
  opts: { integrationFile?: string } = {},
): Promise<MarkVerifiedResult> {
  let payload: Record<string, unknown> | undefined;
  try {
    const v = JSON.parse(payloadText);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    payload = v;
  } catch {
    throw new InputError('The payload to mark as verified is not a single JSON object; only one event that passed can be verified.', 'verified.payload-json');
  }
  const response = typeof responseJson === 'string' ? safeParse(responseJson) : responseJson;
  const pass = responsePassed(response);
  if (!pass.ok) {
    throw new InputError(`This response does not show a passing sync validation (${pass.why}); send the payload with ?syncValidation=true and mark the passing result.`, 'verified.not-passed');
  }
  const name = safeName(payload, payloadText);
  const payloadFile = `${VERIFIED_DIR}/${name}.json`;
  const responseFile = `${VERIFIED_DIR}/${name}.response.json`;
  const ms = (response as Record<string, unknown>).receivedTimeMs;
  const verifiedAt = new Date(typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

  await fsp.mkdir(path.join(workspaceDir, VERIFIED_DIR), { recursive: true });
  await fsp.writeFile(path.join(workspaceDir, payloadFile), payloadText.endsWith('\n') ? payloadText : payloadText + '\n');
  await fsp.writeFile(path.join(workspaceDir, responseFile), JSON.stringify(response, null, 2) + '\n');
  const profilePath = path.join(workspaceDir, opts.integrationFile ?? INTEGRATION_FILE);
  let text: string | undefined;
  try {
    text = await fsp.readFile(profilePath, 'utf8');
  } catch {
    text = undefined;
  }
  await fsp.writeFile(profilePath, updateEnvironmentText(text, env, { verifiedPayloadFile: payloadFile, verifiedResponseFile: responseFile, verifiedAt }));
  return { payloadFile, responseFile, verifiedAt };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
