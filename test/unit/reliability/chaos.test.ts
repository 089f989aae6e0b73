import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChaosSend, formatFigures } from './chaosRun';

// aep-streaming-and-dataprep.md §1.4/§1.5: 429 with Retry-After and 5xx are retryable; a 403 means the
// token is invalid or expired and a fresh IMS token (§4) must be fetched; nothing may be lost or doubled.
test('10,000 events survive a 429 storm, 500/503, resets, slow bodies, failed batch items and token expiry — every event stored exactly once', async () => {
  const f = await runChaosSend({
    events: 10_000,
    chaos: 0.2,
    seed: 4242,
    maxRetryAfterMs: 50,
    retryAfterSeconds: 1,
    tokenTtlSeconds: 2,
    stormLength: 12,
    maxBatchMessages: 250,
    concurrency: 4,
  });
  console.log(formatFigures(f));
  assert.ok(f.faultsInjected >= 20, `chaos mode must actually inject faults (got ${f.faultsInjected})`);
  assert.ok(f.faultsByKind['429'] >= 12 && f.retriesFromRetryAfter > 0, 'the 429 storm was answered and Retry-After honoured');
  assert.ok(f.faultsByKind['403'] >= 1 && f.tokensIssued >= 2, 'a 403 (expired token) led to a fresh IMS token');
  assert.equal(f.lost, 0, 'no event lost');
  assert.equal(f.duplicated, 0, 'no event stored twice');
  assert.equal(f.stored, 10_000);
});
