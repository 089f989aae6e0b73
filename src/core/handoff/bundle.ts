import * as path from 'node:path';
import { toMappingCsv, toMappingSetJson } from '../mapping/write';
import { writeZip, type ZipEntry } from '../zip/zipWriter';
import { assessHandoff, type HandoffProblem } from './assess';
import { INTEGRATION_FILE } from './integrationFile';
import { BUNDLE_FILES, HANDOFF_FORMAT, handoffJsonSchema, type HandoffJson } from './handoffJson';
import { renderHandoffMarkdown } from './handoffMarkdown';
import type { IntegrationFile } from './profile';

export interface BundleOptions {
  workspaceDir: string;
  profile: IntegrationFile;
  /** Defaults to the file's `activeEnvironment`. */
  environment?: string;
  /** Only when the user explicitly opted in (CLI `--include-secret`, panel modal warning). */
  includeSecret?: { secret: string };
  /** Workspace-relative name of the integration file, for "where it came from" (default moengage-aep.json). */
  integrationFile?: string;
}

export interface BundleFile {
  name: string;
  bytes: Buffer;
}

export interface BundleResult {
  /** Present only when there are no problems. */
  zip?: Buffer;
  files: BundleFile[];
  /** Why the bundle was refused, in seed-step order; empty on success. */
  problems: HandoffProblem[];
}

// The XDM schema format AEP's "Download JSON" produces (aep-streaming-and-dataprep.md §5.4 outputSchema).
const XED_FULL = 'application/vnd.adobe.xed-full+json;version=1';

/**
 * Builds the MoEngage handoff bundle (seed Step 7): HANDOFF.md, handoff.json, the schema JSON, the
 * mapping as CSV and as mapping-set JSON, the verified payload and the AEP response that verified
 * it. Refuses (no zip, a list of problems) unless everything is complete and consistent.
 *
 * Deterministic: file order is fixed and every entry's time is the verification time, so the CLI
 * and the panel produce identical bytes for the same inputs.
 */
export async function buildHandoffBundle(opts: BundleOptions): Promise<BundleResult> {
  const a = await assessHandoff(opts);
  const problems = [...a.problems];
  const env = a.env;
  if (opts.includeSecret) {
    if (env?.authMethod !== 'oauth') {
      problems.push({ step: 7, code: 'handoff.secret-without-oauth', message: 'A client secret was offered, but the authentication method is "none"; there is no secret to include — export without it.', field: 'authMethod' });
    } else if (!opts.includeSecret.secret.trim()) {
      problems.push({ step: 7, code: 'handoff.secret-empty', message: 'The client secret to include is empty; set it first ("Set OAuth Client Secret" or MOE_AEP_CLIENT_SECRET).' });
    }
  }
  const { inputs } = a;
  if (problems.length || !env || !a.inletId || !inputs.mapping || inputs.schemaText === undefined || inputs.payloadText === undefined || inputs.responseText === undefined) {
    if (!problems.length) problems.push({ step: 7, code: 'handoff.incomplete', message: 'Some inputs could not be read; fix the problems shown in the Integration Checklist and export again.' });
    return { files: [], problems: sortProblems(problems) };
  }

  const schemaName = `schema/${path.posix.basename(env.schemaFile!.replace(/\\/g, '/'))}`;
  const mapping = inputs.mapping.outputSchema === undefined ? { ...inputs.mapping, outputSchema: { schemaRef: { id: env.schemaId, contentType: XED_FULL } } } : inputs.mapping;
  const resp = inputs.response ?? {};
  const handoff: HandoffJson = {
    format: HANDOFF_FORMAT,
    environment: a.environment,
    inletId: a.inletId,
    profile: env,
    files: {
      schema: schemaName,
      mappingCsv: BUNDLE_FILES.mappingCsv,
      mappingSetJson: BUNDLE_FILES.mappingSetJson,
      verifiedPayload: BUNDLE_FILES.verifiedPayload,
      aepResponse: BUNDLE_FILES.aepResponse,
    },
    verification: {
      verifiedAt: env.verifiedAt!,
      ...(typeof resp.xactionId === 'string' ? { xactionId: resp.xactionId } : {}),
      ...(typeof resp.receivedTimeMs === 'number' ? { receivedTimeMs: resp.receivedTimeMs } : {}),
    },
    secretIncluded: Boolean(opts.includeSecret),
    ...(opts.includeSecret ? { clientSecret: opts.includeSecret.secret } : {}),
  };
  // The bundle is what MoEngage configures Streams from: never ship one our own schema rejects.
  const valid = handoffJsonSchema.safeParse(handoff);
  if (!valid.success) {
    return {
      files: [],
      problems: valid.error.issues.map((i) => ({ step: 7, code: 'handoff.invalid-json', message: `handoff.json would be invalid at ${i.path.join('.') || 'top level'}: ${i.message}` })),
    };
  }

  const text = (s: string) => Buffer.from(s, 'utf8');
  const files: BundleFile[] = [
    { name: BUNDLE_FILES.readme, bytes: text(renderHandoffMarkdown(handoff, opts.integrationFile ?? INTEGRATION_FILE)) },
    { name: BUNDLE_FILES.json, bytes: text(JSON.stringify(handoff, null, 2) + '\n') },
    { name: schemaName, bytes: text(inputs.schemaText) },
    { name: BUNDLE_FILES.mappingCsv, bytes: text(toMappingCsv(mapping)) },
    { name: BUNDLE_FILES.mappingSetJson, bytes: text(toMappingSetJson(mapping)) },
    { name: BUNDLE_FILES.verifiedPayload, bytes: text(inputs.payloadText) },
    { name: BUNDLE_FILES.aepResponse, bytes: text(inputs.responseText) },
  ];
  const mtime = new Date(env.verifiedAt!);
  const entries: ZipEntry[] = files.map((f) => ({ name: f.name, data: f.bytes, mtime }));
  return { zip: writeZip(entries), files, problems: [] };
}

function sortProblems(p: HandoffProblem[]): HandoffProblem[] {
  return p.map((x, i) => [x, i] as const).sort((a, b) => a[0].step - b[0].step || a[1] - b[1]).map(([x]) => x);
}

/** The refusal as lines a person can work through, e.g. for the CLI and a notification. */
export function formatProblems(problems: readonly HandoffProblem[]): string[] {
  return problems.map((p) => `Step ${p.step}: ${p.message}`);
}
