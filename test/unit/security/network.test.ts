/**
 * Network safety of the AEP client (src/core/aep): plain http only to loopback, the IMS bearer token
 * (and the client secret) only to Adobe hosts, loopback or hosts the user allowed, no redirects
 * followed, and nothing over 1 MB ever put on the wire (aep-streaming-and-dataprep.md §3: 413 above
 * 1 MB; §4: the token is a 24 h key to the org). "Refused" is proven by a listening server that
 * saw no request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { startEmulator } from '../../../src/emulator';
import { createAepClient, AepRefusal, isAdobeHost, isLoopbackHost, type SendTarget } from '../../../src/core/aep';
import { runCli, cliHas } from '../reliability/cliBundle';

const INLET = '0123456789abcdef'.repeat(4);
const auth = (tokenEndpoint = 'https://ims-na1.adobelogin.com/ims/token/v3') => ({ tokenEndpoint, clientId: 'c', clientSecret: 's3cr3t', scopes: 'openid' });

/** A loopback server that records every request it gets (the "did anything leave?" witness). */
async function witness(handler?: http.RequestListener): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    if (handler) return handler(req, res);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

function refusal(f: () => unknown): string | undefined {
  try {
    const c = f() as { close?: () => Promise<void> };
    void c?.close?.();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof AepRefusal, `expected AepRefusal, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    return e.code;
  }
}

test('http:// endpoints and IMS token endpoints are refused unless loopback, before any connection (even through a proxy)', async () => {
  const proxy = await witness();
  try {
    for (const endpoint of [`http://dcs.adobedc.net/collection/${INLET}`, `http://10.0.0.1/collection/${INLET}`, `http://127.0.0.1.nip.io/collection/${INLET}`, `http://localhost.evil.com/collection/${INLET}`]) {
      assert.equal(refusal(() => createAepClient({ endpoint, inletKind: 'raw' }, { proxyUrl: proxy.url })), 'aep.insecure-url', endpoint);
    }
    assert.equal(refusal(() => createAepClient({ endpoint: `https://dcs.adobedc.net/collection/${INLET}`, inletKind: 'raw', auth: auth('http://ims-na1.adobelogin.com/ims/token/v3') }, { proxyUrl: proxy.url })), 'aep.insecure-url', 'IMS over http');
    assert.deepEqual(proxy.hits, [], 'nothing reached the network');
  } finally {
    await proxy.close();
  }
});

// Host-confusion forms an attacker-controlled integration file could use (URL parsing, not string matching, decides).
const HOSTILE_HOSTS = [
  'https://dcs.adobedc.net.evil.com/collection/x',
  'https://evil-adobedc.net/collection/x',
  'https://evil.com/.adobedc.net/collection/x',
  'https://evil.com?h=dcs.adobedc.net',
  'https://evil.com#.adobe.io',
  'https://evil.com\\@dcs.adobedc.net/collection/x',
  'https://dcs.adobedc.net%2eevil.com/collection/x',
  'https://adobedc.net.evil.com./collection/x',
  'https://xn--adobedc-net.evil.com/collection/x',
  'https://ims-na1.adobelogin.com.attacker.io/ims/token/v3',
];

