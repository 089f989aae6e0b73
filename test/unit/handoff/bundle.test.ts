import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHandoffBundle } from '../../../src/core/handoff/bundle';
import { handoffJsonSchema } from '../../../src/core/handoff/handoffJson';
import { SECRET_WARNING_LINE } from '../../../src/core/handoff/handoffMarkdown';
import { completeEnv, csv, makeWorkspace, MAPPING_ROWS, profileOf, RESPONSE } from './fixture';

function unzipList(zip: Buffer): { dir: string; names: string[]; read: (n: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-bundle-'));
  const file = path.join(dir, 'b.zip');
  fs.writeFileSync(file, zip);
  assert.match(execFileSync('unzip', ['-t', file], { encoding: 'utf8' }), /No errors detected/);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return { dir, names, read: (n) => execFileSync('unzip', ['-p', file, n], { encoding: 'utf8' }) };
}

test('a complete profile exports every seed Step 7 item, the schema, both mapping forms, payload and response', async () => {
  const ws = makeWorkspace();
  const r = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(completeEnv()) });
  assert.deepEqual(r.problems, []);
  assert.ok(r.zip);
  const z = unzipList(r.zip);
  assert.deepEqual(z.names, [
    'HANDOFF.md',
    'handoff.json',
    'schema/moengage-events.schema.json',
    'mapping/mapping.csv',
    'mapping/mapping-set.json',
    'test/verified-payload.json',
    'test/aep-response.json',
  ]);
  const md = z.read('HANDOFF.md');
  // seed Step 7 "Information to Share with MoEngage": every item appears as a table row.
  for (const item of [
    'Streaming Endpoint URL',
    'Schema JSON',
    'Primary Identity Namespace Symbol',
    'Secondary Identity Namespace Symbols',
    'MoEngage User ID Namespace',
    'User Attribute Mapping for Primary ID',
    'Verified Test Payload',
    'Authentication Method',
    'OAuth 2.0 Credentials',
    'Tenant Namespace',
  ]) {
    assert.match(md, new RegExp(`^\\| ${item.replace(/[.]/g, '\\.')} \\|`, 'm'), item);
  }
  assert.match(md, /moengage-aep\.json → environments\.dev\.endpoint/);
  assert.match(md, /## Checklist/);
  assert.ok(!md.startsWith('> **WARNING'));
  const h = handoffJsonSchema.parse(JSON.parse(z.read('handoff.json')));
  assert.equal(h.secretIncluded, false);
  assert.equal(h.profile.primaryIdentity, 'lumaCrmId');
  assert.equal(h.verification.xactionId, RESPONSE.xactionId);
  // Mapping in both interchange forms (aep-streaming-and-dataprep.md §5.4/§5.5).
  const set = JSON.parse(z.read('mapping/mapping-set.json'));
  assert.equal(set.mappings.length, MAPPING_ROWS.length);
  assert.equal(set.outputSchema.schemaRef.id, completeEnv().schemaId);
  assert.match(z.read('mapping/mapping.csv'), /identityMap\.lumaCrmId\[0\]\.primary/);
  assert.equal(JSON.parse(z.read('test/aep-response.json')).syncValidation.status, 'pass');
});

test('a JSON mapping set is converted to CSV for the bundle', async () => {
  const json = JSON.stringify({ mappings: MAPPING_ROWS.map(([sourceType, source, destination]) => ({ sourceType, source, destination })) });
  const ws = makeWorkspace({ 'mapping/m.mapping.json': json });
  const r = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(completeEnv({ mappingFile: 'mapping/m.mapping.json' })) });
  assert.deepEqual(r.problems, []);
  const z = unzipList(r.zip!);
  assert.match(z.read('mapping/mapping.csv'), /^sourceType,source,destination\n/);
});

