import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefetch } from '../../../src/cli/send/prefetch';

async function* counted(n: number, pulled: { n: number }, failAt = -1): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error(`read error at ${i}`);
    pulled.n++;
    yield i;
  }
}

const turn = () => new Promise((r) => setImmediate(r));

test('prefetch hands items on in order and never reads more than `ahead` items past what was taken (streamed send memory stays bounded)', async () => {
  const pulled = { n: 0 };
  const got: number[] = [];
  let maxAhead = 0;
  for await (const v of prefetch(counted(1000, pulled), 50, 7)) {
    got.push(v);
    // Let the prefetcher run, as it does while a request is in flight.
    await turn();
    await turn();
    maxAhead = Math.max(maxAhead, pulled.n - got.length);
  }
  assert.deepEqual(got, Array.from({ length: 1000 }, (_, i) => i));
  assert.ok(maxAhead <= 50, `read ${maxAhead} ahead`);
  assert.ok(maxAhead >= 7, `it did read ahead (${maxAhead})`);
});

test('a failing source reaches the consumer after the items before it; return() stops reading', async () => {
  const pulled = { n: 0 };
  const got: number[] = [];
  await assert.rejects(async () => {
    for await (const v of prefetch(counted(100, pulled, 30), 10)) got.push(v);
  }, /read error at 30/);
  assert.deepEqual(got, Array.from({ length: 30 }, (_, i) => i));

  const p2 = { n: 0 };
  const it = prefetch(counted(1000, p2), 20);
  assert.deepEqual(await it.next(), { value: 0, done: false });
  await it.return!();
  const after = p2.n;
  for (let i = 0; i < 5; i++) await turn();
  assert.equal(p2.n, after, 'nothing is read after return()');
  assert.ok(after <= 21);
});
