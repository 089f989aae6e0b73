import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent, request } from 'undici';
import { createAepClient, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_MESSAGES, type SendItem } from '../../src/core/aep';
import { exchangeRecordOf, Journal, messageRecordOf } from '../../src/core/results';
import { numberArg } from '../lib/args';
import { seededRandom } from '../lib/prng';
import { flatEvent } from '../lib/events';
import { startEmulatorProcess } from '../lib/emulatorProcess';
import { interleave } from '../lib/measure';
import { perSec, type BenchContext, type BenchRow } from '../lib/row';

const FLOW_ID = 'bench-flow-0001';

/**
 * The baseline's batches: the same greedy packing the client does (≤ 1,000,000 bytes with the
 * `{"messages":[…]}` wrapper, ≤ 500 messages; aep-streaming-and-dataprep.md §3), built before timing.
 */
function prebuiltBatches(messages: readonly unknown[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let bytes = 0;
  const wrapper = Buffer.byteLength('{"messages":[]}');
  for (const m of messages) {
    const json = JSON.stringify(m);
    const b = Buffer.byteLength(json);
    if (cur.length && (wrapper + bytes + b + cur.length > DEFAULT_MAX_BATCH_BYTES || cur.length >= DEFAULT_MAX_BATCH_MESSAGES)) {
      out.push(`{"messages":[${cur.join(',')}]}`);
      cur = [];
      bytes = 0;
    }
    cur.push(json);
    bytes += b;
  }
  if (cur.length) out.push(`{"messages":[${cur.join(',')}]}`);
  return out;
}

/** Raw TCP throughput over loopback, 1 MB writes echoed by a 2-byte ack: the ceiling any HTTP client here can reach. */
function loopbackMBps(): Promise<number> {
  const chunk = Buffer.alloc(1_000_000, 97);
  const rounds = 30;
  return new Promise((resolve, reject) => {
    const server = net.createServer((s) => {
      let got = 0;
      s.on('data', (d) => {
        got += d.length;
        while (got >= chunk.length) {
          got -= chunk.length;
          s.write('ok');
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const c = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      let i = 0;
      let t0 = 0;
      const next = () => {
        if (i++ === rounds) {
          const s = (performance.now() - t0) / 1000;
          c.destroy();
          server.close();
          return resolve((rounds * chunk.length) / 1e6 / s);
        }
        c.write(chunk);
      };
      c.on('error', reject);
      c.on('data', next);
      c.on('connect', () => {
        t0 = performance.now();
        next();
      });
    });
  });
}

export async function sendCase(ctx: BenchContext): Promise<BenchRow[]> {
  const n = numberArg('--send-events') ?? (ctx.quick ? 1000 : 200_000);
  const concurrency = 2; // what the extension's send command uses for batch mode
  const rnd = seededRandom(5);
  const messages = Array.from({ length: n }, (_, i) => flatEvent(rnd, i));
  const items: SendItem[] = messages.map((body, index) => ({ index, body }));
  const keys = messages.map((m) => String(m.event_uuid));
  // The baseline posts pre-encoded bytes: the hand-written limit (no string to encode per request, and
  // no cons string flattened on first use, which made its first timed round slower than the rest).
  const batches = prebuiltBatches(messages).map((b) => Buffer.from(b, 'utf8'));
  const emu = await startEmulatorProcess(ctx.outDir, 'raw');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-bench-journal-'));
  const target = { endpoint: emu.url, inletKind: 'raw' as const, flowId: FLOW_ID };
  let retries = 0;
  let requests = 0;
  let run = 0;

  /** Our client as the send command runs it: retries on, every exchange and outcome journaled, progress reported. */
  const ours = async (subset = items, bodies?: string[]) => {
    const runId = `bench-${++run}`;
    const journal = new Journal(path.join(tmp, `journal-${run}.ndjson`));
    const appends: Promise<void>[] = [];
    let progressCalls = 0;
    const client = createAepClient(target, {
      maxAttempts: 5,
      timeoutMs: 30_000,
      onRetry: () => retries++,
      onExchange: (x) => {
        requests++;
        if (bodies && x.requestBody) bodies.push(x.requestBody);
        appends.push(journal.append(exchangeRecordOf(runId, x)));
      },
      ...(bodies ? { maxRecordedBodyChars: 4 * DEFAULT_MAX_BATCH_BYTES } : {}),
    });
    await journal.append({ type: 'run-start', runId, at: new Date().toISOString(), endpoint: emu.url, mode: 'batch', file: 'bench.moe.json', total: subset.length, eventKeys: keys.slice(0, subset.length) });
    let accepted = 0;
    const summary = await client.sendAll(subset, {
      mode: 'batch',
      concurrency,
      onOutcome: (o) => {
        if (o.status === 'accepted') accepted++;
        const rec = messageRecordOf(runId, o, { key: keys[o.index] });
        if (rec) appends.push(journal.append(rec));
      },
      onProgress: () => void progressCalls++,
    });
    await Promise.all(appends);
    await journal.append({ type: 'run-end', runId, at: new Date().toISOString(), counts: { accepted, rejected: 0, error: summary.failed, pending: summary.pending } });
    await journal.close();
    await client.close();
    assert.equal(accepted, subset.length, `our client: ${subset.length - accepted} of ${subset.length} events not accepted`);
    assert.ok(progressCalls > 0);
  };

  /** A minimal undici loop: same concurrency, same pre-built bodies, same headers, reads each answer. */
  const baseline = async (bodies: readonly Buffer[] = batches, count = n) => {
    const agent = new Agent({ connections: concurrency });
    const url = emu.url.replace('/collection/', '/collection/batch/');
    let next = 0;
    let accepted = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json', accept: 'application/json', 'x-adobe-flow-id': FLOW_ID } });
        const text = await res.body.text();
        if (res.statusCode !== 207) throw new Error(`baseline: HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
        accepted += (JSON.parse(text) as { responses: unknown[] }).responses.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await agent.close();
    assert.equal(accepted, count);
  };

  try {
    // Same bytes: what our client put on the wire for the first events equals the baseline's bodies.
    const probe = items.slice(0, Math.min(n, 1200, Math.max(600, n / 10)));
    const sent: string[] = [];
    await ours(probe, sent);
    // Exchanges are recorded as answers arrive, and several requests are in flight, so compare as a multiset.
    assert.deepEqual([...sent].sort(), [...prebuiltBatches(messages.slice(0, probe.length))].sort(), 'the baseline must post the bytes our client posts');

    ctx.log(`send: ${n} events, ${batches.length} batch requests, emulator pid ${emu.pid}`);
    const before = await emu.stored();
    // Warm-up on a tenth of the events (a full-size warm-up round would cost minutes on this VM).
    const warm = Math.ceil(n / 10);
    await ours(items.slice(0, warm));
    const warmBatches = prebuiltBatches(messages.slice(0, warm)).map((b) => Buffer.from(b, 'utf8'));
    await baseline(warmBatches, warm);
    requests = 0;
    retries = 0;
    const rounds = { warmup: 0, reps: 2 };
    const t = await interleave(() => ours(), () => baseline(), rounds);
    const stored = (await emu.stored()) - before;
    const runs = rounds.reps;
    assert.equal(stored, 2 * warm + 2 * runs * n, 'the emulator stored every event of every run');
    const loopback = await loopbackMBps();
    const oursEps = (n / t.ours.medianMs) * 1000;
    const baseEps = (n / t.baseline.medianMs) * 1000;
    const ratio = oursEps / baseEps;
    return [
      {
        id: 'send-batch',
        case: `send ${n.toLocaleString('en-US')} events, batch mode, emulator over loopback`,
        ours: perSec(oursEps),
        baseline: `${perSec(baseEps)} (undici loop)`,
        ratio,
        target: '≥ 0.8× and ≥ 10,000 ev/s',
        pass: ratio >= 0.8 && oursEps >= 10_000,
        figures: { oursEventsPerSec: oursEps, baselineEventsPerSec: baseEps, oursMs: t.ours.medianMs, baselineMs: t.baseline.medianMs, requestsPerRun: requests / runs, retries, events: n, loopbackTcpMBps: loopback, ...rounds_(t) },
        notes: [`emulator in a child process (raw inlet, no mapping/schema, stores raw); concurrency ${concurrency}; our client with retries, journal and progress on; ${batches.length} requests per run; median of ${rounds.reps} interleaved rounds after a 10% warm-up; raw TCP loopback on this machine: ${loopback.toFixed(0)} MB/s`],
      },
    ];
  } finally {
    await emu.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Each timed round's milliseconds, so the JSON copy shows the spread behind the median. */
function rounds_(t: { ours: { samplesMs: number[] }; baseline: { samplesMs: number[] } }): Record<string, number> {
  const out: Record<string, number> = {};
  t.ours.samplesMs.forEach((v, i) => (out[`oursRound${i + 1}Ms`] = v));
  t.baseline.samplesMs.forEach((v, i) => (out[`baselineRound${i + 1}Ms`] = v));
  return out;
}
