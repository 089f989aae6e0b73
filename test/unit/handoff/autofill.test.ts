import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autofill } from '../../../src/core/handoff/autofill';
import { testConnection } from '../../../src/core/handoff/testConnection';
import { startEmulator } from '../../../src/emulator';
import { completeEnv, INLET, makeWorkspace, RESPONSE, SCHEMA_ID } from './fixture';

test('autofill schema: $id and tenant come from the downloaded schema JSON (seed Step 2.5)', async () => {
  const ws = makeWorkspace();
  const r = await autofill('schema', ws, {});
  assert.ok(r.ok, r.message);
  assert.deepEqual(r.patch, { schemaId: SCHEMA_ID, tenant: '_acmemoe', schemaFile: 'schema/moengage-events.schema.json' });
});

test('autofill identities: primary, secondary, MoEngage namespace and the attribute holding the primary ID', async () => {
  const ws = makeWorkspace();
  const r = await autofill('identities', ws, { mappingFile: 'mapping/moengage-default.mapping.csv' });
  assert.ok(r.ok, r.message);
  assert.equal(r.patch.primaryIdentity, 'lumaCrmId');
  assert.deepEqual(r.patch.secondaryIdentities, ['Email', 'Phone']);
  assert.equal(r.patch.moengageUserIdNamespace, 'moengageUserId');
  assert.equal(r.patch.primaryIdentityAttribute, 'externalId');
});

test('autofill endpoint: a pasted Postman URL is cleaned to the endpoint form and the inlet ID reported', async () => {
  const r = await autofill('endpoint', makeWorkspace(), { endpoint: `https://dcs.adobedc.net/collection/${INLET}?syncValidation=true` });
  assert.ok(r.ok, r.message);
  assert.equal(r.patch.endpoint, `https://dcs.adobedc.net/collection/${INLET}`);
  assert.match(r.message, new RegExp(INLET));
  const bad = await autofill('endpoint', makeWorkspace(), { endpoint: 'https://example.com/x' });
  assert.equal(bad.ok, false);
  assert.match(bad.message, /Endpoint must look like/);
});

test('autofill verified payload: the newest passing pair in .moe-aep/verified, never a skipped one', async () => {
  const ws = makeWorkspace({
    '.moe-aep/verified/old.json': '{}',
    '.moe-aep/verified/old.response.json': JSON.stringify({ ...RESPONSE, receivedTimeMs: 1000 }),
    '.moe-aep/verified/skip.json': '{}',
    '.moe-aep/verified/skip.response.json': JSON.stringify({ ...RESPONSE, receivedTimeMs: 9e12, syncValidation: { skipped: true } }),
  });
  const r = await autofill('verifiedPayload', ws, {});
  assert.ok(r.ok, r.message);
  assert.equal(r.patch.verifiedPayloadFile, '.moe-aep/verified/p.json');
  assert.equal(r.patch.verifiedAt, '2024-11-12T14:20:50Z');
});

test('test connection without auth sends the verified payload with sync validation to the emulator', async () => {
  const emu = await startEmulator({ kind: 'raw', inletId: INLET, requireFlowId: false });
  try {
    const ws = makeWorkspace();
    const ok = await testConnection({ env: completeEnv({ endpoint: emu.url }), workspaceDir: ws });
    assert.equal(ok.ok, true, ok.message);
    assert.equal(emu.entries().length, 1, 'the payload reached the inlet once (no retries)');
  } finally {
    await emu.close();
  }
});

test('test connection with OAuth asks IMS for a token; a wrong secret is reported and never echoed', async () => {
  const emu = await startEmulator({ kind: 'raw', inletId: INLET, auth: true, requireFlowId: false });
  try {
    const env = completeEnv({ endpoint: emu.url, authMethod: 'oauth', clientId: emu.clientId, scopes: ['openid'], tokenEndpoint: emu.tokenEndpoint, technicalAccountId: 'A@techacct.adobe.com' });
    const good = await testConnection({ env, workspaceDir: makeWorkspace(), secret: emu.clientSecret });
    assert.equal(good.ok, true, good.message);
    assert.equal(emu.stats().tokensIssued, 1);
    assert.equal(emu.entries().length, 0, 'an OAuth test does not ingest data');
    const wrong = 'definitely-WRONG-secret';
    const bad = await testConnection({ env, workspaceDir: makeWorkspace(), secret: wrong });
    assert.equal(bad.ok, false);
    assert.ok(!bad.message.includes(wrong));
    const none = await testConnection({ env, workspaceDir: makeWorkspace() });
    assert.match(none.message, /Set OAuth Client Secret/);
  } finally {
    await emu.close();
  }
});
