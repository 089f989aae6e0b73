import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rig, event } from './helpers';
import type { MessageOutcome } from '../../../src/core/aep';

test('chaos 0.3: 10,000 events end up in the emulator dataset exactly once, or are reported failed', async () => {
  const N = 10_000;
  const r = await rig(
    { chaos: 0.3, chaosItems: true, seed: 42, slowMs: 20, retryAfterSeconds: 1 },
    // Retry-After (1 s) is capped to 10 ms so the run stays short; timeouts far above the slow faults.
    { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 10, timeoutMs: 5000, maxBatchMessages: 200, random: Math.random },
  );
  try {
    const outcomes = new Map<number, MessageOutcome>();
    const items = (function* () {
      for (let i = 0; i < N; i++) yield { index: i, body: r.client.buildXdmEnvelope(event(i)) };
    })();
    const summary = await r.client.sendAll(items, { mode: 'batch', concurrency: 4, onOutcome: (o) => outcomes.set(o.index, o) });
    const counts = new Map<string, number>();
    for (const rec of r.emu.dataset()) {
      const id = (rec as { _id: string })._id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    let lost = 0;
    let duplicated = 0;
    let failed = 0;
    let failedButStored = 0;
    for (let i = 0; i < N; i++) {
      const o = outcomes.get(i);
      const c = counts.get(`evt-${i}`) ?? 0;
      if (c > 1) duplicated++;
      if (o?.status === 'accepted' && c === 0) lost++;
      if (o?.status !== 'accepted') {
        failed++;
        if (c > 0) failedButStored++;
      }
    }
    const stats = r.emu.stats();
    const faults = Object.values(stats.faults).reduce((a, b) => a + b, 0);
    console.log(
      `chaos figures: events=${N} accepted=${summary.acknowledged} failed=${failed} requests=${stats.requests} faults=${faults} ${JSON.stringify(stats.faults)} retries=${r.retries.length} lost=${lost} duplicated=${duplicated} failedButStored=${failedButStored}`,
    );
    assert.equal(outcomes.size, N, 'every event gets an outcome');
    assert.ok(faults > 0, 'chaos injected faults');
    assert.ok(r.retries.length > 0, 'the client retried');
    assert.equal(lost, 0, 'an accepted event is missing from the dataset');
    assert.equal(duplicated, 0, 'an event was stored more than once');
    assert.equal(failedButStored, 0, 'an event reported failed was stored');
    assert.equal(summary.acknowledged + summary.failed, N);
  } finally {
    await r.close();
  }
});