test('the bearer token and the client secret go only to Adobe hosts or loopback; look-alike hosts are refused (§4)', () => {
  for (const u of HOSTILE_HOSTS) {
    const endpoint = u.replace(/\/ims\/token\/v3$/, `/collection/${INLET}`).replace('/collection/x', `/collection/${INLET}`);
    const code = refusal(() => createAepClient({ endpoint, inletKind: 'raw', auth: auth() }));
    assert.ok(code === 'aep.bearer-host' || code === 'aep.bad-endpoint', `${endpoint} → ${code ?? 'accepted'}`);
    const ims = refusal(() => createAepClient({ endpoint: `https://dcs.adobedc.net/collection/${INLET}`, inletKind: 'raw', auth: auth(u) }));
    assert.ok(ims === 'aep.bearer-host' || ims === 'aep.bad-endpoint', `IMS ${u} → ${ims ?? 'accepted'}`);
  }
  // Credentials in the URL are refused outright: they would be sent as Basic auth.
  assert.equal(refusal(() => createAepClient({ endpoint: `https://user:pw@dcs.adobedc.net/collection/${INLET}`, inletKind: 'raw' })), 'aep.bad-endpoint');
  // The documented hosts and loopback are fine; an unauthenticated inlet anywhere over https is fine.
  for (const endpoint of [`https://dcs.adobedc.net/collection/${INLET}`, `https://dcs-va6.adobedc.net/collection/${INLET}`, `http://127.0.0.1:9/collection/${INLET}`, `http://[::1]:9/collection/${INLET}`]) {
    assert.equal(refusal(() => createAepClient({ endpoint, inletKind: 'raw', auth: auth() })), undefined, endpoint);
  }
  assert.equal(refusal(() => createAepClient({ endpoint: `https://collector.example.com/collection/${INLET}`, inletKind: 'raw' })), undefined, 'no token, no host rule');
  // moeAep.allowBearerToHosts: exact host names only, no suffix match.
  const allowed = { endpoint: `https://collector.example.com/collection/${INLET}`, inletKind: 'raw' as const, auth: auth() };
  assert.equal(refusal(() => createAepClient(allowed, { allowBearerToHosts: ['collector.example.com'] })), undefined);
  assert.equal(refusal(() => createAepClient(allowed, { allowBearerToHosts: ['example.com'] })), 'aep.bearer-host');
});

test('property: a token-bearing client is accepted exactly when the parsed host is Adobe, loopback or allowed', () => {
  const label = fc.stringMatching(/^[a-z0-9-]{1,10}$/);
  const host = fc.oneof(
    fc.tuple(label, fc.constantFrom('adobedc.net', 'adobe.io', 'adobelogin.com', 'evil.com', 'adobedc.net.evil.com', 'localhost', 'nip.io')).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('127.0.0.1', '127.1.2.3', '[::1]', 'localhost', '10.0.0.1', '0.0.0.0', '[::ffff:127.0.0.1]', '2130706433', '0x7f.1', 'LOCALHOST', 'DCS.ADOBEDC.NET', 'dcs.adobedc.net.'),
  );
  fc.assert(
    fc.property(host, fc.constantFrom('https', 'http'), fc.boolean(), (h, scheme, allow) => {
      let parsed: URL;
      try {
        parsed = new URL(`${scheme}://${h}/collection/${INLET}`);
      } catch {
        return;
      }
      const name = parsed.hostname;
      const loop = isLoopbackHost(name);
      const expectOk = (scheme === 'https' || loop) && (isAdobeHost(name) || loop || allow);
      const code = refusal(() => createAepClient({ endpoint: parsed.href, inletKind: 'raw', auth: auth() }, { allowBearerToHosts: allow ? [name.replace(/^\[|\]$/g, '')] : [] }));
      assert.equal(code === undefined, expectOk, `${parsed.href} (host ${name}) → ${code ?? 'accepted'}`);
      // Independent oracle: a loopback name must resolve to 127/8 or ::1 — never a public address.
      if (loop) assert.match(name.replace(/^\[|\]$/g, ''), /^(127\.\d+\.\d+\.\d+|::1|localhost|.*\.localhost)$/i);
    }),
    { seed: 20261128, numRuns: 300 },
  );
});

