import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { rig, event, tinyValidate, SCHEMA } from './helpers';
import { AepRefusal, createAepClient } from '../../../src/core/aep';

describe('AEP client against the emulator: success shapes (§1.2)', () => {
  test('single message, async validation: 200 with syncValidation.skipped → accepted, stored once', async () => {
    const r = await rig();
    try {
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)), { index: 7 });
      assert.equal(o.status, 'accepted');
      assert.equal(o.index, 7);
      assert.equal(o.validation, 'skipped');
      assert.match(o.xactionId ?? '', /^\d+:\d+:\d+$/);
      assert.deepEqual(r.emu.dataset(), [event(1)]);
    } finally {
      await r.close();
    }
  });

  test('?syncValidation=true that passes → validation "pass" (§1.2)', async () => {
    const r = await rig({ validate: tinyValidate });
    try {
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)), { syncValidation: true });
      assert.equal(o.status, 'accepted');
      assert.equal(o.validation, 'pass');
      assert.match(r.exchanges.at(-1)!.url, /\?syncValidation=true$/);
    } finally {
      await r.close();
    }
  });

  test('the integration guide\'s "synchronousValidation" key is read like "syncValidation" (seed §Step 6)', async () => {
    const r = await rig();
    try {
      r.emu.injectFaults([{ status: 200, body: { inletId: r.emu.inletId, xactionId: '1731421250000:1:1', receivedTimeMs: 1731421250000, synchronousValidation: { status: 'pass' } } }]);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)), { syncValidation: true });
      assert.equal(o.validation, 'pass');
      assert.equal(o.xactionId, '1731421250000:1:1');
    } finally {
      await r.close();
    }
  });

  test('HTTP-source variant without any syncValidation key is still accepted (§1.2 other variants)', async () => {
    const r = await rig();
    try {
      r.emu.injectFaults([{ status: 200, body: { inletId: 'x', xactionId: '1584479347507:2153:240', receivedTimeMs: 1 } }]);
      const o = await r.client.sendSingle({ any: 1 });
      assert.equal(o.status, 'accepted');
      assert.equal(o.xactionId, '1584479347507:2153:240');
    } finally {
      await r.close();
    }
  });

  test('XDM envelope carries schemaRef in header and xdmMeta, imsOrgId, datasetId, flowId, source.name (§2.1)', async () => {
    const r = await rig();
    try {
      const env = r.client.buildXdmEnvelope(event(1));
      assert.equal(env.header.schemaRef.id, SCHEMA);
      assert.deepEqual(env.header.schemaRef, env.body.xdmMeta.schemaRef);
      assert.equal(env.header.imsOrgId, r.emu.imsOrgId);
      assert.equal(env.header.datasetId, r.target.datasetId);
      assert.equal(env.header.flowId, 'flow-1');
      assert.equal(typeof env.header.source?.name, 'string');
      assert.equal((await r.client.sendSingle(env)).status, 'accepted');
    } finally {
      await r.close();
    }
  });

  test('raw inlet: body sent as is with x-adobe-flow-id; the emulator answers with flowId (§2.2)', async () => {
    const r = await rig({ kind: 'raw' });
    try {
      const raw = { event_code: 'MOE_EMAIL_SENT', uid: 'u1' };
      const o = await r.client.sendSingle(raw);
      assert.equal(o.status, 'accepted');
      assert.equal(r.exchanges.at(-1)!.requestHeaders['x-adobe-flow-id'], 'flow-1');
      assert.equal(r.exchanges.at(-1)!.requestBody, JSON.stringify(raw));
      assert.match(r.exchanges.at(-1)!.responseBody ?? '', /"flowId":"flow-1"/);
      assert.deepEqual(r.emu.dataset(), [raw]);
    } finally {
      await r.close();
    }
  });
});

