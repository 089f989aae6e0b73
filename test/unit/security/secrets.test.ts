/**
 * A known client secret and known access tokens are planted (emulator `auth` with fixed
 * credentials and a token factory), every core/CLI feature is run — including errors, retries,
 * token refresh, a server that echoes credentials back, trace-level exchange records, the results
 * journal, the handoff bundle without opt-in and `--format json` — and every output and file is
 * searched for them. Zero hits is the only pass. aep-streaming-and-dataprep.md §4: the secret and the
 * 24 h token are keys to the org.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { startEmulator, type ScriptedFault } from '../../../src/emulator';
import { createAepClient, type MessageOutcome } from '../../../src/core/aep';
import { Journal, messageRecordOf, exchangeRecordOf } from '../../../src/core/results';
import { runCli, cliHas, cliPath } from '../reliability/cliBundle';
import { writePayload } from '../reliability/crashResume';
import { completeEnv, makeWorkspace, profileOf } from '../handoff/fixture';
import { PLANTED_SECRET, plantedTokenFactory, TOKEN_CORE, findLeaks, formatLeaks, type Leak } from './plant';

/** Ordinary failures: a refused token, throttling, a dropped connection, a server error, a bad message. */
function plainFaults(): ScriptedFault[] {
  return [{ status: 401 }, { status: 429, retryAfter: '0' }, { reset: true }, { status: 500 }, { status: 400 }, { status: 503, retryAfter: '0' }];
}

/** A proxy or server that echoes credentials back: a careless client copies them into messages and logs. */
function echoingFaults(): ScriptedFault[] {
  return [
    { status: 401, body: { type: 'https://ns.adobe.com/aep/errors/EXEG-0503-401', status: '401', title: 'Unauthorized', report: { message: `token Bearer eyJhbGciOi.1x${TOKEN_CORE}x1.sig is not valid` } } },
    { status: 429, retryAfter: '0' },
    { reset: true },
    { status: 500, body: `<html><body><h1>502 Proxy Error</h1><pre>Authorization: Bearer eyJhbGciOi.1x${TOKEN_CORE}x1.sig\nclient_secret=${PLANTED_SECRET}</pre></body></html>` },
    { status: 400, body: { title: 'Bad Request', report: { message: `echo: client_secret=${PLANTED_SECRET} access_token=eyJhbGciOi.2x${TOKEN_CORE}x2.sig` } } },
    { status: 503, retryAfter: '0', body: { message: `upstream saw ${encodeURIComponent(PLANTED_SECRET)}` } },
  ];
}

async function coreRun(faults: () => ScriptedFault[]): Promise<Leak[]> {
  const emu = await startEmulator({ kind: 'xdm', auth: true, clientSecret: PLANTED_SECRET, tokenFactory: plantedTokenFactory(), tokenTtlSeconds: 1, seed: 3, chaos: 0.2, chaosFaults: ['429', '500', 'reset'], retryAfterSeconds: 0 });
  const texts: Array<[string, string]> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-secrets-'));
  const journal = new Journal(path.join(dir, 'results.ndjson'), { secrets: () => [PLANTED_SECRET] });
  const client = createAepClient(
    { endpoint: emu.url, inletKind: 'xdm', schemaRef: 'https://ns.adobe.com/acme/schemas/1', imsOrgId: emu.imsOrgId, datasetId: '5f0000000000000000000001', auth: { tokenEndpoint: emu.tokenEndpoint, clientId: emu.clientId, clientSecret: PLANTED_SECRET, scopes: 'openid,AdobeID' } },
    {
      baseDelayMs: 1,
      maxRetryAfterMs: 5,
      maxAttempts: 6,
      tokenRefreshSkewMs: 0,
      maxRecordedBodyChars: 1_000_000,
      onRetry: (r) => texts.push(['retry info', JSON.stringify(r)]),
      onExchange: (x) => {
        texts.push(['exchange record', JSON.stringify(x)]);
        void journal.append(exchangeRecordOf('run-1', x));
      },
    },
  );
  try {
    const outcomes: MessageOutcome[] = [];
    const body = (i: number) => client.buildXdmEnvelope({ _id: `s-${i}`, timestamp: '2026-01-01T00:00:00Z' });
    emu.injectFaults(faults());
    for (let i = 0; i < 6; i++) outcomes.push(await client.sendSingle(body(i), { index: i }));
    emu.injectFaults(faults());
    outcomes.push(...(await client.sendBatch(Array.from({ length: 20 }, (_, i) => body(100 + i)), { indexes: Array.from({ length: 20 }, (_, i) => 100 + i) })));
    await new Promise((r) => setTimeout(r, 1100)); // the 1 s token expires: the next send fetches a new one
    outcomes.push(await client.sendSingle(body(200), { index: 200, syncValidation: true }));
    for (const o of outcomes) {
      texts.push(['outcome', JSON.stringify(o)]);
      const rec = messageRecordOf('run-1', o, { key: `k${o.index}` });
      if (rec) await journal.append(rec);
    }
    await journal.close();
    texts.push(['results journal file', fs.readFileSync(path.join(dir, 'results.ndjson'), 'utf8')]);
    const st = emu.stats();
    console.log(`secrets/core: ${outcomes.length} outcomes, ${texts.length} texts, ${st.tokensIssued} tokens issued, ${Object.values(st.faults).reduce((a, b) => a + b, 0)} faults, ${fs.statSync(path.join(dir, 'results.ndjson')).size} journal bytes`);
    assert.ok(st.tokensIssued >= 2, 'the token was refreshed at least once (expiry / 401)');
    assert.ok(outcomes.some((o) => o.status === 'failed') && outcomes.some((o) => o.status === 'accepted'), 'both failures and successes were exercised');
    return texts.flatMap(([where, t]) => findLeaks(where, t));
  } finally {
    await client.close();
    await emu.close();
  }
}

