import { z } from 'zod';

/**
 * The integration details: the ONE definition used by the workspace file `moengage-aep.json`, the
 * webview form (inline validation), the generated JSON Schema (`schemas/moengage-aep.schema.json`)
 * and the handoff bundle. Fields are flat on purpose: each key is also the form element id, so a
 * problem found anywhere can be shown next to the field that causes it.
 *
 * Every field is optional in the file because the user fills it in over the seven seed steps; what
 * must be present before MoEngage can be told anything is decided by `requiredWhen` below and
 * checked by `missingFields` (the bundle refuses to export until it is empty).
 *
 * The OAuth client secret is deliberately NOT a field: it lives in VS Code SecretStorage
 * (`moeAep.clientSecret.<environment>`) or the `MOE_AEP_CLIENT_SECRET` environment variable.
 */

/** Inlet (collection) ID: 64 hex characters — aep-streaming-and-dataprep.md §1.1 "Inlet ID". */
export const INLET_ID_RE = /^[0-9a-f]{64}$/i;

const ENDPOINT_HELP = 'Endpoint must look like https://dcs.adobedc.net/collection/{id}';

export interface EndpointParts {
  inletId: string;
  /** True for the local emulator (http://127.0.0.1:PORT/collection/{id}). */
  loopback: boolean;
}

/**
 * Splits a streaming endpoint into its parts, or says in plain words what is wrong with it.
 * Accepted forms: seed Step 5 "Complete Dataflow Setup" (`https://dcs.adobedc.net/collection/{id}`)
 * and the loopback emulator. The batch path and `?syncValidation=true` are request options, not
 * part of the endpoint MoEngage is given (aep-streaming-and-dataprep.md §1.1), so they are refused
 * with a hint rather than silently stripped.
 */
export function parseEndpoint(value: string): { ok: true; parts: EndpointParts } | { ok: false; message: string } {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `${ENDPOINT_HELP}; "${text}" is not a URL.` };
  }
  const loopback = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  const adobe = url.protocol === 'https:' && url.hostname === 'dcs.adobedc.net' && url.port === '';
  if (!adobe && !loopback) {
    return {
      ok: false,
      message: `${ENDPOINT_HELP} (or http://127.0.0.1:PORT/collection/{id} for the local emulator); the host "${url.host}" is neither.`,
    };
  }
  if (url.search || url.hash) {
    return { ok: false, message: `${ENDPOINT_HELP}; remove "${url.search}${url.hash}" — options such as syncValidation are added per request.` };
  }
  if (url.username || url.password) return { ok: false, message: `${ENDPOINT_HELP}; remove the user name and password from the URL.` };
  const m = /^\/collection\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) {
    const hint = url.pathname.startsWith('/collection/batch/')
      ? '; use the single-message endpoint, not /collection/batch/'
      : '';
    return { ok: false, message: `${ENDPOINT_HELP}${hint}.` };
  }
  if (!INLET_ID_RE.test(m[1])) {
    return { ok: false, message: `${ENDPOINT_HELP}; the ID after /collection/ must be 64 hex characters (the inlet ID), not "${m[1]}".` };
  }
  return { ok: true, parts: { inletId: m[1].toLowerCase(), loopback } };
}

const nonEmpty = (label: string) => z.string().trim().min(1, `${label} must not be empty.`);

const endpoint = z.string().superRefine((v, ctx) => {
  const r = parseEndpoint(v);
  if (!r.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.message });
}).describe('Streaming endpoint URL from the HTTP API dataflow (seed Step 5), e.g. https://dcs.adobedc.net/collection/{id}.');

/**
 * Editor-side approximations of refinements that JSON Schema cannot express, used only by the
 * JSON Schema generator; zod stays the authority (it explains *which* part is wrong).
 */
export const jsonSchemaHints = new WeakMap<z.ZodTypeAny, { pattern: string; patternErrorMessage: string }>([
  [
    endpoint,
    {
      pattern: '^(https://dcs\\.adobedc\\.net|http://(127\\.0\\.0\\.1|localhost):[0-9]+)/collection/[0-9a-fA-F]{64}/?$',
      patternErrorMessage: `${ENDPOINT_HELP} (or http://127.0.0.1:PORT/collection/{id} for the local emulator).`,
    },
  ],
]);