describe('AEP client: error shapes (§1.3) and what is never retried (§1.5)', () => {
  test('sync validation failure → 400 with _streamingValidation causes flattened, not retried', async () => {
    const r = await rig({ validate: tinyValidate });
    try {
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope({ _id: 42, timestamp: '2018-00-23T22:07:01Z', workEmail: 'a@b' }), { syncValidation: true });
      assert.equal(o.status, 'failed');
      assert.equal(o.httpStatus, 400);
      assert.equal(o.validation, 'failed');
      assert.equal(o.attempts, 1);
      assert.equal(o.retryable, false);
      assert.deepEqual(o.errors?.map((e) => e.pointerToViolation).sort(), ['#', '#/_id', '#/timestamp']);
      assert.match(o.message ?? '', /expected type: String, found: Long/);
      assert.equal(r.emu.dataset().length, 0);
    } finally {
      await r.close();
    }
  });

  test('deeply nested causingExceptions are flattened to their leaves (§1.3)', async () => {
    const r = await rig();
    try {
      const leaf = (m: string) => ({ schemaLocation: '#', pointerToViolation: '#/a', causingExceptions: [], keyword: 'enum', message: m });
      r.emu.injectFaults([{ status: 400, body: { type: 't', status: 400, title: 'Invalid XDM Message Format', report: { message: 'Message is invalid', cause: { _streamingValidation: [{ causingExceptions: [{ causingExceptions: [leaf('one'), leaf('two')] }, leaf('three')] }] } } } }]);
      const o = await r.client.sendSingle({}, { syncValidation: true });
      assert.deepEqual(o.errors?.map((e) => e.message), ['one', 'two', 'three']);
    } finally {
      await r.close();
    }
  });

  test('envelope error (wrong ims org) → 400 failed on first attempt with the DCS message (§1.3)', async () => {
    const r = await rig({}, {}, { imsOrgId: 'OTHER@AdobeOrg' });
    try {
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'failed');
      assert.equal(o.attempts, 1);
      assert.match(o.message ?? '', /absent or wrong ims org/);
      assert.equal(r.emu.stats().requests, 1);
    } finally {
      await r.close();
    }
  });

  test('401 body with string status from an authenticated inlet → clear advice, not retried (§1.3)', async () => {
    const r = await rig({ auth: true }, {}, { auth: undefined });
    try {
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'failed');
      assert.equal(o.httpStatus, 401);
      assert.equal(o.attempts, 1);
      assert.match(o.message ?? '', /Ims service token is empty/);
      assert.match(o.message ?? '', /requires authentication/);
    } finally {
      await r.close();
    }
  });

  for (const status of [400, 403, 413, 501]) {
    test(`HTTP ${status} is never retried (§1.4/§1.5)`, async () => {
      const r = await rig();
      try {
        r.emu.injectFaults([{ status }, { status }]);
        const o = await r.client.sendSingle({});
        assert.equal(o.status, 'failed');
        assert.equal(o.httpStatus, status);
        assert.equal(o.attempts, 1);
        assert.equal(r.retries.length, 0);
      } finally {
        await r.close();
      }
    });
  }

  test('gateway {error_code, message} and non-JSON (HTML) bodies become readable messages (§1.3)', async () => {
    const r = await rig();
    try {
      r.emu.injectFaults([{ status: 403, body: { error_code: '403003', message: 'Api Key is invalid' } }, { status: 400, body: '<html><body><h1>Bad gateway thing</h1></body></html>' }]);
      const a = await r.client.sendSingle({});
      assert.match(a.message ?? '', /Api Key is invalid \(error_code 403003\)/);
      const b = await r.client.sendSingle({});
      assert.match(b.message ?? '', /Bad gateway thing/);
      assert.doesNotMatch(b.message ?? '', /<h1>/);
    } finally {
      await r.close();
    }
  });

  test('syncValidation on the batch endpoint is refused before sending (§1.1)', async () => {
    const r = await rig();
    try {
      await assert.rejects(r.client.sendBatch([{}], { syncValidation: true }), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.sync-on-batch');
      assert.equal(r.emu.stats().requests, 0);
    } finally {
      await r.close();
    }
  });
});

