import type { HandoffJson } from './handoffJson';

/** Escapes a value for a Markdown table cell (pipes and newlines would break the row). */
function cell(v: unknown): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  const s = Array.isArray(v) ? v.join(', ') : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const code = (v: unknown) => (v === undefined || v === '' ? '—' : `\`${cell(v)}\``);

export const SECRET_WARNING_LINE =
  '> **WARNING: this bundle contains the OAuth client secret (handoff.json → clientSecret). Share it only through a secure channel and delete it after MoEngage confirms receipt.**';

/**
 * HANDOFF.md: every item of seed Step 7 "Information to Share with MoEngage", with the value, WHERE
 * the value came from (file and key, so the user can check it) and where it is found in AEP, then
 * the OAuth table (Step 7 "OAuth 2.0 Credentials Details") and a checklist. When the secret is
 * included the FIRST line says so.
 */
export function renderHandoffMarkdown(h: HandoffJson, sourceFile: string): string {
  const p = h.profile;
  const key = (k: string) => `${sourceFile} → environments.${h.environment}.${k}`;
  const oauth = p.authMethod === 'oauth';
  const lines: string[] = [];
  if (h.secretIncluded) lines.push(SECRET_WARNING_LINE, '');
  lines.push(
    `# MoEngage Streams → Adobe Experience Platform: integration details (${h.environment})`,
    '',
    `Everything MoEngage needs to enable Streams for this workspace (seed Step 7). Checked by moe-aep before export; the test payload passed AEP sync validation at ${h.verification.verifiedAt}.`,
    '',
    ...(/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(p.endpoint ?? '')
      ? ['> **Note: the endpoint is the local AEP emulator. MoEngage cannot reach it — export again with your real https://dcs.adobedc.net endpoint before sending this bundle.**', '']
      : []),
    '## Information to share with MoEngage',
    '',
    '| Item | Value | Where the value came from | Where to find it in AEP |',
    '|---|---|---|---|',
    `| Streaming Endpoint URL | ${code(p.endpoint)} (inlet ${code(h.inletId)}) | ${cell(key('endpoint'))} | Sources → HTTP API → Dataflow details |`,
    `| Schema JSON | ${code(h.files.schema)} in this bundle; $id ${code(p.schemaId)} | workspace file ${code(p.schemaFile)}; ${cell(key('schemaId'))} | Schema Editor → Copy schema structure |`,
    `| Primary Identity Namespace Symbol | ${code(p.primaryIdentity)} | ${cell(key('primaryIdentity'))}; primary: true in the mapping | Identities → Browse → Identity symbol column |`,
    `| Secondary Identity Namespace Symbols | ${cell((p.secondaryIdentities ?? []).map((s) => `\`${s}\``))} | ${cell(key('secondaryIdentities'))} | Identities → Browse |`,
    `| MoEngage User ID Namespace | ${code(p.moengageUserIdNamespace)} | ${cell(key('moengageUserIdNamespace'))} | Identities → Browse |`,
    `| User Attribute Mapping for Primary ID | ${code(p.primaryIdentityAttribute)} | ${cell(key('primaryIdentityAttribute'))} | Your MoEngage user profile configuration |`,
    `| Verified Test Payload | ${code(h.files.verifiedPayload)}; AEP response ${code(h.files.aepResponse)}${h.verification.xactionId ? ` (xactionId ${code(h.verification.xactionId)})` : ''} | workspace files ${code(p.verifiedPayloadFile)} and ${code(p.verifiedResponseFile)} | Your test from Step 6 |`,
    `| Authentication Method | ${oauth ? 'OAuth 2.0' : 'No Auth'} | ${cell(key('authMethod'))} | Step 4 configuration |`,
    `| OAuth 2.0 Credentials | ${oauth ? 'see the table below' : 'not used (No Auth)'} | ${oauth ? cell(key('clientId') + ' …') : '—'} | Adobe Developer Console → Your Project → Credentials |`,
    `| Tenant Namespace | ${code(p.tenant)} | ${cell(key('tenant'))} | Schema editor → Custom field paths |`,
    '',
    '## Further details',
    '',
    '| Item | Value | Where the value came from |',
    '|---|---|---|',
    `| Dataset ID | ${code(p.datasetId)} | ${cell(key('datasetId'))} |`,
    `| IMS Org ID | ${code(p.imsOrgId)} | ${cell(key('imsOrgId'))} |`,
    `| Sandbox | ${code(p.sandbox)} | ${cell(key('sandbox'))} |`,
    `| Inlet kind | ${code(p.inletKind)}${p.inletKind === 'raw' ? ' (not XDM compatible, mapped by Data Prep — seed Step 4.5)' : ''} | ${cell(key('inletKind'))} |`,
    `| Dataflow ID | ${code(p.flowId)} | ${cell(key('flowId'))} |`,
    `| Mapping | ${code(h.files.mappingCsv)} and ${code(h.files.mappingSetJson)} | workspace file ${code(p.mappingFile)} |`,
    '',
  );
  if (oauth) {
    lines.push(
      '## OAuth 2.0 credentials',
      '',
      '| OAuth Credential | Value | Where the value came from |',
      '|---|---|---|',
      `| Client ID | ${code(p.clientId)} | ${cell(key('clientId'))} |`,
      `| Client Secret | ${h.secretIncluded ? '**included in handoff.json → clientSecret**' : 'NOT included — send it to MoEngage through a secure channel'} | ${h.secretIncluded ? 'VS Code SecretStorage / MOE_AEP_CLIENT_SECRET (opted in at export)' : 'kept in VS Code SecretStorage / MOE_AEP_CLIENT_SECRET'} |`,
      `| Organization ID (IMS Org ID) | ${code(p.imsOrgId)} | ${cell(key('imsOrgId'))} |`,
      `| Technical Account ID | ${code(p.technicalAccountId)} | ${cell(key('technicalAccountId'))} |`,
      `| Scopes | ${code((p.scopes ?? []).join(', '))} | ${cell(key('scopes'))} |`,
      `| Token Endpoint | ${code(p.tokenEndpoint)} | ${cell(key('tokenEndpoint'))} |`,
      '',
    );
  }
  lines.push(
    '## Checklist',
    '',
    '- [x] Required details are filled in and well-formed (checked by moe-aep).',
    '- [x] The endpoint has the form https://dcs.adobedc.net/collection/{id} (or the local emulator).',
    '- [x] The mapping writes exactly the declared identity namespaces, and exactly one is primary (seed Step 5).',
    '- [x] The test payload passed sync validation; the AEP response is included (seed Step 6.2).',
    '- [ ] The test event appears in Datasets → Preview dataset and in Profiles → Browse (seed Step 6.3).',
    '- [ ] The schema and the dataset have the Profile toggle on (seed Steps 2.2 and 3).',
    ...(oauth && !h.secretIncluded ? ['- [ ] Send the OAuth client secret to MoEngage through a secure channel (it is not in this bundle).'] : []),
    '- [ ] Send this bundle to your MoEngage Customer Success Manager (seed Step 7 "Submit Integration Request").',
    '',
  );
  return lines.join('\n');
}