test('the same inputs give byte-identical bundles (CLI and panel agree)', async () => {
  const ws = makeWorkspace();
  const a = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(completeEnv()) });
  const b = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(completeEnv()) });
  assert.ok(a.zip && b.zip && a.zip.equals(b.zip));
  // Entry times come from the verification date, not the clock, so a later export is identical too.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-bundle-'));
  fs.writeFileSync(path.join(dir, 'a.zip'), a.zip);
  const listing = execFileSync('unzip', ['-l', path.join(dir, 'a.zip')], { encoding: 'utf8' });
  assert.equal(listing.match(/2024-11-12 14:20|11-12-2024 14:20/g)?.length, a.files.length);
});

test('the client secret is absent unless opted in; opted in, HANDOFF.md says so on its first line', async () => {
  const secret = 'p8e-SECRET-value-123';
  const ws = makeWorkspace();
  const env = completeEnv({ authMethod: 'oauth', clientId: 'abc123', technicalAccountId: 'ABC123@techacct.adobe.com', scopes: ['openid', 'AdobeID'], tokenEndpoint: 'https://ims-na1.adobelogin.com/ims/token/v3' });
  const without = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(env) });
  assert.deepEqual(without.problems, []);
  assert.ok(!without.zip!.includes(Buffer.from(secret)));
  assert.ok(without.files.every((f) => !f.bytes.includes(Buffer.from(secret))));
  const plainMd = unzipList(without.zip!).read('HANDOFF.md');
  assert.match(plainMd, /NOT included/);
  // seed Step 7 "OAuth 2.0 Credentials Details": every credential row is present.
  for (const row of ['Client ID', 'Client Secret', 'Organization ID (IMS Org ID)', 'Technical Account ID', 'Scopes', 'Token Endpoint']) {
    assert.match(plainMd, new RegExp(`^\\| ${row.replace(/[()]/g, '\\$&')} \\|`, 'm'), row);
  }
  assert.match(plainMd, /- \[ \] Send the OAuth client secret to MoEngage through a secure channel/);

  const withSecret = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(env), includeSecret: { secret } });
  assert.deepEqual(withSecret.problems, []);
  const z = unzipList(withSecret.zip!);
  assert.equal(z.read('HANDOFF.md').split('\n')[0], SECRET_WARNING_LINE);
  assert.equal(JSON.parse(z.read('handoff.json')).clientSecret, secret);
});

test('export is refused with a list naming every missing required field', async () => {
  const ws = makeWorkspace();
  const r = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf({ authMethod: 'oauth', inletKind: 'raw' }) });
  assert.equal(r.zip, undefined);
  const missing = r.problems.filter((p) => p.code === 'handoff.missing-field').map((p) => p.field);
  for (const f of ['endpoint', 'datasetId', 'schemaId', 'schemaFile', 'tenant', 'imsOrgId', 'primaryIdentity', 'primaryIdentityAttribute', 'mappingFile', 'verifiedPayloadFile', 'clientId', 'technicalAccountId', 'scopes', 'tokenEndpoint']) {
    assert.ok(missing.includes(f as never), `expected ${f} in ${missing.join(',')}`);
  }
  // Listed in seed-step order so the user can work top to bottom.
  const steps = r.problems.map((p) => p.step);
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
});

test('refused when the mapping has two primaries, misses a declared namespace, or writes an undeclared one', async () => {
  const rows = MAPPING_ROWS.map((r) => [...r]);
  rows[5][1] = 'true'; // Email primary too
  rows.push(['ATTRIBUTE', 'identities.ecid', 'identityMap.ECID[0].id']);
  const noPhone = rows.filter((r) => !r[2].startsWith('identityMap.Phone'));
  const ws = makeWorkspace({ 'mapping/moengage-default.mapping.csv': csv(noPhone) });
  const r = await buildHandoffBundle({ workspaceDir: ws, profile: profileOf(completeEnv()) });
  assert.equal(r.zip, undefined);
  const codes = r.problems.map((p) => p.code);
  assert.ok(codes.includes('handoff.many-primaries'), codes.join());
  assert.ok(codes.includes('handoff.identity-not-mapped'));
  assert.ok(codes.includes('handoff.identity-not-declared'));
  assert.match(r.problems.find((p) => p.code === 'handoff.identity-not-mapped')!.message, /"Phone"/);
  assert.match(r.problems.find((p) => p.code === 'handoff.identity-not-declared')!.message, /ECID/);
});

