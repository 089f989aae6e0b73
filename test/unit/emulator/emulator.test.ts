import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request, getGlobalDispatcher } from 'undici';
import { startEmulator, type EmulatorOptions, type EmulatorHandle } from '../../../src/emulator';
import { tinyValidate } from '../aep/helpers';

// The test's own requests use undici's global agent; close its keep-alive sockets at the end.
after(() => getGlobalDispatcher().close());

const ORG = 'EMULATOR0000000000000000@AdobeOrg';
const REF = { id: 'https://ns.adobe.com/acme/schemas/1', contentType: 'application/vnd.adobe.xed-full+json;version=1' };
const envelope = (entity: unknown, header: Record<string, unknown> = {}) => ({
  header: { schemaRef: REF, imsOrgId: ORG, datasetId: 'ds1', flowId: 'f1', source: { name: 't' }, ...header },
  body: { xdmMeta: { schemaRef: REF }, xdmEntity: entity },
});
const ev = (i: number) => ({ _id: `e${i}`, timestamp: '2024-01-01T00:00:00Z' });

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await request(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.body.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, json, text };
}

async function withEmu(o: EmulatorOptions, f: (e: EmulatorHandle) => Promise<void>) {
  const e = await startEmulator(o);
  try {
    await f(e);
  } finally {
    await e.close();
  }
}
const batchUrl = (e: EmulatorHandle) => `${e.baseUrl}/collection/batch/${e.inletId}`;

describe('emulator: single-message route (§1.2, §1.3, §8)', () => {
  test('generates a 64-hex inlet ID and answers 200 with syncValidation.skipped', () =>
    withEmu({}, async (e) => {
      assert.match(e.inletId, /^[0-9a-f]{64}$/);
      assert.equal(e.url, `http://127.0.0.1:${e.port}/collection/${e.inletId}`);
      const r = await post(e.url, envelope(ev(1)));
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json).sort(), ['inletId', 'receivedTimeMs', 'syncValidation', 'xactionId']);
      assert.deepEqual(r.json.syncValidation, { skipped: true });
      assert.equal(r.json.inletId, e.inletId);
    }));

  test('?syncValidation=true: pass → 200 {status:"pass"}; failure → 400 problem with _streamingValidation, at most 5 causes', () =>
    withEmu({ validate: tinyValidate }, async (e) => {
      const ok = await post(`${e.url}?syncValidation=true`, envelope(ev(1)));
      assert.deepEqual(ok.json.syncValidation, { status: 'pass' });
      const bad = await post(`${e.url}?syncValidation=true`, envelope({ _id: 1, timestamp: 'x', a: 1, b: 2, c: 3, d: 4, f: 5 }));
      assert.equal(bad.status, 400);
      assert.equal(bad.json.type, 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet');
      assert.equal(bad.json.title, 'Invalid XDM Message Format');
      assert.match(bad.json.report.message, new RegExp(`^inletId: \\[${e.inletId}\\] imsOrgId: \\[${ORG}\\]`));
      const causes = bad.json.report.cause._streamingValidation[0].causingExceptions;
      assert.equal(causes.length, 5);
      assert.equal(causes[0].pointerToViolation, '#/_id');
      assert.equal(e.dataset().length, 1);
    }));

  test('the integration guide\'s ?synchronousValidation=true is treated like syncValidation', () =>
    withEmu({}, async (e) => {
      const r = await post(`${e.url}?synchronousValidation=true`, envelope(ev(1)));
      assert.deepEqual(r.json.syncValidation, { status: 'pass' });
    }));

  test('async validation failure: 200 "received", then the message fails later and never reaches the dataset (§1.4 200)', () =>
    withEmu({ validate: tinyValidate }, async (e) => {
      const r = await post(e.url, envelope({ _id: 5, timestamp: 't' }));
      assert.equal(r.status, 200);
      assert.equal(e.dataset().length, 0);
      assert.equal(e.failed().length, 1);
    }));

  test('unknown inlet → 404 problem body ([UNCONFIRMED] shape)', () =>
    withEmu({}, async (e) => {
      const r = await post(`${e.baseUrl}/collection/${'0'.repeat(64)}`, envelope(ev(1)));
      assert.equal(r.status, 404);
      assert.match(r.json.report.message, /not a known streaming connection/);
    }));

  test('501 when sync validation is unsupported at this location (§1.1)', () =>
    withEmu({ syncValidationUnsupported: true }, async (e) => {
      const r = await post(`${e.url}?syncValidation=true`, envelope(ev(1)));
      assert.equal(r.status, 501);
      assert.match(r.text, /not supported for this location/);
    }));

  test('syncValidation is limited per minute (§1.1: 60) → 429 with Retry-After', () =>
    withEmu({ syncRateLimitPerMinute: 3 }, async (e) => {
      for (let i = 0; i < 3; i++) assert.equal((await post(`${e.url}?syncValidation=true`, envelope(ev(i)))).status, 200);
      const r = await post(`${e.url}?syncValidation=true`, envelope(ev(9)));
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers['retry-after']) >= 1);
      assert.equal((await post(e.url, envelope(ev(10)))).status, 200, 'async sends are not limited');
    }));

  test('a configurable request rate → 429 with Retry-After', () =>
    withEmu({ rateLimitPerSecond: 2 }, async (e) => {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await post(e.url, envelope(ev(i)))).status);
      assert.deepEqual(codes, [200, 200, 429, 429]);
    }));

  test('413 above the body limit; the stricter 1,000,000 bytes by default (§3 [UNCONFIRMED] 10^6 vs 2^20)', () =>
    withEmu({}, async (e) => {
      const big = envelope({ ...ev(1), pad: 'x'.repeat(1_000_000) });
      const r = await post(e.url, big);
      assert.equal(r.status, 413);
      assert.equal(e.dataset().length, 0);
      const justUnder = envelope({ ...ev(1), pad: 'x'.repeat(999_000 - JSON.stringify(envelope(ev(1))).length) });
      assert.equal((await post(e.url, justUnder)).status, 200);
    }));
});

