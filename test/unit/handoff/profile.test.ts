import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEndpoint, validateEnvironment, validateField, missingFields, validateIntegrationFile } from '../../../src/core/handoff/profile';
import { integrationFileJsonSchemaText } from '../../../src/core/handoff/jsonSchema';
import { locateInIntegrationFile, parseIntegrationFile, updateEnvironmentText } from '../../../src/core/handoff/integrationFile';
import { markVerified, responsePassed } from '../../../src/core/handoff/verified';
import { InputError } from '../../../src/core/diagnostics';
import { completeEnv, INLET, PAYLOAD, RESPONSE } from './fixture';

const root = path.resolve(__dirname, '../../..');

test('the committed schemas/moengage-aep.schema.json equals the one generated from the zod profile', () => {
  const committed = fs.readFileSync(path.join(root, 'schemas/moengage-aep.schema.json'), 'utf8');
  assert.equal(committed, integrationFileJsonSchemaText(), 'run node scripts/gen-profile-schema.mjs');
});

test('the example workspace profile is valid', () => {
  const r = parseIntegrationFile(fs.readFileSync(path.join(root, 'examples/moengage-aep.json'), 'utf8'));
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.file!.activeEnvironment, 'dev');
});

test('endpoint: the seed form and the loopback emulator are accepted, and the inlet ID is parsed from it', () => {
  const a = parseEndpoint(`https://dcs.adobedc.net/collection/${INLET}`);
  assert.ok(a.ok && a.parts.inletId === INLET && !a.parts.loopback);
  const b = parseEndpoint(`http://127.0.0.1:8787/collection/${INLET}`);
  assert.ok(b.ok && b.parts.loopback);
});

test('endpoint: wrong forms get a plain-words message saying what the endpoint must look like', () => {
  const cases: [string, RegExp][] = [
    ['not a url', /not a URL/],
    [`http://dcs.adobedc.net/collection/${INLET}`, /neither/],
    [`https://example.com/collection/${INLET}`, /neither/],
    [`https://dcs.adobedc.net/collection/${INLET}?syncValidation=true`, /remove "\?syncValidation=true"/],
    [`https://dcs.adobedc.net/collection/batch/${INLET}`, /single-message endpoint/],
    ['https://dcs.adobedc.net/collection/{UNIQUE_COLLECTION_ID}', /64 hex characters/],
  ];
  for (const [url, why] of cases) {
    const r = parseEndpoint(url);
    assert.ok(!r.ok, url);
    assert.match(r.message, /^Endpoint must look like https:\/\/dcs\.adobedc\.net\/collection\/\{id\}/, url);
    assert.match(r.message, why, url);
  }
});

test('field messages say what is wrong and what to do', () => {
  assert.match(validateField('imsOrgId', '1234567890ABCDEF')!, /must look like 1234567890ABCDEF@AdobeOrg/);
  assert.match(validateField('datasetId', 'MoEngage Event Data')!, /24 hex characters, e\.g\. 690da33230e4cd0adff86e57/);
  assert.match(validateField('tenant', 'yourorgname')!, /must start with "_"/);
  assert.match(validateField('schemaId', 'MoEngage Events')!, /https:\/\/ns\.adobe\.com\/\{TENANT\}\/schemas/);
  assert.match(validateField('technicalAccountId', 'ABC123')!, /@techacct\.adobe\.com/);
  assert.equal(validateField('imsOrgId', '1234567890ABCDEF@AdobeOrg'), undefined);
  assert.equal(validateField('datasetId', ''), undefined, 'an empty field is "missing", not "invalid"');
});

test('a secret in the profile is refused with advice to use SecretStorage / the env var', () => {
  const r = validateEnvironment({ ...completeEnv(), clientSecret: 'oops' });
  assert.ok(r.problems.length > 0);
  assert.match(r.problems.map((p) => p.message).join('\n'), /Set OAuth Client Secret|MOE_AEP_CLIENT_SECRET/);
});

test('the primary identity may not also be secondary (seed Step 5: only ONE primary)', () => {
  const r = validateEnvironment(completeEnv({ secondaryIdentities: ['Email', 'lumaCrmId'] }));
  assert.ok(r.problems.some((p) => p.field === 'secondaryIdentities' && /primary identity/.test(p.message)));
});