// Identity namespace symbols are case-sensitive codes such as `Email`, `ECID`, `lumaCrmId`
// (aep-streaming-and-dataprep.md §6.2; seed Step 1).
const SYMBOL_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
const symbol = (label: string) =>
  z.string().regex(SYMBOL_RE, `${label} must be an identity namespace symbol such as lumaCrmId or Email (letters, digits, _).`);

const relPath = (label: string) =>
  z
    .string()
    .min(1, `${label} must not be empty.`)
    .regex(/^(?![\\/])(?![A-Za-z]:)(?!.*(^|[\\/])\.\.([\\/]|$)).*$/, `${label} must be a path inside the workspace (relative, no "..").`);

export const environmentShape = {
  endpoint,
  inletKind: z
    .enum(['raw', 'xdm'], { errorMap: () => ({ message: 'Inlet kind must be "raw" (not XDM compatible, mapped by Data Prep) or "xdm".' }) })
    .describe('"raw" when the dataflow is NOT "XDM compatible" (seed Step 4.5), "xdm" otherwise.'),
  flowId: z
    .string()
    .regex(/^[0-9a-f-]{36}$/i, 'Flow ID must be the dataflow UUID, e.g. 7d1d1a20-1f3b-4a2c-9a55-0d8b7c6e5f41.')
    .describe('Dataflow ID; sent as x-adobe-flow-id for raw data (optional).'),
  datasetId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'Dataset ID must be 24 hex characters, e.g. 690da33230e4cd0adff86e57 (Datasets → your dataset → details).')
    .describe('Dataset ID (seed Step 3).'),
  schemaId: z
    .string()
    .regex(
      /^https:\/\/ns\.adobe\.com\/[A-Za-z0-9_]+\/schemas\/[A-Za-z0-9]+$/,
      'Schema ID must look like https://ns.adobe.com/{TENANT}/schemas/{SCHEMA_ID} (Schema Editor → schema details).',
    )
    .describe('Schema $id (seed Step 2.5).'),
  schemaFile: relPath('Schema JSON file').describe('Workspace-relative path of the downloaded schema JSON (seed Step 2.4).'),
  tenant: z
    .string()
    .regex(/^_[A-Za-z0-9]+$/, 'Tenant namespace must start with "_" followed by letters or digits, e.g. _yourorgname.')
    .describe('Tenant namespace (_name) used in custom field paths (seed Step 2.5).'),
  imsOrgId: z
    .string()
    .regex(/^[A-Za-z0-9]+@AdobeOrg$/, 'IMS Org ID must look like 1234567890ABCDEF@AdobeOrg (Developer Console → Project → Overview).')
    .describe('Organization ID (seed Step 4.4).'),
  sandbox: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'Sandbox name must be lower-case letters, digits and "-", e.g. prod or dev-1.')
    .describe('AEP sandbox name.'),
  primaryIdentity: symbol('Primary identity symbol').describe('Primary identity namespace symbol, e.g. lumaCrmId (seed Step 1).'),
  secondaryIdentities: z
    .array(symbol('Each secondary identity symbol'))
    .describe('Secondary identity namespace symbols, e.g. Email, Phone (seed Step 1).'),
  moengageUserIdNamespace: symbol('MoEngage user ID namespace').describe('Custom namespace for MoEngage user IDs, usually moengageUserId (seed Step 1).'),
  primaryIdentityAttribute: nonEmpty('MoEngage user attribute for the primary ID').describe(
    'MoEngage user attribute that holds the primary identity value (seed Step 7).',
  ),
  mappingFile: relPath('Mapping file').describe('Workspace-relative path of the Data Prep mapping (.mapping.csv or .mapping.json) (seed Step 5).'),
  verifiedPayloadFile: relPath('Verified payload file').describe('Test payload that passed sync validation (seed Step 6).'),
  verifiedResponseFile: relPath('Verified response file').describe('AEP response that verified the payload (seed Step 6.2).'),
  verifiedAt: z
    .string()
    .datetime({ offset: true, message: 'Verification time must be an ISO 8601 date-time such as 2024-11-12T14:20:50Z.' })
    .describe('When the payload was verified.'),
  authMethod: z
    .enum(['none', 'oauth'], { errorMap: () => ({ message: 'Authentication must be "none" or "oauth" (seed Step 4.1).' }) })
    .describe('Authentication of the HTTP API source (seed Step 4.1).'),
  clientId: nonEmpty('Client ID').describe('OAuth Server-to-Server client ID (seed Step 4.4).'),
  technicalAccountId: z
    .string()
    .regex(/^[A-Za-z0-9]+@techacct\.adobe\.com$/, 'Technical account ID must look like ABC123@techacct.adobe.com.')
    .describe('Technical account ID (seed Step 4.4).'),
  scopes: z
    .array(z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'Each scope must be one word such as openid or AdobeID.'))
    .min(1, 'List at least one OAuth scope, e.g. openid, AdobeID, read_organizations.')
    .describe('Granted OAuth scopes (seed Step 7 "OAuth 2.0 Credentials").'),
  tokenEndpoint: z
    .string()
    .url('Token endpoint must be a URL such as https://ims-na1.adobelogin.com/ims/token/v3.')
    .regex(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/, 'Token endpoint must use https (or http on 127.0.0.1 for the emulator).')
    .describe('Adobe IMS token endpoint (aep-streaming-and-dataprep.md §4).'),
};

