import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { readMappingDocument } from '../mapping/read';
import type { MappingDocument } from '../mapping/types';
import { getEnvironment } from './integrationFile';
import { mappedIdentities } from './mappingIdentities';
import { fieldInfo, missingFields, parseEndpoint, validateEnvironment, type EnvironmentProfile, type FieldKey, type IntegrationFile } from './profile';
import { responsePassed } from './verified';

/** One reason the handoff cannot be exported yet, in the user's words. */
export interface HandoffProblem {
  /** Stable id, e.g. `handoff.missing-field`, `handoff.identity-not-mapped`. */
  code: string;
  message: string;
  /** The profile field to fix, when there is one (the panel shows the message next to it). */
  field?: FieldKey;
  /** Seed step the problem belongs to (1–7). */
  step: number;
}

export type ReadinessId = 'identities' | 'schema' | 'dataset' | 'source' | 'mapping' | 'test' | 'share';

export interface ReadinessStep {
  step: number;
  id: ReadinessId;
  title: string;
  done: boolean;
  problems: HandoffProblem[];
}

export interface LoadedInputs {
  schemaText?: string;
  schemaJson?: Record<string, unknown>;
  mapping?: MappingDocument;
  payloadText?: string;
  responseText?: string;
  response?: Record<string, unknown>;
}

export interface Assessment {
  environment: string;
  env?: EnvironmentProfile;
  inletId?: string;
  problems: HandoffProblem[];
  steps: ReadinessStep[];
  inputs: LoadedInputs;
}

const STEP_TITLES: [ReadinessId, string][] = [
  ['identities', 'Identify your identity namespaces'],
  ['schema', 'Create the XDM schema'],
  ['dataset', 'Create the dataset'],
  ['source', 'Configure the HTTP API source'],
  ['mapping', 'Configure field mapping'],
  ['test', 'Test with a passing payload'],
  ['share', 'Share details with MoEngage'],
];

/** Resolves a profile path inside the workspace; `undefined` when it would leave it. */
export function resolveInWorkspace(workspaceDir: string, rel: string): string | undefined {
  const root = path.resolve(workspaceDir);
  const abs = path.resolve(root, rel);
  return abs === root || abs.startsWith(root + path.sep) ? abs : undefined;
}