describe('emulator: envelope checks (§2.1, §8)', () => {
  const cases: [string, unknown, RegExp][] = [
    ['missing header', { body: envelope(ev(1)).body }, /'header' field is mandatory/],
    ['missing xdmMeta.schemaRef', { header: envelope(ev(1)).header, body: { xdmEntity: ev(1) } }, /unknown xdm format/],
    ['legacy msgType form', { header: { msgType: 'xdmEntityCreate', msgId: '1', xdmSchema: { name: '_xdm.context.experienceevent' } }, body: { xdmEntity: ev(1) } }, /unknown xdm format/],
    ['wrong ims org', envelope(ev(1), { imsOrgId: 'OTHER@AdobeOrg' }), /absent or wrong ims org/],
    ['header schemaRef differs from xdmMeta', envelope(ev(1), { schemaRef: { ...REF, id: 'https://ns.adobe.com/acme/schemas/2' } }), /does not match/],
    ['missing datasetId', envelope(ev(1), { datasetId: undefined }), /missing datasetId/],
    ['missing xdmEntity', { header: envelope(ev(1)).header, body: { xdmMeta: { schemaRef: REF } } }, /missing xdmEntity/],
  ];
  for (const [name, msg, re] of cases) {
    test(`${name} → 400 "Invalid XDM Message Format"`, () =>
      withEmu({}, async (e) => {
        const r = await post(e.url, msg);
        assert.equal(r.status, 400);
        assert.match(r.json.report.message, re);
        assert.equal(r.json.report.cause, undefined);
        assert.equal(e.dataset().length, 0);
      }));
  }

  test('an absent imsOrgId is filled in by DCCS, not refused (§2.1 lenient docs)', () =>
    withEmu({}, async (e) => {
      assert.equal((await post(e.url, envelope(ev(1), { imsOrgId: undefined }))).status, 200);
    }));

  test('raw inlet: x-adobe-flow-id is required (header, query or upsert header.flowId) (§2.2)', () =>
    withEmu({ kind: 'raw' }, async (e) => {
      assert.equal((await post(e.url, { a: 1 })).status, 400);
      const h = await post(e.url, { a: 2 }, { 'x-adobe-flow-id': 'f1' });
      assert.equal(h.status, 200);
      assert.equal(h.json.flowId, 'f1');
      assert.equal((await post(`${e.url}?x-adobe-flow-id=f1`, { a: 3 })).status, 200);
      assert.equal((await post(e.url, { header: { flowId: 'f1', operations: { data: 'create' } }, body: { a: 4 } })).status, 200);
      assert.deepEqual(e.dataset(), [{ a: 2 }, { a: 3 }, { a: 4 }]);
    }));

  test('raw inlet with a transform stores the XDM after mapping', () =>
    withEmu({ kind: 'raw', transform: (r) => ({ xdm: { _id: (r as { id: string }).id, timestamp: '2024-01-01T00:00:00Z' }, errors: [] }), validate: tinyValidate }, async (e) => {
      assert.equal((await post(`${e.url}?syncValidation=true`, { id: 'x1' }, { 'x-adobe-flow-id': 'f' })).status, 200);
      const bad = await post(`${e.url}?syncValidation=true`, { id: 7 }, { 'x-adobe-flow-id': 'f' });
      assert.equal(bad.status, 400);
      assert.deepEqual(e.dataset(), [{ _id: 'x1', timestamp: '2024-01-01T00:00:00Z' }]);
    }));
});