export type FieldKey = keyof typeof environmentShape;

const SECRET_KEYS = ['clientSecret', 'client_secret', 'secret', 'password', 'accessToken', 'access_token'];

export const environmentSchema = z
  .object(Object.fromEntries(Object.entries(environmentShape).map(([k, s]) => [k, s.optional()])) as {
    [K in FieldKey]: z.ZodOptional<(typeof environmentShape)[K]>;
  })
  .strict()
  .superRefine((env, ctx) => {
    for (const k of Object.keys(env)) {
      if (SECRET_KEYS.includes(k)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [k],
          message: `Do not store "${k}" in moengage-aep.json (it is committed); remove it and use "Set OAuth Client Secret" or MOE_AEP_CLIENT_SECRET.`,
        });
      }
    }
    // Seed Step 5 "Important Mapping Notes": only ONE identity may be primary.
    if (env.primaryIdentity && env.secondaryIdentities?.includes(env.primaryIdentity)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['secondaryIdentities'],
        message: `"${env.primaryIdentity}" is the primary identity; remove it from the secondary identities.`,
      });
    }
  });

export type EnvironmentProfile = z.infer<typeof environmentSchema>;

const ENV_NAME_RE = /^[A-Za-z0-9_-]+$/;

export const integrationFileSchema = z
  .object({
    $schema: z.string().optional(),
    activeEnvironment: z
      .string()
      .regex(ENV_NAME_RE, 'Environment names use letters, digits, "-" and "_", e.g. dev or prod.')
      .describe('The environment commands use (dev, prod, …).'),
    environments: z
      .record(z.string().regex(ENV_NAME_RE, 'Environment names use letters, digits, "-" and "_", e.g. dev or prod.'), environmentSchema)
      .describe('Integration details per environment.'),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (!Object.prototype.hasOwnProperty.call(f.environments, f.activeEnvironment)) {
      const names = Object.keys(f.environments);
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['activeEnvironment'],
        message: `Active environment "${f.activeEnvironment}" is not defined; add it under "environments" or pick one of: ${names.join(', ') || '(none)'}.`,
      });
    }
  });

export type IntegrationFile = z.infer<typeof integrationFileSchema>;

/** Human labels and the seed step each field belongs to; drives the form layout and the handoff table. */
export interface FieldInfo {
  label: string;
  step: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  kind: 'text' | 'list' | 'choice';
  /** When the field must be filled before a bundle can be exported. */
  required: (env: EnvironmentProfile) => boolean;
}

const always = () => true;
const never = () => false;
const oauth = (env: EnvironmentProfile) => env.authMethod === 'oauth';

