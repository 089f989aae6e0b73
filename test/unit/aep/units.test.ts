import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { packBatches, serialize, batchBody } from '../../../src/core/aep/batching';
import { parseRetryAfter, isRetryableStatus, backoffDelay, retryPolicy } from '../../../src/core/aep/retry';
import { isLoopbackHost, isAdobeHost } from '../../../src/core/aep/safety';
import { describeError, parseBatch } from '../../../src/core/aep/responses';

test('batch packing (§3): every request body ≤ the limit, order kept, nothing lost or repeated', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 400 }), { maxLength: 120 }), fc.integer({ min: 420, max: 5000 }), fc.integer({ min: 1, max: 50 }), (strs, max, maxCount) => {
      const items = strs.map((s, i) => serialize(i, { s }));
      const chunks = packBatches(items, max, maxCount);
      for (const c of chunks) {
        assert.ok(c.length <= maxCount);
        assert.ok(Buffer.byteLength(batchBody(c)) <= max, 'a batch exceeds the byte limit');
        assert.deepEqual(JSON.parse(batchBody(c)).messages.length, c.length);
      }
      assert.deepEqual(chunks.flat().map((m) => m.index), items.map((m) => m.index));
    }),
    { numRuns: 300 },
  );
});

test('batch packing is greedy: a chunk is closed only when the next message would not fit', () => {
  const items = [0, 1, 2, 3].map((i) => serialize(i, { pad: 'x'.repeat(90) }));
  const one = items[0].bytes;
  const max = Buffer.byteLength(batchBody(items.slice(0, 2)));
  assert.deepEqual(packBatches(items, max).map((c) => c.length), [2, 2]);
  assert.deepEqual(packBatches(items, max - 1).map((c) => c.length), [1, 1, 1, 1]);
  assert.ok(one > 0);
});

test('Retry-After: delta-seconds and HTTP dates; garbage ignored (RFC 9110, §1.4 503 header)', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter(['2'], now), 2000);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('only 429, 5xx (not 501) are retryable (§1.4/§1.5)', () => {
  assert.deepEqual([200, 207, 400, 401, 403, 404, 413, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus), [429, 500, 502, 503, 504]);
});

test('backoff: exponential with full jitter under the cap; Retry-After wins but is capped', () => {
  const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000, random: () => 0.999 });
  assert.deepEqual([1, 2, 3, 4, 5].map((a) => backoffDelay(p, a)), [99, 199, 399, 799, 999]);
  assert.equal(backoffDelay({ ...p, random: () => 0 }, 3), 0);
  assert.equal(backoffDelay(p, 1, 2000), 2000);
  assert.equal(backoffDelay(p, 1, 3_600_000), 5000);
});

test('loopback and Adobe host recognition', () => {
  for (const h of ['127.0.0.1', '127.255.0.9', '[::1]', '::1', 'localhost', 'api.localhost']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['128.0.0.1', '127.0.0.1.nip.io', '10.0.0.1', 'example.com', '127.1']) assert.ok(!isLoopbackHost(h), h);
  for (const h of ['dcs.adobedc.net', 'platform.adobe.io', 'ims-na1.adobelogin.com', 'DCS.AdobeDC.net.']) assert.ok(isAdobeHost(h), h);
  for (const h of ['adobedc.net.evil.com', 'evil-adobe.io', 'notadobelogin.com']) assert.ok(!isAdobeHost(h), h);
});

test('error bodies: problem, string-status 401, gateway, IMS, HTML and empty all read as one sentence', () => {
  assert.match(describeError(401, '{"type":"x","status":"401","title":"Authorization","report":{"message":"[id] Ims service token is empty"}}').message, /^Authorization: \[id\] Ims service token is empty/);
  assert.match(describeError(403, '{"error_code":"403010","message":"Oauth token is missing."}').message, /Oauth token is missing\. \(error_code 403010\)/);
  assert.match(describeError(400, '{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}').message, /BadRequestError/);
  assert.match(describeError(401, '{"error":"invalid_client","error_description":"invalid client_secret parameter"}').message, /IMS: invalid_client — invalid client_secret/);
  assert.match(describeError(502, '<html><title>502</title><body>Bad Gateway</body></html>', 'text/html').message, /^HTTP 502: 502 Bad Gateway$/);
  assert.match(describeError(503, '').message, /empty body/);
});

test('a body whose message/detail/title is blank falls back to the status and its meaning (aep-streaming-and-dataprep.md §1.4)', () => {
  for (const body of ['{"message":""}', '{"detail":"  "}', '{"title":"","report":{"message":""}}', '{"error":0,"error_description":[],"message":""}']) {
    assert.match(describeError(500, body).message, /^HTTP 500 \(Error in processing payload; try the request again in a few minutes\)/, body);
  }
  assert.match(describeError(403, '{"message":""}').message, /^HTTP 403 \(Provided authorization token is invalid or expired\)/);
  const [item] = parseBatch('{"responses":[{"statusCode":413,"message":""}]}', 1)!;
  assert.match(item.message, /^HTTP 413 \(Payload too large/);
});

test('batch items: statusCode (docs) and status (connector, string or number) are both failures (§1.2)', () => {
  const items = parseBatch(JSON.stringify({ responses: [{ xactionId: 'a' }, { statusCode: 400, message: 'bad' }, { xactionId: 'u-2', status: '503', message: 'later' }] }), 3)!;
  assert.deepEqual(items.map((i) => [i.ok, i.itemStatus]), [[true, 200], [false, 400], [false, 503]]);
  assert.equal(items[2].xactionId, 'u-2');
  assert.equal(parseBatch('not json', 1), undefined);
});

test('resume journal: accepted keys are skipped, dispatched-but-unanswered keys are flagged, torn lines ignored', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { ResumeJournal, readJournalState } = await import('../../../src/core/aep/resume');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'resume-')), 'j.ndjson');
  const j = new ResumeJournal(file);
  j.appendMany([{ key: 'a', file: 'f', event: 0, status: 'sent' }, { key: 'b', file: 'f', event: 1, status: 'sent' }, { key: 'c', file: 'f', event: 2, status: 'sent' }]);
  j.append({ key: 'a', file: 'f', event: 0, status: 'accepted' });
  j.append({ key: 'c', file: 'f', event: 2, status: 'failed', httpStatus: 400 });
  j.close();
  fs.appendFileSync(file, '{"v":1,"key":"b","status":"acc'); // killed mid-write
  const s = readJournalState(file);
  assert.deepEqual([...s.acknowledged], ['a']);
  assert.deepEqual([...s.unanswered], ['b']);
  // A new run starts on a fresh line after the torn one.
  const j2 = new ResumeJournal(file);
  j2.append({ key: 'b', file: 'f', event: 1, status: 'accepted' });
  j2.close();
  assert.deepEqual([...readJournalState(file).acknowledged].sort(), ['a', 'b']);
});
