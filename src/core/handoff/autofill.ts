import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { readMappingDocument } from '../mapping/read';
import { parsePath } from '../mapping/path';
import { resolveInWorkspace } from './assess';
import { mappedIdentities } from './mappingIdentities';
import { INLET_ID_RE, parseEndpoint, type EnvironmentProfile } from './profile';
import { responsePassed, VERIFIED_DIR } from './verified';

export type AutofillKind = 'schema' | 'endpoint' | 'identities' | 'verifiedPayload';

export interface AutofillResult {
  ok: boolean;
  /** Values found; only fields that were found are present. */
  patch: Partial<EnvironmentProfile>;
  /** What was found or why nothing was, in the user's words. */
  message: string;
}

async function read(workspaceDir: string, rel: string): Promise<string | undefined> {
  const abs = resolveInWorkspace(workspaceDir, rel);
  if (!abs) return undefined;
  try {
    return await fsp.readFile(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/** Workspace-relative files under `dir` (depth-limited, skipping dependency and VCS folders). */
async function listFiles(workspaceDir: string, dir: string, match: (name: string) => boolean, depth = 3): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, d: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(path.join(workspaceDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (d > 0 && e.name !== 'node_modules' && e.name !== '.git') await walk(child, d - 1);
      } else if (match(e.name)) out.push(child);
    }
  };
  await walk(dir, depth);
  return out;
}

/**
 * Tenant and schema `$id` from the downloaded schema JSON (seed Step 2.5). AEP's "Download JSON"
 * carries `meta:tenantNamespace`; older exports only show the tenant as the `_name` property that
 * holds the custom fields, so that is the fallback.
 */
async function fromSchema(workspaceDir: string, env: EnvironmentProfile): Promise<AutofillResult> {
  const candidates = env.schemaFile ? [env.schemaFile] : await listFiles(workspaceDir, '', (n) => n.endsWith('.schema.json') && !n.startsWith('moengage-payload'));
  for (const rel of candidates) {
    const text = await read(workspaceDir, rel);
    if (text === undefined) continue;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      continue;
    }
    const patch: Partial<EnvironmentProfile> = {};
    if (typeof json.$id === 'string' && /^https:\/\/ns\.adobe\.com\//.test(json.$id)) patch.schemaId = json.$id;
    const tenant =
      typeof json['meta:tenantNamespace'] === 'string'
        ? (json['meta:tenantNamespace'] as string)
        : Object.keys((json.properties as Record<string, unknown>) ?? {}).find((k) => /^_[A-Za-z0-9]+$/.test(k));
    if (tenant) patch.tenant = tenant;
    if (!patch.schemaId && !patch.tenant) continue;
    patch.schemaFile = rel;
    return { ok: true, patch, message: `From ${rel}: ${[patch.schemaId && `schema ID ${patch.schemaId}`, patch.tenant && `tenant ${patch.tenant}`].filter(Boolean).join(', ')}.` };
  }
  return {
    ok: false,
    patch: {},
    message: env.schemaFile
      ? `Could not read a schema $id or tenant from ${env.schemaFile}; is it the JSON from Schema Editor → Download JSON (seed Step 2.4)?`
      : 'No schema JSON found in the workspace; download it from the Schema Editor (seed Step 2.4) and save it as *.schema.json.',
  };
}

/**
 * Cleans a pasted endpoint (Postman URLs often carry `?syncValidation=true`, §1.1) and reports the
 * inlet ID; dataset and flow IDs come from an XDM envelope header in the verified payload (§2.1).
 */
async function fromEndpoint(workspaceDir: string, env: EnvironmentProfile): Promise<AutofillResult> {
  const patch: Partial<EnvironmentProfile> = {};
  const notes: string[] = [];
  if (env.endpoint) {
    let cleaned = env.endpoint.trim();
    try {
      const u = new URL(cleaned);
      u.search = '';
      u.hash = '';
      u.pathname = u.pathname.replace(/^\/collection\/batch\//, '/collection/').replace(/\/+$/, '');
      cleaned = u.toString();
    } catch {
      /* reported below */
    }
    const ep = parseEndpoint(cleaned);
    if (!ep.ok) return { ok: false, patch: {}, message: ep.message };
    if (cleaned !== env.endpoint) patch.endpoint = cleaned;
    notes.push(`inlet ID ${ep.parts.inletId}${ep.parts.loopback ? ' (local emulator)' : ''}`);
  }
  if (env.verifiedPayloadFile) {
    const text = await read(workspaceDir, env.verifiedPayloadFile);
    try {
      const header = text ? (JSON.parse(text) as { header?: Record<string, unknown> }).header : undefined;
      if (typeof header?.datasetId === 'string' && /^[0-9a-f]{24}$/i.test(header.datasetId)) patch.datasetId = header.datasetId;
      if (typeof header?.flowId === 'string') patch.flowId = header.flowId;
      if (typeof header?.imsOrgId === 'string') patch.imsOrgId = header.imsOrgId;
    } catch {
      /* a raw payload has no header: nothing to take */
    }
  }
  if (patch.datasetId) notes.push(`dataset ${patch.datasetId}`);
  if (!notes.length) return { ok: false, patch, message: 'Paste the streaming endpoint from the dataflow first (seed Step 5 "Complete Dataflow Setup").' };
  return { ok: true, patch, message: `From the endpoint: ${notes.join(', ')}.` };
}

/** Identity symbols from the mapping's identityMap destinations (seed Step 1 and Step 5). */
async function fromMapping(workspaceDir: string, env: EnvironmentProfile): Promise<AutofillResult> {
  const rel = env.mappingFile ?? (await listFiles(workspaceDir, '', (n) => /\.mapping\.(csv|json)$/.test(n)))[0];
  const text = rel ? await read(workspaceDir, rel) : undefined;
  if (!rel || text === undefined) return { ok: false, patch: {}, message: 'No mapping file found; set the mapping file (seed Step 5) first.' };
  const doc = readMappingDocument(text, rel);
  const ids = mappedIdentities(doc);
  if (!ids.length) return { ok: false, patch: {}, message: `${rel} writes no identityMap.<namespace>[0].id; add identity rows to the mapping first.` };
  const primary = ids.find((i) => i.primary);
  const moe = ids.find((i) => /^moengage/i.test(i.namespace) && !i.primary);
  const patch: Partial<EnvironmentProfile> = { mappingFile: rel };
  if (primary) {
    patch.primaryIdentity = primary.namespace;
    // The MoEngage attribute is the last segment of the source feeding identityMap.<primary>[0].id.
    const row = doc.rows.find((r) => primary.rows.includes(r.index) && /\.id$/.test(r.destination.trim()) && r.sourceType === 'ATTRIBUTE');
    const seg = row ? parsePath(row.source.trim()).segments.filter((s) => s.kind === 'key').pop() : undefined;
    if (seg && seg.kind === 'key') patch.primaryIdentityAttribute = seg.name;
  }
  if (moe) patch.moengageUserIdNamespace = moe.namespace;
  patch.secondaryIdentities = ids.filter((i) => i !== primary && i !== moe).map((i) => i.namespace);
  const many = ids.filter((i) => i.primary).length > 1;
  return {
    ok: true,
    patch,
    message: `From ${rel}: ${primary ? `primary ${primary.namespace}` : 'no primary identity'}${many ? ' (WARNING: more than one is primary)' : ''}; secondary ${patch.secondaryIdentities!.join(', ') || 'none'}${moe ? `; MoEngage user ID ${moe.namespace}` : ''}.`,
  };
}

/** The newest passing pair in `.moe-aep/verified/` (written by markVerified). */
async function fromVerified(workspaceDir: string): Promise<AutofillResult> {
  const responses = await listFiles(workspaceDir, VERIFIED_DIR, (n) => n.endsWith('.response.json'), 0);
  let best: { payloadFile: string; responseFile: string; at: number } | undefined;
  for (const responseFile of responses) {
    const text = await read(workspaceDir, responseFile);
    let resp: Record<string, unknown> | undefined;
    try {
      resp = text ? JSON.parse(text) : undefined;
    } catch {
      continue;
    }
    if (!resp || !responsePassed(resp).ok) continue;
    const payloadFile = responseFile.replace(/\.response\.json$/, '.json');
    if ((await read(workspaceDir, payloadFile)) === undefined) continue;
    const at = typeof resp.receivedTimeMs === 'number' ? resp.receivedTimeMs : 0;
    if (typeof resp.inletId === 'string' && !INLET_ID_RE.test(resp.inletId)) continue;
    if (!best || at > best.at) best = { payloadFile, responseFile, at };
  }
  if (!best) return { ok: false, patch: {}, message: `No passing payload in ${VERIFIED_DIR}/; send a test payload with sync validation and use "Mark as Verified Test Payload" (seed Step 6).` };
  const patch: Partial<EnvironmentProfile> = { verifiedPayloadFile: best.payloadFile, verifiedResponseFile: best.responseFile };
  if (best.at > 0) patch.verifiedAt = new Date(best.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { ok: true, patch, message: `Verified payload ${best.payloadFile}.` };
}

export async function autofill(kind: AutofillKind, workspaceDir: string, env: EnvironmentProfile): Promise<AutofillResult> {
  switch (kind) {
    case 'schema':
      return fromSchema(workspaceDir, env);
    case 'endpoint':
      return fromEndpoint(workspaceDir, env);
    case 'identities':
      return fromMapping(workspaceDir, env);
    case 'verifiedPayload':
      return fromVerified(workspaceDir);
  }
}