describe('AEP client: batches (§1.2 207, §3 1 MB)', () => {
  for (const statusField of ['statusCode', 'status', 'both'] as const) {
    test(`207 with failed items carrying "${statusField}" → per-message outcomes in request order (§1.2)`, async () => {
      const r = await rig({ statusField });
      try {
        const msgs = [r.client.buildXdmEnvelope(event(0)), { bogus: true }, r.client.buildXdmEnvelope(event(2))];
        const out = await r.client.sendBatch(msgs);
        assert.deepEqual(out.map((o) => o.status), ['accepted', 'failed', 'accepted']);
        assert.equal(out[1].httpStatus, 400);
        assert.match(out[1].message ?? '', /'header' field is mandatory/);
        assert.equal(out[1].attempts, 1);
        assert.deepEqual(r.emu.dataset(), [event(0), event(2)]);
      } finally {
        await r.close();
      }
    });
  }

  test('partial batch failure resends only the failed retryable item (503), once, and nothing is duplicated', async () => {
    const r = await rig();
    try {
      r.emu.injectFaults([{ items: [null, 503, null, 400] }]);
      const msgs = [0, 1, 2, 3].map((i) => r.client.buildXdmEnvelope(event(i)));
      const out = await r.client.sendBatch(msgs);
      assert.deepEqual(out.map((o) => o.status), ['accepted', 'accepted', 'accepted', 'failed']);
      assert.deepEqual(out.map((o) => o.attempts), [1, 2, 1, 1]);
      const batchBodies = r.exchanges.filter((e) => e.kind === 'batch').map((e) => JSON.parse(e.requestBody!).messages.length);
      assert.deepEqual(batchBodies, [4, 1]);
      assert.deepEqual(r.emu.dataset().map((d) => (d as { _id: string })._id).sort(), ['evt-0', 'evt-1', 'evt-2']);
    } finally {
      await r.close();
    }
  });

  test('a 207 without an entry for a message reports it as unknown fate and does not resend it blindly', async () => {
    const r = await rig();
    try {
      r.emu.injectFaults([{ status: 207, body: { inletId: r.emu.inletId, batchId: '1:1:1', receivedTimeMs: 1, responses: [{ xactionId: '1:1:1:0' }] } }]);
      const out = await r.client.sendBatch([r.client.buildXdmEnvelope(event(0)), r.client.buildXdmEnvelope(event(1))]);
      assert.deepEqual(out.map((o) => o.status), ['accepted', 'failed']);
      assert.match(out[1].message ?? '', /unknown/);
      assert.equal(r.emu.stats().requests, 1);
    } finally {
      await r.close();
    }
  });

  test('a message that alone exceeds 1 MB is refused before anything is sent (§3)', async () => {
    const r = await rig();
    try {
      const huge = r.client.buildXdmEnvelope(event(0, { blob: 'x'.repeat(1_000_001) }));
      const [o] = await r.client.sendBatch([huge]);
      assert.equal(o.status, 'failed');
      assert.equal(o.attempts, 0);
      assert.match(o.message ?? '', /over 1 MB|1 MB/);
      const s = await r.client.sendSingle(huge);
      assert.equal(s.status, 'failed');
      assert.equal(r.emu.stats().requests, 0);
    } finally {
      await r.close();
    }
  });

  test('messages are packed greedily so no request passes 1,000,000 bytes, and the emulator never says 413', async () => {
    const r = await rig({ maxBodyBytes: 1_000_000 });
    try {
      const msgs = Array.from({ length: 25 }, (_, i) => r.client.buildXdmEnvelope(event(i, { eventType: 'x'.repeat(120_000) })));
      const out = await r.client.sendBatch(msgs);
      assert.ok(out.every((o) => o.status === 'accepted'), JSON.stringify(out.find((o) => o.status !== 'accepted')));
      const batches = r.exchanges.filter((e) => e.kind === 'batch').length;
      assert.equal(batches, Math.ceil(25 / 8)); // 8 × ~120 KB fit under 1,000,000 bytes, 9 do not
      assert.equal(r.emu.stats().byStatus['413'], undefined);
    } finally {
      await r.close();
    }
  });

  test('413 from the server (request over its limit) fails the whole request without retry (§1.4)', async () => {
    const r = await rig({ maxBodyBytes: 2000 });
    try {
      const out = await r.client.sendBatch([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => r.client.buildXdmEnvelope(event(i))));
      assert.ok(out.every((o) => o.status === 'failed' && o.httpStatus === 413 && o.attempts === 1));
      assert.match(out[0].message ?? '', /1 MB/);
    } finally {
      await r.close();
    }
  });
});