describe('emulator: batch route (§1.2)', () => {
  test('always 207, responses in request order; failed items carry statusCode by default', () =>
    withEmu({}, async (e) => {
      const r = await post(batchUrl(e), { messages: [envelope(ev(0)), { nope: 1 }, envelope(ev(2))] });
      assert.equal(r.status, 207);
      assert.deepEqual(Object.keys(r.json).sort(), ['batchId', 'inletId', 'receivedTimeMs', 'responses']);
      assert.match(r.json.responses[0].xactionId, /^\d+:\d+:\d+:0$/);
      assert.equal(r.json.responses[1].statusCode, 400);
      assert.equal(r.json.responses[1].status, undefined);
      assert.equal(r.json.responses.length, 3);
    }));

  test('connector style: failed items carry "status" and an xactionId ending in -<index>; "both" carries both', async () => {
    await withEmu({ statusField: 'status' }, async (e) => {
      const r = await post(batchUrl(e), { messages: [envelope(ev(0)), { nope: 1 }] });
      assert.equal(r.json.responses[1].status, 400);
      assert.equal(r.json.responses[1].statusCode, undefined);
      assert.match(r.json.responses[1].xactionId, /-1$/);
    });
    await withEmu({ statusField: 'both' }, async (e) => {
      const r = await post(batchUrl(e), { messages: [{ nope: 1 }] });
      assert.equal(r.json.responses[0].status, 400);
      assert.equal(r.json.responses[0].statusCode, 400);
    });
  });

  test('syncValidation on the batch route → 400 (§1.1)', () =>
    withEmu({}, async (e) => {
      const r = await post(`${batchUrl(e)}?syncValidation=true`, { messages: [envelope(ev(0))] });
      assert.equal(r.status, 400);
      assert.match(r.text, /only available for the single message endpoint/);
      assert.equal(e.dataset().length, 0);
    }));

  test('a gzip-encoded batch (Adobe connector option, §1.1) is accepted', () =>
    withEmu({}, async (e) => {
      const { gzipSync } = await import('node:zlib');
      const res = await request(batchUrl(e), { method: 'POST', body: gzipSync(JSON.stringify({ messages: [envelope(ev(0))] })), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
      assert.equal(res.statusCode, 207);
      await res.body.text();
      assert.deepEqual(e.dataset(), [ev(0)]);
    }));

  test('--require-sandbox: 400 without x-sandbox-name (§2.3)', () =>
    withEmu({ requireSandbox: true }, async (e) => {
      assert.equal((await post(e.url, envelope(ev(0)))).status, 400);
      assert.equal((await post(e.url, envelope(ev(0)), { 'x-sandbox-name': 'prod' })).status, 200);
    }));

  test('every accepted message is stored, duplicates included (no DCS de-dup, §1.5 [UNCONFIRMED])', () =>
    withEmu({}, async (e) => {
      await post(batchUrl(e), { messages: [envelope(ev(0)), envelope(ev(0))] });
      await post(e.url, envelope(ev(0)));
      assert.equal(e.dataset().length, 3);
    }));
});

describe('emulator: authenticated inlet and IMS stub (§1.3, §1.4, §4)', () => {
  const token = async (e: EmulatorHandle, form: Record<string, string>) => {
    const res = await request(e.tokenEndpoint, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.statusCode, json: (await res.body.json()) as any };
  };
  const good = (e: EmulatorHandle) => ({ grant_type: 'client_credentials', client_id: e.clientId, client_secret: e.clientSecret, scope: 'openid' });

  test('IMS issues {access_token, token_type:"bearer", expires_in} in seconds; bad credentials → invalid_client', () =>
    withEmu({ auth: true }, async (e) => {
      const ok = await token(e, good(e));
      assert.equal(ok.status, 200);
      assert.equal(ok.json.token_type, 'bearer');
      assert.equal(ok.json.expires_in, 86399);
      const badSecret = await token(e, { ...good(e), client_secret: 'nope' });
      assert.equal(badSecret.status, 401);
      assert.equal(badSecret.json.error, 'invalid_client');
      const unknown = await token(e, { ...good(e), client_id: 'who' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.json.error, 'invalid_client');
      assert.equal((await token(e, { ...good(e), grant_type: 'password' })).status, 400);
      assert.equal((await token(e, { ...good(e), scope: '' })).json.error, 'invalid_scope');
    }));

  test('no token → 401 with string status; unknown token → 401; expired token → 403', () =>
    withEmu({ auth: true, tokenTtlSeconds: 1 }, async (e) => {
      const none = await post(e.url, envelope(ev(1)));
      assert.equal(none.status, 401);
      assert.equal(none.json.status, '401');
      assert.equal(none.json.title, 'Authorization');
      assert.match(none.json.report.message, /Ims service token is empty/);
      assert.equal((await post(e.url, envelope(ev(1)), { authorization: 'Bearer made-up' })).status, 401);
      const t = (await token(e, good(e))).json.access_token;
      assert.equal((await post(e.url, envelope(ev(1)), { authorization: `Bearer ${t}` })).status, 200);
      await new Promise((r) => setTimeout(r, 1050));
      assert.equal((await post(e.url, envelope(ev(2)), { authorization: `Bearer ${t}` })).status, 403);
      assert.equal(e.dataset().length, 1);
    }));
});

describe('emulator: control routes, persistence and chaos', () => {
  test('GET/DELETE /_emulator/dataset and GET /_emulator/stats', () =>
    withEmu({}, async (e) => {
      await post(e.url, envelope(ev(1)));
      const ds = await request(`${e.baseUrl}/_emulator/dataset`);
      assert.deepEqual(await ds.body.json(), [ev(1)]);
      const st = (await (await request(`${e.baseUrl}/_emulator/stats`)).body.json()) as any;
      assert.equal(st.stored, 1);
      assert.equal(st.requests, 3);
      await (await request(`${e.baseUrl}/_emulator/dataset`, { method: 'DELETE' })).body.text();
      assert.equal(e.dataset().length, 0);
    }));

  test('--data DIR persists the dataset as NDJSON and a restarted emulator still has it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-data-'));
    try {
      const inletId = 'a'.repeat(64);
      await withEmu({ dataDir: dir, inletId }, async (e) => {
        await post(e.url, envelope(ev(1)));
        await post(e.url, envelope(ev(2)));
      });
      const lines = fs.readFileSync(path.join(dir, 'dataset.ndjson'), 'utf8').trim().split('\n');
      assert.equal(lines.length, 2);
      assert.deepEqual(JSON.parse(lines[0]).record, ev(1));
      await withEmu({ dataDir: dir, inletId }, async (e) => assert.deepEqual(e.dataset(), [ev(1), ev(2)]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('chaos faults never store the message (429, 500, 503, reset at rate 1)', () =>
    withEmu({ chaos: 1, chaosFaults: ['429', '500', '503', 'reset'], seed: 7 }, async (e) => {
      const statuses: (number | string)[] = [];
      for (let i = 0; i < 24; i++) {
        try {
          const r = await post(e.url, envelope(ev(i)));
          statuses.push(r.status);
          if (r.status === 429 || r.status === 503) assert.equal(r.headers['retry-after'], '1');
        } catch {
          statuses.push('reset');
        }
      }
      assert.equal(e.dataset().length, 0);
      assert.deepEqual(new Set(statuses), new Set([429, 500, 503, 'reset']));
      assert.equal(Object.values(e.stats().faults).reduce((a, b) => a + b, 0), 24);
    }));

  test('each queued fault status answers with its own §1.4 title/text; 401 keeps the §1.3 string status; 503 has Retry-After', () =>
    withEmu({}, async (e) => {
      e.injectFaults([{ status: 401 }, { status: 403 }, { status: 413 }, { status: 500 }, { status: 501 }, { status: 503 }]);
      const got: { status: number; title: string; text: string; retryAfter?: unknown; jsonStatus: unknown }[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await post(e.url, envelope(ev(i)));
        got.push({ status: r.status, title: r.json.title, text: r.json.report.message, retryAfter: r.headers['retry-after'], jsonStatus: r.json.status });
      }
      assert.deepEqual(got.map((g) => [g.status, g.title]), [[401, 'Authorization'], [403, 'Forbidden'], [413, 'Payload Too Large'], [500, 'Internal Server Error'], [501, 'Not Implemented'], [503, 'Service Unavailable']]);
      assert.equal(got[0].jsonStatus, '401');
      assert.match(got[1].text, /^Provided authorization token is invalid or expired$/);
      assert.match(got[2].text, /greater than 1MB/);
      assert.match(got[3].text, /^Error in processing payload/);
      assert.match(got[4].text, /synchronous validation is not supported/);
      assert.equal(got[5].retryAfter, '1');
      for (const g of got.slice(0, 5)) assert.equal(g.retryAfter, undefined, `${g.status} must not carry Retry-After`);
      assert.equal(e.dataset().length, 0);
    }));

  test('chaos is reproducible: the same seed gives the same fault sequence', async () => {
    const seq = async (seed: number) => {
      const out: string[] = [];
      await withEmu({ chaos: 0.5, chaosFaults: ['429', '500', '503'], seed }, async (e) => {
        for (let i = 0; i < 20; i++) out.push(String((await post(e.url, envelope(ev(i)))).status));
      });
      return out.join(',');
    };
    assert.equal(await seq(3), await seq(3));
    assert.notEqual(await seq(3), await seq(4));
  });

  test('a slow response whose client gave up does not store the message', () =>
    withEmu({ chaos: 1, chaosFaults: ['slow'], slowMs: 300 }, async (e) => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(request(e.url, { method: 'POST', body: JSON.stringify(envelope(ev(1))), signal: ac.signal }));
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(e.dataset().length, 0);
    }));
});
