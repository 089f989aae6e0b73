import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/index';
import { completeEnv, makeWorkspace, profileOf } from './fixture';

async function cli(args: string[], env: Record<string, string> = {}, cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd, signal: new AbortController().signal });
  return { code, stdout, stderr };
}

function oauthWorkspace(): string {
  const ws = makeWorkspace();
  const env = completeEnv({ authMethod: 'oauth', clientId: 'abc', technicalAccountId: 'A1@techacct.adobe.com', scopes: ['openid'], tokenEndpoint: 'https://ims-na1.adobelogin.com/ims/token/v3' });
  fs.writeFileSync(path.join(ws, 'moengage-aep.json'), JSON.stringify(profileOf(env), null, 2));
  return ws;
}

test('moe-aep bundle writes the zip; the CLI bytes equal a second run (deterministic)', async () => {
  const ws = oauthWorkspace();
  const r = await cli(['bundle', '--workspace', ws, '--out', path.join(ws, 'a.zip')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*a\.zip/);
  await cli(['bundle', '--workspace', ws, '--out', path.join(ws, 'b.zip')]);
  assert.ok(fs.readFileSync(path.join(ws, 'a.zip')).equals(fs.readFileSync(path.join(ws, 'b.zip'))));
});

test('--include-secret without MOE_AEP_CLIENT_SECRET is a usage error (exit 2); with it the secret is inside', async () => {
  const ws = oauthWorkspace();
  const bad = await cli(['bundle', '--workspace', ws, '--include-secret']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /MOE_AEP_CLIENT_SECRET/);
  const out = path.join(ws, 's.zip');
  const ok = await cli(['bundle', '--workspace', ws, '--include-secret', '--out', out], { MOE_AEP_CLIENT_SECRET: 'shh-SECRET-42' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(!ok.stdout.includes('shh-SECRET-42') && !ok.stderr.includes('shh-SECRET-42'), 'the secret is never printed');
  assert.match(ok.stderr, /contains the OAuth client secret/);
  // Without the flag the env var alone never puts the secret in.
  const plain = path.join(ws, 'p.zip');
  await cli(['bundle', '--workspace', ws, '--out', plain], { MOE_AEP_CLIENT_SECRET: 'shh-SECRET-42' });
  assert.ok(!fs.readFileSync(plain).includes(Buffer.from('shh-SECRET-42')));
});

test('an incomplete profile exits 1 and lists what is missing, writing nothing', async () => {
  const ws = makeWorkspace();
  fs.writeFileSync(path.join(ws, 'moengage-aep.json'), JSON.stringify(profileOf({ authMethod: 'none', inletKind: 'raw' })));
  const r = await cli(['bundle', '--workspace', ws]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Streaming endpoint URL is missing/);
  assert.match(r.stderr, /Dataset ID is missing/);
  assert.ok(!fs.existsSync(path.join(ws, 'moengage-handoff-dev.zip')));
  const j = await cli(['bundle', '--workspace', ws, '--format', 'json']);
  assert.equal(j.code, 1);
  assert.ok(JSON.parse(j.stdout).problems.length >= 5);
});

test('a broken integration file is reported at file:line:col and exits 2; --help documents the options', async () => {
  const ws = makeWorkspace();
  fs.writeFileSync(path.join(ws, 'moengage-aep.json'), '{\n  "activeEnvironment": "dev",\n  "environments": { "dev": { "tenant": "acme" } }\n}\n');
  const r = await cli(['bundle', '--workspace', ws]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /moengage-aep\.json:3:\d+ error profile\.invalid .*must start with "_"/);
  const h = await cli(['bundle', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /--include-secret/);
  assert.equal((await cli(['bundle', '--workspace', path.join(ws, 'nope')])).code, 2);
});