describe('AEP client: retries (§1.4/§1.5)', () => {
  test('503 with Retry-After in seconds is honoured (capped) and the message then goes through once', async () => {
    const r = await rig({}, { maxRetryAfterMs: 5000 });
    try {
      r.emu.injectFaults([{ status: 503, retryAfter: '1' }]);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'accepted');
      assert.equal(o.attempts, 2);
      assert.deepEqual(r.retries.map((x) => [x.delayMs, x.fromRetryAfter, x.reason]), [[1000, true, 'HTTP 503']]);
      assert.equal(r.emu.dataset().length, 1);
    } finally {
      await r.close();
    }
  });

  test('429 with Retry-After as an HTTP date is honoured; a huge Retry-After is capped', async () => {
    const r = await rig({}, { maxRetryAfterMs: 15 });
    try {
      r.emu.injectFaults([{ status: 429, retryAfter: new Date(Date.now() + 3_600_000).toUTCString() }]);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'accepted');
      assert.equal(r.retries[0].delayMs, 15);
      assert.equal(r.retries[0].fromRetryAfter, true);
    } finally {
      await r.close();
    }
  });

  test('500s are retried with backoff up to maxAttempts, then reported failed and retryable', async () => {
    const r = await rig({}, { maxAttempts: 3 });
    try {
      r.emu.injectFaults([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
      const o = await r.client.sendSingle({});
      assert.equal(o.status, 'failed');
      assert.equal(o.attempts, 3);
      assert.equal(o.retryable, true);
      assert.match(o.message ?? '', /gave up after 3 attempt/);
      assert.equal(r.emu.stats().requests, 3);
    } finally {
      await r.close();
    }
  });

  test('a connection reset is retried as a network error and the message is stored exactly once', async () => {
    const r = await rig();
    try {
      r.emu.injectFaults([{ reset: true }, { reset: true }]);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'accepted');
      assert.equal(o.attempts, 3);
      assert.match(r.retries[0].reason, /^network:/);
      assert.equal(r.emu.dataset().length, 1);
    } finally {
      await r.close();
    }
  });

  test('a request timeout is a retryable network failure, and the emulator does not store the abandoned message', async () => {
    // Margins sized for a loaded 2-core machine: the retry (a fresh connection to the in-process emulator)
    // gets a whole second, and one more attempt if even that is starved. A 100 ms budget failed the retry itself.
    const DELAY_MS = 2500;
    const r = await rig({}, { timeoutMs: 1000, maxAttempts: 3 });
    try {
      r.emu.injectFaults([{ delayMs: DELAY_MS }]);
      const o = await r.client.sendSingle(r.client.buildXdmEnvelope(event(1)));
      assert.equal(o.status, 'accepted', o.message);
      assert.match(r.retries[0].reason, /timed out|Timeout/i);
      // The emulator armed its delay timer when the abandoned request arrived, before the client gave up;
      // this longer timer, armed after, fires later, so the "client still there?" check has run by then.
      await new Promise((res) => setTimeout(res, DELAY_MS + 50));
      assert.equal(r.emu.stats().faults.slow, 1, 'the delayed fault ran');
      assert.equal(r.emu.dataset().length, 1, 'only the retry was stored');
    } finally {
      await r.close();
    }
  });

  test('cancellation mid-batch stops at the socket: answered messages stay accepted, the rest are pending and not stored', async () => {
    const r = await rig({}, { maxBatchMessages: 10 });
    try {
      r.emu.injectFaults([{}, { delayMs: 3000 }]);
      const ac = new AbortController();
      const outcomes: string[] = [];
      const items = Array.from({ length: 50 }, (_, i) => ({ index: i, body: r.client.buildXdmEnvelope(event(i)) }));
      const summary = await r.client.sendAll(items, {
        mode: 'batch',
        concurrency: 1,
        onOutcome: (o) => {
          outcomes.push(o.status);
          if (outcomes.length === 10) setTimeout(() => ac.abort(), 50);
        },
      }, ac.signal);
      assert.equal(summary.cancelled, true);
      assert.equal(summary.acknowledged, 10);
      assert.equal(summary.pending, 10);
      assert.equal(outcomes.filter((s) => s === 'pending').length, 10);
      assert.equal(r.emu.dataset().length, 10);
    } finally {
      await r.close();
    }
  });
});

