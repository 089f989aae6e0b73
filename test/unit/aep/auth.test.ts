import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { rig, event } from './helpers';
import { expiresInToMs, Redactor } from '../../../src/core/aep';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IMS OAuth server-to-server (§4) against the emulator\'s IMS stub', () => {
  test('token is fetched with the client_credentials form and sent as Bearer with x-api-key and x-gw-ims-org-id (§2.3)', async () => {
    const r = await rig({ auth: true }, {}, { sandboxName: 'dev' });
    try {
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'accepted');
      const tok = r.exchanges.find((e) => e.kind === 'token')!;
      assert.equal(tok.requestHeaders['content-type'], 'application/x-www-form-urlencoded');
      const form = new URLSearchParams(tok.requestBody);
      assert.equal(form.get('grant_type'), 'client_credentials');
      assert.equal(form.get('client_id'), r.emu.clientId);
      assert.equal(form.get('scope'), 'openid,AdobeID'); // §4: comma-separated
      const dcs = r.exchanges.find((e) => e.kind === 'single')!;
      assert.match(dcs.requestHeaders.authorization, /^Bearer /);
      assert.equal(dcs.requestHeaders['x-api-key'], r.emu.clientId);
      assert.equal(dcs.requestHeaders['x-gw-ims-org-id'], r.emu.imsOrgId);
      assert.equal(dcs.requestHeaders['x-sandbox-name'], 'dev');
    } finally {
      await r.close();
    }
  });

  test('the token is cached and concurrent sends share ONE token request (single flight)', async () => {
    const r = await rig({ auth: true });
    try {
      const outs = await Promise.all(Array.from({ length: 20 }, (_, i) => r.client.sendSingle(r.client.buildXdmEnvelope(event(i)), { index: i })));
      assert.ok(outs.every((o) => o.status === 'accepted'));
      await r.client.sendSingle(r.client.buildXdmEnvelope(event(99)));
      assert.equal(r.emu.stats().tokensIssued, 1);
    } finally {
      await r.close();
    }
  });

  test('an expired token gets 403 from DCS; the client refreshes ONCE and the retry is accepted (§1.4)', async () => {
    // tokenRefreshSkewMs 0 and a 1 s lifetime: the client keeps using the token past its expiry.
    const r = await rig({ auth: true, tokenTtlSeconds: 1 }, { tokenRefreshSkewMs: 0 });
    try {
      assert.equal((await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)))).status, 'accepted');
      await sleep(1100);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(2)));
      assert.equal(o.status, 'accepted');
      const statuses = r.exchanges.filter((e) => e.kind === 'single').map((e) => e.status);
      assert.ok(statuses.includes(403) || r.emu.stats().tokensIssued === 2, `statuses ${statuses}`);
      assert.equal(r.emu.stats().tokensIssued, 2);
      assert.equal(r.emu.dataset().length, 2);
    } finally {
      await r.close();
    }
  });

  test('a token refused twice (401 after refresh) is not retried again', async () => {
    const r = await rig({ auth: true });
    try {
      r.emu.injectFaults([{ status: 401 }, { status: 401 }, { status: 401 }]);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'failed');
      assert.equal(o.httpStatus, 401);
      assert.equal(o.attempts, 2);
      assert.equal(r.emu.stats().tokensIssued, 2);
    } finally {
      await r.close();
    }
  });

  test('bad client secret → invalid_client explained once; the other messages fail fast without new IMS calls', async () => {
    const r = await rig({ auth: true }, {}, {});
    try {
      const { createAepClient } = await import('../../../src/core/aep');
      const exchanges: string[] = [];
      const c = createAepClient({ ...r.target, auth: { ...r.target.auth!, clientSecret: 'definitely-wrong-secret' } }, { baseDelayMs: 1, onExchange: (e) => exchanges.push(e.kind) });
      const outs = await Promise.all([0, 1, 2, 3].map((i) => c.sendSingle(c.buildXdmEnvelope(event(i)), { index: i })));
      await c.close();
      assert.ok(outs.every((o) => o.status === 'failed' && o.retryable === false));
      assert.match(outs[0].message ?? '', /invalid_client/);
      assert.match(outs[0].message ?? '', /MOE_AEP_CLIENT_ID|secret/);
      assert.equal(exchanges.filter((k) => k === 'token').length, 1);
      assert.equal(exchanges.filter((k) => k !== 'token').length, 0);
    } finally {
      await r.close();
    }
  });

  test('expires_in is seconds (v3); a milliseconds value (old JWT exchange) is not multiplied again (§4 units trap)', () => {
    assert.equal(expiresInToMs(86399), 86_399_000);
    assert.equal(expiresInToMs(86399992), 86_399_992);
    assert.equal(expiresInToMs('86399'), 86_399_000);
    assert.ok(expiresInToMs(undefined) > 0);
  });

  test('a sub-second expires_in (5e-324, 0.0001) is not believed: the 1 h fallback keeps IMS from being asked per request (§4)', () => {
    for (const v of ['5e-324', 0.0001, 0.4]) assert.equal(expiresInToMs(v), 3_600_000, String(v));
    assert.equal(expiresInToMs(1), 1_000, 'whole seconds are honoured (the emulator issues short tokens to test refresh)');
  });
});