async function readText(workspaceDir: string, rel: string): Promise<{ text?: string; why?: string }> {
  const abs = resolveInWorkspace(workspaceDir, rel);
  if (!abs) return { why: 'is outside the workspace' };
  try {
    return { text: await fsp.readFile(abs, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { why: code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? 'error'})` };
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, ''));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks an environment for completeness and consistency against the files it names, the same
 * way for the CLI, the panel, the readiness view and the walkthrough. Never throws on bad input:
 * every finding is a problem that says what to do.
 */
export async function assessHandoff(opts: { workspaceDir: string; profile: IntegrationFile; environment?: string }): Promise<Assessment> {
  const { name, env: rawEnv } = getEnvironment(opts.profile, opts.environment);
  const problems: HandoffProblem[] = [];
  const inputs: LoadedInputs = {};
  const add = (step: number, code: string, message: string, field?: FieldKey) => problems.push({ step, code, message, field });
  const result = (env?: EnvironmentProfile, inletId?: string): Assessment => ({
    environment: name,
    env,
    inletId,
    problems,
    inputs,
    steps: STEP_TITLES.map(([id, title], i) => {
      const own = problems.filter((p) => p.step === i + 1);
      return { step: i + 1, id, title, done: id === 'share' ? problems.length === 0 : own.length === 0, problems: own };
    }),
  });

  if (!rawEnv) {
    add(7, 'handoff.no-environment', `Environment "${name}" is not defined in moengage-aep.json; add it or choose one of: ${Object.keys(opts.profile.environments).join(', ') || '(none)'}.`);
    return result();
  }
  const checked = validateEnvironment(rawEnv);
  for (const p of checked.problems) add(p.field ? fieldInfo[p.field].step : 7, 'handoff.invalid-field', p.message, p.field);
  const env = checked.env ?? rawEnv;
  for (const p of missingFields(env)) add(fieldInfo[p.field!].step, 'handoff.missing-field', p.message, p.field);

  let inletId: string | undefined;
  if (env.endpoint) {
    const ep = parseEndpoint(env.endpoint);
    if (ep.ok) inletId = ep.parts.inletId;
  }

  // Step 2: the schema file is the one MoEngage builds against, so its $id and tenant must agree.
  if (env.schemaFile) {
    const r = await readText(opts.workspaceDir, env.schemaFile);
    if (r.text === undefined) add(2, 'handoff.schema-file', `Schema JSON file "${env.schemaFile}" ${r.why}; download it from the Schema Editor (seed Step 2.4) and save it there.`, 'schemaFile');
    else {
      inputs.schemaText = r.text;
      inputs.schemaJson = parseJsonObject(r.text);
      if (!inputs.schemaJson) add(2, 'handoff.schema-json', `Schema JSON file "${env.schemaFile}" is not a JSON object; download the schema again (seed Step 2.4).`, 'schemaFile');
      else {
        const id = inputs.schemaJson.$id;
        if (env.schemaId && typeof id === 'string' && id !== env.schemaId) {
          add(2, 'handoff.schema-id-mismatch', `Schema ID "${env.schemaId}" differs from the $id "${id}" in ${env.schemaFile}; use Autofill or download the schema that matches.`, 'schemaId');
        }
        if (env.tenant && !r.text.includes(`"${env.tenant}"`)) {
          add(2, 'handoff.tenant-not-in-schema', `Tenant namespace "${env.tenant}" does not appear in ${env.schemaFile}; the custom fields live under _{tenant} (seed Step 2) — check the tenant or the schema.`, 'tenant');
        }
      }
    }
  }

  // Step 5: identityMap namespaces written by the mapping must be exactly the declared ones,
  // with exactly one primary (seed Step 5 "Important Mapping Notes"; aep-streaming-and-dataprep.md §6.2).
  if (env.mappingFile) {
    const r = await readText(opts.workspaceDir, env.mappingFile);
    if (r.text === undefined) add(5, 'handoff.mapping-file', `Mapping file "${env.mappingFile}" ${r.why}; save the mapping CSV from MoEngage or your own there (seed Step 5).`, 'mappingFile');
    else {
      const doc = readMappingDocument(r.text, env.mappingFile);
      inputs.mapping = doc;
      const errors = doc.problems.filter((d) => d.severity === 'error');
      if (errors.length) {
        const d = errors[0];
        add(5, 'handoff.mapping-errors', `Mapping file "${env.mappingFile}" has ${errors.length} error${errors.length > 1 ? 's' : ''}; first at line ${d.range.start.line + 1}: ${d.message}`, 'mappingFile');
      } else if (doc.rows.length === 0) {
        add(5, 'handoff.mapping-empty', `Mapping file "${env.mappingFile}" has no mapping rows; add the rows that fill your schema (seed Step 5).`, 'mappingFile');
      } else checkIdentities(env, doc, add);
    }
  }

  // Step 6: the payload MoEngage copies must be the one that passed sync validation.
  if (env.verifiedPayloadFile) {
    const r = await readText(opts.workspaceDir, env.verifiedPayloadFile);
    if (r.text === undefined) add(6, 'handoff.payload-file', `Verified payload "${env.verifiedPayloadFile}" ${r.why}; send a test payload with sync validation and mark it verified (seed Step 6).`, 'verifiedPayloadFile');
    else if (!parseJsonObject(r.text)) add(6, 'handoff.payload-json', `Verified payload "${env.verifiedPayloadFile}" is not a JSON object; it must be the exact body that passed (seed Step 6.1).`, 'verifiedPayloadFile');
    else inputs.payloadText = r.text;
  }
  if (env.verifiedResponseFile) {
    const r = await readText(opts.workspaceDir, env.verifiedResponseFile);
    if (r.text === undefined) add(6, 'handoff.response-file', `AEP response "${env.verifiedResponseFile}" ${r.why}; send the payload again with ?syncValidation=true and mark it verified (seed Step 6.2).`, 'verifiedResponseFile');
    else {
      const resp = parseJsonObject(r.text);
      inputs.responseText = r.text;
      inputs.response = resp;
      if (!resp) add(6, 'handoff.response-json', `AEP response "${env.verifiedResponseFile}" is not a JSON object; save the response body AEP returned (seed Step 6.2).`, 'verifiedResponseFile');
      else {
        const pass = responsePassed(resp);
        if (!pass.ok) add(6, 'handoff.response-not-pass', `AEP response "${env.verifiedResponseFile}" does not show a passing sync validation (${pass.why}); send with ?syncValidation=true until it says "pass" (seed Step 6.2).`, 'verifiedResponseFile');
        const respInlet = typeof resp.inletId === 'string' ? resp.inletId.toLowerCase() : undefined;
        if (pass.ok && respInlet && inletId && respInlet !== inletId) {
          add(6, 'handoff.response-other-inlet', `The verified response came from inlet ${respInlet}, but the endpoint is inlet ${inletId}; verify the payload against this endpoint again.`, 'verifiedResponseFile');
        }
      }
    }
  }
  return result(env, inletId);
}

function checkIdentities(env: EnvironmentProfile, doc: MappingDocument, add: (step: number, code: string, message: string, field?: FieldKey) => void): void {
  const mapped = mappedIdentities(doc);
  const declared = new Set<string>([
    ...(env.primaryIdentity ? [env.primaryIdentity] : []),
    ...(env.secondaryIdentities ?? []),
    ...(env.moengageUserIdNamespace ? [env.moengageUserIdNamespace] : []),
  ]);
  const mappedNs = new Set(mapped.map((m) => m.namespace));
  for (const ns of declared) {
    if (!mappedNs.has(ns)) {
      const field: FieldKey = ns === env.primaryIdentity ? 'primaryIdentity' : ns === env.moengageUserIdNamespace ? 'moengageUserIdNamespace' : 'secondaryIdentities';
      add(5, 'handoff.identity-not-mapped', `Identity namespace "${ns}" is declared but the mapping writes no identityMap.${ns}[0].id; add that mapping row or remove "${ns}" from the identities.`, field);
    }
  }
  for (const m of mapped) {
    if (!declared.has(m.namespace)) {
      add(1, 'handoff.identity-not-declared', `The mapping writes identityMap.${m.namespace} (row ${m.rows[0] + 1}) but "${m.namespace}" is not a declared identity; add it to the secondary identities or fix the mapping.`, 'secondaryIdentities');
    }
  }
  const primaries = mapped.filter((m) => m.primary);
  if (primaries.length === 0) {
    add(5, 'handoff.no-primary', `No identity in the mapping has primary: true; map the constant true to identityMap.${env.primaryIdentity ?? '<primary>'}[0].primary (seed Step 5: exactly ONE primary identity).`, 'mappingFile');
  } else if (primaries.length > 1) {
    add(5, 'handoff.many-primaries', `The mapping marks ${primaries.length} identities primary (${primaries.map((p) => p.namespace).join(', ')}); only ONE may have primary: true (seed Step 5) — set the others to false.`, 'mappingFile');
  } else if (env.primaryIdentity && primaries[0].namespace !== env.primaryIdentity) {
    add(5, 'handoff.primary-mismatch', `The mapping marks "${primaries[0].namespace}" primary, but the declared primary identity is "${env.primaryIdentity}"; make them the same.`, 'primaryIdentity');
  }
}