describe('AEP client: sendAll', () => {
  test('single mode from an async iterable: one outcome per message, progress ends at the totals', async () => {
    const r = await rig({ validate: tinyValidate });
    try {
      const client = r.client;
      async function* source() {
        for (let i = 0; i < 12; i++) yield { index: i, body: client.buildXdmEnvelope(i === 5 ? { _id: 5, timestamp: 'x' } : event(i)) };
      }
      const seen: number[] = [];
      let last = { sent: 0, acknowledged: 0, failed: 0 };
      const summary = await client.sendAll(source(), { mode: 'sync', concurrency: 3, onOutcome: (o) => seen.push(o.index), onProgress: (p) => (last = p) });
      assert.deepEqual(seen.sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      assert.deepEqual(last, { sent: 12, acknowledged: 11, failed: 1 });
      assert.equal(summary.cancelled, false);
      assert.equal(r.emu.dataset().length, 11);
    } finally {
      await r.close();
    }
  });
});

describe('AEP client: safety', () => {
  test('plain http:// is refused except for loopback (127.0.0.0/8, ::1, localhost)', () => {
    const mk = (endpoint: string) => createAepClient({ endpoint, inletKind: 'raw' });
    assert.throws(() => mk('http://dcs.adobedc.net/collection/abc'), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.insecure-url');
    assert.throws(() => mk('http://10.0.0.5/collection/abc'), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.insecure-url');
    assert.throws(() => mk('http://127.evil.com/collection/abc'), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.insecure-url');
    for (const ok of ['http://127.0.0.1:1/collection/abc', 'http://127.5.6.7/collection/abc', 'http://[::1]:9/collection/abc', 'http://localhost:9/collection/abc', 'https://dcs.adobedc.net/collection/abc']) {
      void mk(ok).close();
    }
  });

  test('a URL that is not an inlet URL is refused with the expected form', () => {
    assert.throws(() => createAepClient({ endpoint: 'https://dcs.adobedc.net/foo', inletKind: 'xdm' }), /collection\/<inletId>/);
  });

  test('the bearer token goes only to Adobe hosts, loopback, or allowBearerToHosts', () => {
    const auth = { clientId: 'c', clientSecret: 's', scopes: 'openid' };
    assert.throws(() => createAepClient({ endpoint: 'https://collector.example.com/collection/abc', inletKind: 'xdm', auth }), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.bearer-host');
    assert.throws(() => createAepClient({ endpoint: 'https://dcs.adobedc.net.evil.com/collection/abc', inletKind: 'xdm', auth }), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.bearer-host');
    assert.throws(() => createAepClient({ endpoint: 'https://dcs.adobedc.net/collection/abc', inletKind: 'xdm', auth: { ...auth, tokenEndpoint: 'https://ims.example.com/ims/token/v3' } }), (e: unknown) => e instanceof AepRefusal && e.code === 'aep.bearer-host');
    void createAepClient({ endpoint: 'https://collector.example.com/collection/abc', inletKind: 'xdm', auth }, { allowBearerToHosts: ['collector.example.com'] }).close();
    void createAepClient({ endpoint: 'https://dcs.adobedc.net/collection/abc', inletKind: 'xdm', auth }).close();
    // Without auth nothing secret travels: any https host is fine.
    void createAepClient({ endpoint: 'https://collector.example.com/collection/abc', inletKind: 'xdm' }).close();
  });
});