test('refused when no identity is primary or the primary is not the declared one', async () => {
  const none = MAPPING_ROWS.map((r) => (r[2] === 'identityMap.lumaCrmId[0].primary' ? [r[0], 'false', r[2]] : [...r]));
  let r = await buildHandoffBundle({ workspaceDir: makeWorkspace({ 'mapping/moengage-default.mapping.csv': csv(none) }), profile: profileOf(completeEnv()) });
  assert.ok(r.problems.some((p) => p.code === 'handoff.no-primary'));
  const other = none.map((x) => (x[2] === 'identityMap.Email[0].primary' ? [x[0], 'true', x[2]] : x));
  r = await buildHandoffBundle({ workspaceDir: makeWorkspace({ 'mapping/moengage-default.mapping.csv': csv(other) }), profile: profileOf(completeEnv()) });
  assert.ok(r.problems.some((p) => p.code === 'handoff.primary-mismatch'));
});

test('refused when the verified payload is missing or its response did not pass (both syncValidation spellings)', async () => {
  let r = await buildHandoffBundle({ workspaceDir: makeWorkspace({ '.moe-aep/verified/p.json': null }), profile: profileOf(completeEnv()) });
  assert.ok(r.problems.some((p) => p.code === 'handoff.payload-file' && /does not exist/.test(p.message)));
  const skipped = { ...RESPONSE, syncValidation: { skipped: true } };
  r = await buildHandoffBundle({ workspaceDir: makeWorkspace({ '.moe-aep/verified/p.response.json': JSON.stringify(skipped) }), profile: profileOf(completeEnv()) });
  assert.ok(r.problems.some((p) => p.code === 'handoff.response-not-pass' && /skipped/.test(p.message)));
  // The seed's Step 6.2 spelling `synchronousValidation` counts as a pass too (moengage-streams.md §5.1).
  const seedForm = { inletId: RESPONSE.inletId, xactionId: 'x', receivedTimeMs: 1, synchronousValidation: { status: 'pass' } };
  r = await buildHandoffBundle({ workspaceDir: makeWorkspace({ '.moe-aep/verified/p.response.json': JSON.stringify(seedForm) }), profile: profileOf(completeEnv()) });
  assert.deepEqual(r.problems, []);
});

test('refused when the schema file disagrees with the schema ID or tenant, or the endpoint is malformed', async () => {
  const ws = makeWorkspace();
  const r = await buildHandoffBundle({
    workspaceDir: ws,
    profile: profileOf(completeEnv({ schemaId: 'https://ns.adobe.com/other/schemas/abc', tenant: '_other', endpoint: 'https://dcs.adobedc.net/collection/batch/xyz' })),
  });
  const codes = r.problems.map((p) => p.code);
  assert.ok(codes.includes('handoff.schema-id-mismatch'));
  assert.ok(codes.includes('handoff.tenant-not-in-schema'));
  const ep = r.problems.find((p) => p.field === 'endpoint');
  assert.match(ep!.message, /Endpoint must look like https:\/\/dcs\.adobedc\.net\/collection\/\{id\}/);
});

test('including a secret for a profile without OAuth is refused rather than silently dropped', async () => {
  const r = await buildHandoffBundle({ workspaceDir: makeWorkspace(), profile: profileOf(completeEnv()), includeSecret: { secret: 's' } });
  assert.equal(r.zip, undefined);
  assert.ok(r.problems.some((p) => p.code === 'handoff.secret-without-oauth'));
});

test('the example workspace (examples/) is complete for "dev": its bundle exports', async () => {
  const root = path.resolve(__dirname, '../../..', 'examples');
  const profile = JSON.parse(fs.readFileSync(path.join(root, 'moengage-aep.json'), 'utf8'));
  const r = await buildHandoffBundle({ workspaceDir: root, profile, environment: 'dev' });
  assert.deepEqual(r.problems, []);
  const md = unzipList(r.zip!).read('HANDOFF.md');
  assert.match(md, /local AEP emulator/, 'a loopback endpoint is flagged for the user');
});