test('OAuth fields are required only for OAuth', () => {
  assert.deepEqual(missingFields(completeEnv()), []);
  const m = missingFields(completeEnv({ authMethod: 'oauth' })).map((p) => p.field);
  assert.deepEqual(m, ['clientId', 'technicalAccountId', 'scopes', 'tokenEndpoint']);
});

test('an unknown active environment is reported with the names that exist', () => {
  const r = validateIntegrationFile({ activeEnvironment: 'stage', environments: { dev: {}, prod: {} } });
  assert.match(r.problems[0].message, /"stage" is not defined.*dev, prod/);
});

test('integration file problems are located on the offending value (0-based positions)', () => {
  const text = '{\n  // comment\n  "activeEnvironment": "dev",\n  "environments": {\n    "dev": {\n      "datasetId": "nope"\n    }\n  }\n}\n';
  const r = parseIntegrationFile(text);
  assert.equal(r.file, undefined);
  assert.equal(r.diagnostics.length, 1);
  assert.deepEqual(r.diagnostics[0].range.start, { line: 5, character: 19 });
  assert.match(r.diagnostics[0].message, /Dataset ID must be 24 hex/);
  const bad = parseIntegrationFile('{ "activeEnvironment": ');
  assert.equal(bad.diagnostics[0].code, 'profile.json-syntax');
});

test('saving a field keeps the user\'s comments and creates a missing environment', () => {
  const text = '{\n  // our AEP dev sandbox\n  "activeEnvironment": "dev",\n  "environments": {\n    "dev": { "tenant": "_acme" }\n  }\n}\n';
  const out = updateEnvironmentText(text, 'prod', { datasetId: '690da33230e4cd0adff86e57' });
  assert.match(out, /\/\/ our AEP dev sandbox/);
  const parsed = parseIntegrationFile(out);
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.file!.environments.prod.datasetId, '690da33230e4cd0adff86e57');
  assert.equal(parsed.file!.environments.dev.tenant, '_acme');
  const removed = parseIntegrationFile(updateEnvironmentText(out, 'dev', { tenant: undefined })).file!;
  assert.equal(removed.environments.dev.tenant, undefined);
});

test('responsePassed accepts both documented keys and rejects skipped or failed validation', () => {
  assert.ok(responsePassed(RESPONSE).ok);
  assert.ok(responsePassed({ synchronousValidation: { status: 'pass' } }).ok);
  assert.ok(!responsePassed({ syncValidation: { skipped: true } }).ok);
  assert.ok(!responsePassed({ syncValidation: { status: 'fail' } }).ok);
  assert.ok(!responsePassed({ inletId: 'x' }).ok);
});

test('markVerified writes payload + response under .moe-aep/verified and records them in the integration file', async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-verified-'));
  fs.writeFileSync(path.join(ws, 'moengage-aep.json'), '{\n  // keep me\n  "activeEnvironment": "dev",\n  "environments": { "dev": {} }\n}\n');
  const r = await markVerified(ws, 'dev', PAYLOAD, RESPONSE);
  assert.match(r.payloadFile, /^\.moe-aep\/verified\/MOE_EMAIL_SENT-[0-9a-f]{8}\.json$/);
  assert.equal(fs.readFileSync(path.join(ws, r.payloadFile), 'utf8'), PAYLOAD);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(ws, r.responseFile), 'utf8')), RESPONSE);
  assert.equal(r.verifiedAt, '2024-11-12T14:20:50Z');
  const text = fs.readFileSync(path.join(ws, 'moengage-aep.json'), 'utf8');
  assert.match(text, /\/\/ keep me/);
  const env = parseIntegrationFile(text).file!.environments.dev;
  assert.equal(env.verifiedPayloadFile, r.payloadFile);
  assert.equal(env.verifiedResponseFile, r.responseFile);
  await assert.rejects(markVerified(ws, 'dev', PAYLOAD, { syncValidation: { skipped: true } }), InputError);
  await assert.rejects(markVerified(ws, 'dev', '[1,2]', RESPONSE), /single JSON object/);
});

test('cross-file problems are located on the field, or on the environment key when the field is missing', () => {
  const text = '{\n  "activeEnvironment": "dev",\n  "environments": {\n    "dev": {\n      "mappingFile": "m.csv"\n    }\n  }\n}\n';
  assert.deepEqual(locateInIntegrationFile(text, ['environments', 'dev', 'mappingFile']).start, { line: 4, character: 21 });
  assert.deepEqual(locateInIntegrationFile(text, ['environments', 'dev', 'primaryIdentity']).start, { line: 3, character: 4 });
});