export const fieldInfo: Record<FieldKey, FieldInfo> = {
  primaryIdentity: { label: 'Primary identity namespace symbol', step: 1, kind: 'text', required: always },
  secondaryIdentities: { label: 'Secondary identity namespace symbols', step: 1, kind: 'list', required: never },
  moengageUserIdNamespace: { label: 'MoEngage user ID namespace', step: 1, kind: 'text', required: never },
  primaryIdentityAttribute: { label: 'MoEngage user attribute holding the primary ID', step: 1, kind: 'text', required: always },
  schemaId: { label: 'Schema ID ($id)', step: 2, kind: 'text', required: always },
  schemaFile: { label: 'Schema JSON file', step: 2, kind: 'text', required: always },
  tenant: { label: 'Tenant namespace', step: 2, kind: 'text', required: always },
  datasetId: { label: 'Dataset ID', step: 3, kind: 'text', required: always },
  imsOrgId: { label: 'IMS Org ID', step: 4, kind: 'text', required: always },
  sandbox: { label: 'Sandbox name', step: 4, kind: 'text', required: never },
  inletKind: { label: 'Inlet kind', step: 4, kind: 'choice', required: always },
  flowId: { label: 'Dataflow ID', step: 4, kind: 'text', required: never },
  authMethod: { label: 'Authentication method', step: 4, kind: 'choice', required: always },
  clientId: { label: 'OAuth client ID', step: 4, kind: 'text', required: oauth },
  technicalAccountId: { label: 'Technical account ID', step: 4, kind: 'text', required: oauth },
  scopes: { label: 'OAuth scopes', step: 4, kind: 'list', required: oauth },
  tokenEndpoint: { label: 'Token endpoint', step: 4, kind: 'text', required: oauth },
  endpoint: { label: 'Streaming endpoint URL', step: 5, kind: 'text', required: always },
  mappingFile: { label: 'Mapping file', step: 5, kind: 'text', required: always },
  verifiedPayloadFile: { label: 'Verified test payload', step: 6, kind: 'text', required: always },
  verifiedResponseFile: { label: 'AEP response that verified it', step: 6, kind: 'text', required: always },
  verifiedAt: { label: 'Verified at', step: 6, kind: 'text', required: always },
};

export const fieldKeys = Object.keys(environmentShape) as FieldKey[];

export const DEFAULT_TOKEN_ENDPOINT = 'https://ims-na1.adobelogin.com/ims/token/v3';

/** A problem with one field, in the user's words; `path` is relative to the environment object. */
export interface ProfileProblem {
  path: (string | number)[];
  field?: FieldKey;
  message: string;
}

function toProblems(issues: z.ZodIssue[], prefix: (string | number)[] = []): ProfileProblem[] {
  return issues.map((i) => {
    const path = [...prefix, ...i.path];
    const key = i.path[0];
    let message = i.message;
    if (i.code === 'unrecognized_keys') {
      message = `Unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}; remove ${i.keys.length > 1 ? 'them' : 'it'} or check the spelling.`;
      if (i.keys.some((k) => SECRET_KEYS.includes(k))) {
        message = `Do not store secrets in moengage-aep.json (it is committed); remove ${i.keys.map((k) => `"${k}"`).join(', ')} and use "Set OAuth Client Secret" or MOE_AEP_CLIENT_SECRET.`;
      }
    } else if (i.code === 'invalid_type' && i.received === 'undefined') {
      message = `${String(key ?? 'value')} is required.`;
    } else if (i.code === 'invalid_type') {
      message = `${typeof key === 'string' && key in fieldInfo ? fieldInfo[key as FieldKey].label : String(key ?? 'Value')} must be ${i.expected}, not ${i.received}.`;
    }
    return { path, field: typeof key === 'string' && key in environmentShape ? (key as FieldKey) : undefined, message };
  });
}

/** Validates one environment (shape only, not completeness). */
export function validateEnvironment(value: unknown): { env?: EnvironmentProfile; problems: ProfileProblem[] } {
  const r = environmentSchema.safeParse(value);
  return r.success ? { env: r.data, problems: [] } : { problems: toProblems(r.error.issues) };
}

/** Validates one field value as typed in the form; the same rules as the file. */
export function validateField(key: FieldKey, value: unknown): string | undefined {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  const r = environmentShape[key].safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}

/** Fields that must be filled before export, in seed-step order, with a message saying what to do. */
export function missingFields(env: EnvironmentProfile): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const ordered = [...fieldKeys].sort((a, b) => fieldInfo[a].step - fieldInfo[b].step);
  for (const k of ordered) {
    const info = fieldInfo[k];
    if (!info.required(env)) continue;
    const v = env[k];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
      out.push({ path: [k], field: k, message: `${info.label} is missing (seed Step ${info.step}).` });
    }
  }
  return out;
}

export function validateIntegrationFile(value: unknown): { file?: IntegrationFile; problems: ProfileProblem[] } {
  const r = integrationFileSchema.safeParse(value);
  return r.success ? { file: r.data, problems: [] } : { problems: toProblems(r.error.issues) };
}