test('core: AEP client outcomes, retry reasons, trace-level exchange records and the results journal never hold the secret or a token', async () => {
  const leaks = await coreRun(plainFaults);
  assert.equal(leaks.length, 0, formatLeaks(leaks));
});

const ECHO_TODO =
  'bug: src/core/aep/client.ts puts describeError(status, body) text into MessageOutcome.message unredacted, although its Redactor knows the client secret and the token: a proxy/IMS error page that echoes "Authorization: Bearer …" or "client_secret=…" lands in outcomes, `moe-aep send` stdout (human and --format json) and the results journal (which scrubs only the secrets it is handed). Expected: redact outcome messages/errors with the same Redactor as exchange records';

test('core: credentials echoed back by a server or proxy do not reach outcomes or the journal', async () => {
  const leaks = await coreRun(echoingFaults);
  assert.equal(leaks.length, 0, formatLeaks(leaks));
});

function grepTree(dir: string): Leak[] {
  const out: Leak[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    out.push(...findLeaks(p, fs.readFileSync(p, 'latin1')));
    if (p.endsWith('.zip')) {
      // Entries may be deflated: search what unzip extracts, not only the raw bytes.
      out.push(...findLeaks(`${p} (extracted)`, execFileSync('unzip', ['-p', p], { maxBuffer: 64 << 20 }).toString('latin1')));
    }
  }
  return out;
}

