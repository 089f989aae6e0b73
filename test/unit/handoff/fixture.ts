import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EnvironmentProfile, IntegrationFile } from '../../../src/core/handoff/profile';

export const INLET = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);
export const SCHEMA_ID = 'https://ns.adobe.com/acmemoe/schemas/4f0e1b2c3d4e5f60718293a4b5c6d7e8';

export const SCHEMA = {
  $id: SCHEMA_ID,
  title: 'MoEngage Events',
  'meta:tenantNamespace': '_acmemoe',
  type: 'object',
  properties: { _id: { type: 'string' }, timestamp: { type: 'string' }, _acmemoe: { type: 'object', properties: { eventName: { type: 'string' } } } },
};

export const MAPPING_ROWS: [string, string, string][] = [
  ['ATTRIBUTE', 'id', '_id'],
  ['ATTRIBUTE', 'event_name', '_acmemoe.eventName'],
  ['ATTRIBUTE', 'identities.externalId', 'identityMap.lumaCrmId[0].id'],
  ['STATIC', 'true', 'identityMap.lumaCrmId[0].primary'],
  ['ATTRIBUTE', 'identities.email', 'identityMap.Email[0].id'],
  ['STATIC', 'false', 'identityMap.Email[0].primary'],
  ['ATTRIBUTE', 'identities.phone', 'identityMap.Phone[0].id'],
  ['STATIC', 'false', 'identityMap.Phone[0].primary'],
  ['ATTRIBUTE', 'identities.moengageUserId', 'identityMap.moengageUserId[0].id'],
  ['STATIC', 'false', 'identityMap.moengageUserId[0].primary'],
];

export const csv = (rows: string[][]) => ['sourceType,source,destination', ...rows.map((r) => r.join(','))].join('\n') + '\n';

export const PAYLOAD = JSON.stringify({ id: 'test_event_001', event_name: 'Email Sent', event_code: 'MOE_EMAIL_SENT', identities: { externalId: 'customer_123' } }, null, 2) + '\n';
export const RESPONSE = { inletId: INLET, xactionId: '1731421250000:2153:240', receivedTimeMs: 1731421250000, syncValidation: { status: 'pass' } };

export function completeEnv(over: Partial<EnvironmentProfile> = {}): EnvironmentProfile {
  return {
    endpoint: `https://dcs.adobedc.net/collection/${INLET}`,
    inletKind: 'raw',
    datasetId: '690da33230e4cd0adff86e57',
    schemaId: SCHEMA_ID,
    schemaFile: 'schema/moengage-events.schema.json',
    tenant: '_acmemoe',
    imsOrgId: '1234567890ABCDEF@AdobeOrg',
    sandbox: 'prod',
    primaryIdentity: 'lumaCrmId',
    secondaryIdentities: ['Email', 'Phone'],
    moengageUserIdNamespace: 'moengageUserId',
    primaryIdentityAttribute: 'externalId',
    mappingFile: 'mapping/moengage-default.mapping.csv',
    verifiedPayloadFile: '.moe-aep/verified/p.json',
    verifiedResponseFile: '.moe-aep/verified/p.response.json',
    verifiedAt: '2024-11-12T14:20:50Z',
    authMethod: 'none',
    ...over,
  };
}

export function profileOf(env: EnvironmentProfile, name = 'dev'): IntegrationFile {
  return { activeEnvironment: name, environments: { [name]: env } };
}

/** A throwaway workspace holding every file a complete profile names; `files` overrides or removes (null) some. */
export function makeWorkspace(files: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-handoff-'));
  const all: Record<string, string | null> = {
    'schema/moengage-events.schema.json': JSON.stringify(SCHEMA, null, 2),
    'mapping/moengage-default.mapping.csv': csv(MAPPING_ROWS),
    '.moe-aep/verified/p.json': PAYLOAD,
    '.moe-aep/verified/p.response.json': JSON.stringify(RESPONSE, null, 2),
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    if (text === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