describe('redaction: secrets never appear in exchange records', () => {
  test('planted client secret and access token are absent from every record; Authorization is redacted', async () => {
    const SECRET = 'PLANTED-client-secret-7f3a9c';
    const TOKEN = 'PLANTED-access-token-b41e22';
    const r = await rig({ auth: true, clientSecret: SECRET, tokenFactory: () => TOKEN, tokenTtlSeconds: 1 }, { tokenRefreshSkewMs: 0 });
    try {
      await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      await r.client.sendBatch([r.client.buildXdmEnvelope(event(2))]);
      r.emu.injectFaults([{ status: 500, body: { message: `echo ${TOKEN} and ${SECRET}` } }]);
      await r.client.sendSingle(r.client.buildXdmEnvelope(event(3)));
      const all = JSON.stringify(r.exchanges);
      assert.ok(r.exchanges.length >= 4);
      assert.ok(!all.includes(SECRET), 'client secret leaked');
      assert.ok(!all.includes(TOKEN), 'access token leaked');
      assert.ok(!all.includes(encodeURIComponent(SECRET)));
      for (const e of r.exchanges.filter((x) => x.kind !== 'token')) assert.equal(e.requestHeaders.authorization, 'Bearer <redacted>');
      assert.match(all, /client_secret=<redacted>/);
      assert.match(r.exchanges.find((x) => x.kind === 'token')!.responseBody ?? '', /"access_token":"<redacted>"/);
    } finally {
      await r.close();
    }
  });

  test('an error page that echoes the token or the client secret back does not carry them into outcome messages', async () => {
    const SECRET = 'PLANTED-client-secret-91c2d4';
    const TOKEN = 'PLANTED-access-token-5d0a77';
    const r = await rig({ auth: true, clientSecret: SECRET, tokenFactory: () => TOKEN }, { maxAttempts: 1 });
    try {
      r.emu.injectFaults([
        { status: 400, body: { title: 'Bad Request', report: { message: `echo client_secret=${SECRET} and Bearer ${TOKEN}` } } },
        { status: 502, body: `<html><pre>Authorization: Bearer ${TOKEN}\n${encodeURIComponent(SECRET)}</pre></html>` },
        { status: 207, body: { responses: [{ statusCode: 400, message: `item saw ${TOKEN}` }] } },
      ]);
      const single = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      const proxy = await r.client.sendSingle(r.client.buildXdmEnvelope(event(2)));
      const [item] = await r.client.sendBatch([r.client.buildXdmEnvelope(event(3))]);
      for (const o of [single, proxy, item]) {
        assert.equal(o.status, 'failed');
        const text = o.message ?? '';
        assert.ok(!text.includes(SECRET) && !text.includes(TOKEN) && !text.includes(encodeURIComponent(SECRET)), text);
        assert.match(text, /<redacted>/);
      }
    } finally {
      await r.close();
    }
  });

  test('Redactor masks bearer tokens, JSON/form secrets and registered values anywhere in text', () => {
    const red = new Redactor();
    red.addSecret('s3cr3t-value');
    const out = red.text('Authorization: Bearer abc.def.ghi {"client_secret":"x\\"y","access_token":"t"} a=1&client_secret=zz&b=2 raw s3cr3t-value');
    assert.doesNotMatch(out, /abc\.def|x\\"y|"t"|zz|s3cr3t-value/);
    assert.match(out, /a=1&client_secret=<redacted>&b=2/);
  });
});