async function cliSendRun(faults: () => ScriptedFault[], variants: string[][]): Promise<Leak[]> {
  const emu = await startEmulator({ kind: 'raw', auth: true, clientSecret: PLANTED_SECRET, tokenFactory: plantedTokenFactory(), tokenTtlSeconds: 1, chaos: 0.15, chaosFaults: ['429', '503', 'reset'], seed: 5, retryAfterSeconds: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-secrets-cli-'));
  const payload = path.join(dir, 'p.moe.ndjson');
  writePayload(payload, 12);
  const env = { MOE_AEP_CLIENT_ID: emu.clientId, MOE_AEP_CLIENT_SECRET: PLANTED_SECRET, MOE_AEP_TOKEN_ENDPOINT: emu.tokenEndpoint, MOE_AEP_IMS_ORG: emu.imsOrgId, MOE_AEP_DEBUG: '1' };
  const base = ['send', '--endpoint', emu.url, '--mode', 'raw', '--flow-id', 'f', '--max-attempts', '3', '--journal', path.join(dir, 'send.journal.ndjson')];
  const outputs: Leak[] = [];
  try {
    for (const extra of variants) {
      emu.injectFaults(faults());
      const r = await runCli([...base, ...extra, payload], { env, cwd: dir });
      outputs.push(...findLeaks(`send ${extra.join(' ')} stdout`, r.stdout), ...findLeaks(`send ${extra.join(' ')} stderr`, r.stderr));
    }
    // A wrong secret: IMS refuses (§4 401 invalid_client); the error must not quote what was sent.
    const bad = await runCli([...base, '--format', 'json', payload], { env: { ...env, MOE_AEP_CLIENT_SECRET: `${PLANTED_SECRET}-wrong` }, cwd: dir });
    assert.notEqual(bad.code, 0, 'a refused secret fails the send');
    outputs.push(...findLeaks('send with a wrong secret (stdout)', bad.stdout), ...findLeaks('send with a wrong secret (stderr)', bad.stderr));
    outputs.push(...grepTree(dir));
    console.log(`secrets/cli-send: ${emu.stats().tokensIssued} tokens issued, ${emu.stats().requests} requests, ${fs.statSync(path.join(dir, 'send.journal.ndjson')).size} journal bytes`);
    return outputs;
  } finally {
    await emu.close();
  }
}

test('CLI: send (single, batch, sync, errors, retries, token refresh, --format json and human, MOE_AEP_DEBUG, --journal) prints and writes no secret', async (t) => {
  if (!(await cliHas('send', '--journal'))) return t.skip('moe-aep send is not in this build');
  const leaks = await cliSendRun(plainFaults, [['--sync-validation', '--format', 'json'], ['--batch']]);
  assert.equal(leaks.length, 0, formatLeaks(leaks));
});

// The same bug end to end through the CLI; CI shows it through the core test above (time budget).
test('CLI: send output stays clean when the server echoes credentials back', async (t) => {
  if (process.env.MOE_SECURITY_FULL !== '1') return t.skip('set MOE_SECURITY_FULL=1 (npm run fuzz does) to run it through the CLI');
  if (!(await cliHas('send', '--journal'))) return t.skip('moe-aep send is not in this build');
  const leaks = await cliSendRun(echoingFaults, [['--format', 'json', '--batch']]);
  assert.equal(leaks.length, 0, formatLeaks(leaks));
});

test('CLI: `moe-aep emulator --auth --client-secret S --verbose` never prints S or the tokens it issues', async () => {
  const cli = await cliPath();
  const child = spawn(process.execPath, [cli, 'emulator', '--auth', '--client-secret', PLANTED_SECRET, '--verbose', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line: ${out}`)), 15_000);
      const check = () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
    });
    const base = new URL(url).origin;
    const tokRes = await fetch(`${base}/ims/token/v3`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: PLANTED_SECRET, scope: 'openid' }) });
    const token = ((await tokRes.json()) as { access_token: string }).access_token;
    assert.ok(token, 'the emulator issued a token for the planted secret');
    await fetch(`${base}/ims/token/v3`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: `${PLANTED_SECRET}x`, scope: 'openid' }) });
    await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await fetch(`${url}?token=${token}`, { method: 'POST', headers: { authorization: `Bearer ${token}x` }, body: '{' });
    await new Promise((r) => setTimeout(r, 100));
    const leaks = [...findLeaks('emulator output', out), ...(out.includes(token) ? [{ where: 'emulator output', what: 'issued token', context: token }] : [])];
    assert.equal(leaks.length, 0, formatLeaks(leaks));
  } finally {
    child.kill('SIGTERM');
  }
});

test('CLI: `moe-aep bundle` without --include-secret leaves the secret out of the zip and the output, even with MOE_AEP_CLIENT_SECRET set', async () => {
  const ws = makeWorkspace();
  const env = completeEnv({ authMethod: 'oauth', clientId: 'abc', technicalAccountId: 'A1@techacct.adobe.com', scopes: ['openid'], tokenEndpoint: 'https://ims-na1.adobelogin.com/ims/token/v3' });
  fs.writeFileSync(path.join(ws, 'moengage-aep.json'), JSON.stringify(profileOf(env), null, 2));
  const leaks: Leak[] = [];
  for (const format of ['human', 'json']) {
    const r = await runCli(['bundle', '--workspace', ws, '--out', path.join(ws, `h-${format}.zip`), '--format', format], { env: { MOE_AEP_CLIENT_SECRET: PLANTED_SECRET } });
    assert.equal(r.code, 0, r.stderr);
    leaks.push(...findLeaks(`bundle ${format} stdout`, r.stdout), ...findLeaks(`bundle ${format} stderr`, r.stderr));
  }
  leaks.push(...grepTree(ws));
  assert.equal(leaks.length, 0, formatLeaks(leaks));
  // Control: the grep does find the secret when the user opts in, so zero hits above means something.
  const optIn = await runCli(['bundle', '--workspace', ws, '--out', path.join(os.tmpdir(), `moe-optin-${process.pid}.zip`), '--include-secret'], { env: { MOE_AEP_CLIENT_SECRET: PLANTED_SECRET } });
  assert.equal(optIn.code, 0, optIn.stderr);
  assert.ok(findLeaks('opt-in zip', execFileSync('unzip', ['-p', path.join(os.tmpdir(), `moe-optin-${process.pid}.zip`)]).toString('latin1')).length > 0, 'control: the opt-in bundle does contain the secret');
  fs.rmSync(path.join(os.tmpdir(), `moe-optin-${process.pid}.zip`), { force: true });
});