test('a redirect from the inlet is not followed, so the token never travels to the Location host', async () => {
  const elsewhere = await witness();
  const inlet = await witness((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/collection/${INLET}` }).end());
  try {
    const client = createAepClient({ endpoint: `${inlet.url}/collection/${INLET}`, inletKind: 'raw', flowId: 'f' }, { maxAttempts: 1, baseDelayMs: 1 });
    const out = await client.sendSingle({ hello: 'world' });
    await client.close();
    assert.notEqual(out.status, 'accepted', '307 is not an acceptance');
    assert.equal(inlet.hits.length, 1);
    assert.deepEqual(elsewhere.hits, [], 'the redirect target received nothing');
  } finally {
    await inlet.close();
    await elsewhere.close();
  }
});

test('messages over 1 MB (UTF-8 bytes, not characters) are refused before sending; the emulator sees no request (§3)', async () => {
  const emu = await startEmulator({ kind: 'raw', requireFlowId: false });
  try {
    const client = createAepClient({ endpoint: emu.url, inletKind: 'raw' }, { maxAttempts: 1 });
    // 350,000 "€" = 350,000 characters but 1,050,000 bytes: a character count would let it through.
    const euro = { text: '€'.repeat(350_000) };
    const ascii = { text: 'x'.repeat(1_000_001) };
    const single = await client.sendSingle(euro, { index: 0 });
    const batch = await client.sendBatch([ascii, euro], { indexes: [1, 2] });
    const summary = await client.sendAll([{ index: 3, body: euro }], { mode: 'batch' });
    await client.close();
    for (const o of [single, ...batch]) {
      assert.equal(o.status, 'failed');
      assert.match(o.message ?? '', /1 MB|not sent/i, 'says why and what to do');
    }
    assert.equal(summary.failed, 1);
    assert.equal(emu.stats().requests, 0, `the emulator saw ${emu.stats().requests} request(s)`);
  } finally {
    await emu.close();
  }
});

test('property: whatever mix of message sizes and characters, no request body the emulator receives exceeds 1,000,000 bytes (no 413)', async () => {
  const emu = await startEmulator({ kind: 'raw', requireFlowId: false });
  const client = createAepClient({ endpoint: emu.url, inletKind: 'raw' }, { maxAttempts: 1 });
  try {
    const msg = fc.tuple(fc.integer({ min: 1, max: 180_000 }), fc.constantFrom('a', 'é', '€', '😀', '"', '\\', '\u0001')).map(([n, ch]) => ({ v: ch.repeat(n) }));
    await fc.assert(
      fc.asyncProperty(fc.array(msg, { minLength: 1, maxLength: 12 }), async (msgs) => {
        const before = emu.stats().byStatus['413'] ?? 0;
        const out = await client.sendBatch(msgs);
        assert.equal(emu.stats().byStatus['413'] ?? 0, before, 'a request over the limit reached the emulator');
        for (const [i, o] of out.entries()) {
          const bytes = Buffer.byteLength(JSON.stringify(msgs[i]));
          if (bytes < 990_000) assert.equal(o.status, 'accepted', `${bytes}-byte message: ${o.message}`);
        }
      }),
      { seed: 20261128, numRuns: 8 },
    );
  } finally {
    await client.close();
    await emu.close();
  }
});

test('CLI: `moe-aep send` refuses http:// to a non-loopback host and an oversized event, and sends nothing', async (t) => {
  if (!(await cliHas('send', '--endpoint'))) return t.skip('moe-aep send is not in this build');
  const emu = await startEmulator({ kind: 'raw', requireFlowId: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-net-'));
  try {
    const small = path.join(dir, 'small.moe.json');
    fs.writeFileSync(small, JSON.stringify({ event_name: 'x', event_code: 'MOE_EMAIL_SENT', event_uuid: '11111111-2222-4333-8444-555555555501', event_time: 1731421200, uid: 'u1' }));
    const insecure = await runCli(['send', '--endpoint', `http://dcs.adobedc.net/collection/${INLET}`, '--proxy', emu.baseUrl, small], { cwd: dir });
    assert.equal(insecure.code, 2, insecure.stderr);
    assert.match(insecure.stderr, /http:\/\/|unencrypted|https/i);
    const big = path.join(dir, 'big.moe.json');
    fs.writeFileSync(big, JSON.stringify({ event_name: 'x', event_code: 'MOE_EMAIL_SENT', event_uuid: '11111111-2222-4333-8444-555555555502', event_time: 1731421200, uid: 'u1', event_attributes: { blob: '€'.repeat(350_000) } }));
    const tooBig = await runCli(['send', '--endpoint', emu.url, '--format', 'json', big], { cwd: dir });
    assert.notEqual(tooBig.code, 0, 'an unsendable event fails the command');
    assert.match(tooBig.stdout + tooBig.stderr, /1 MB|too large|bytes/i);
    const collect = Object.entries(emu.stats().byStatus).reduce((a, [, n]) => a + n, 0);
    assert.equal(collect, 0, `the emulator answered ${collect} request(s)`);
  } finally {
    await emu.close();
  }
});
