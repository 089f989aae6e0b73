/**
 * One chaos send, shared by the CI test and `npm run chaos`: N events through the real AEP client
 * (src/core/aep) against the emulator in chaos mode, then "Resend Failed" passes for retryable
 * failures, then the dataset is fetched over HTTP (`GET /_emulator/dataset`) and every event is
 * counted. Faults: seeded chaos (429/500/503/reset/slow/slowBody + failed batch items), a scripted
 * 429 storm with Retry-After (§1.4, §1.5), and token expiry mid-run (§1.4 403 "invalid or expired").
 */
import { startEmulator, type ChaosFault } from '../../../src/emulator';
import { createAepClient, type MessageOutcome, type RetryInfo, type SendItem, type SendTarget } from '../../../src/core/aep';

export const SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/0123456789abcdef';

export interface ChaosOptions {
  events: number;
  chaos: number;
  seed: number;
  /** Cap on an honoured Retry-After; the CI run shortens the emulator's 1 s, the long run honours it. */
  maxRetryAfterMs: number;
  retryAfterSeconds: number;
  /** Token lifetime on the emulator's IMS stub; short so tokens expire during the run. */
  tokenTtlSeconds: number;
  stormLength: number;
  maxBatchMessages: number;
  concurrency: number;
  faults?: readonly ChaosFault[];
  /** Client secret and token prefix planted by the caller (secret tests reuse this run). */
  clientSecret?: string;
  tokenFactory?: () => string;
  log?: (line: string) => void;
}

export interface ChaosFigures {
  events: number;
  passes: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  retries: number;
  retriesFromRetryAfter: number;
  tokensIssued: number;
  requests: number;
  stored: number;
  lost: number;
  duplicated: number;
  ms: number;
  /** Every text the client produced (exchange records, outcome messages), for secret greps. */
  texts: string[];
}

export async function runChaosSend(o: ChaosOptions): Promise<ChaosFigures> {
  const t0 = Date.now();
  const emu = await startEmulator({
    kind: 'xdm',
    auth: true,
    clientSecret: o.clientSecret,
    tokenFactory: o.tokenFactory,
    tokenTtlSeconds: o.tokenTtlSeconds,
    chaos: o.chaos,
    chaosFaults: o.faults,
    chaosItems: true,
    seed: o.seed,
    retryAfterSeconds: o.retryAfterSeconds,
    slowMs: 30,
  });
  const retries: RetryInfo[] = [];
  const texts: string[] = [];
  const target: SendTarget = {
    endpoint: emu.url,
    inletKind: 'xdm',
    schemaRef: SCHEMA_ID,
    imsOrgId: emu.imsOrgId,
    datasetId: '5f0000000000000000000001',
    flowId: 'flow-chaos',
    auth: { tokenEndpoint: emu.tokenEndpoint, clientId: emu.clientId, clientSecret: emu.clientSecret, scopes: ['openid', 'AdobeID', 'read_organizations'] },
  };
  const client = createAepClient(target, {
    maxAttempts: 8,
    baseDelayMs: 2,
    maxDelayMs: 50,
    maxRetryAfterMs: o.maxRetryAfterMs,
    timeoutMs: 10_000,
    // Refresh only when IMS says the token is gone, so expiry really happens mid-run.
    tokenRefreshSkewMs: 0,
    maxBatchMessages: o.maxBatchMessages,
    onRetry: (r) => retries.push(r),
    onExchange: (x) => texts.push(JSON.stringify(x)),
  });
  // A 429 storm with Retry-After, resets and one "token expired" 403 before chaos proper; further
  // 403s come from real expiry (short TTL). Two scripted 403s in a row for one request would be a
  // genuine refusal, which the client rightly reports instead of retrying forever.
  emu.injectFaults([
    ...Array.from({ length: o.stormLength }, () => ({ status: 429, retryAfter: String(o.retryAfterSeconds) })),
    { reset: true },
    { status: 403 },
    { reset: true },
    { status: 503, retryAfter: String(o.retryAfterSeconds) },
  ]);
  const messages = Array.from({ length: o.events }, (_, i) =>
    client.buildXdmEnvelope({ _id: `chaos-${i}`, timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), eventType: 'directMarketing.emailSent' }),
  );
  let todo: number[] = messages.map((_, i) => i);
  let passes = 0;
  try {
    // "Resend Failed" passes: only retryable failures, as the results tree offers (§1.5).
    while (todo.length && passes < 5) {
      passes++;
      const failed: number[] = [];
      const items: SendItem[] = todo.map((index) => ({ index, body: messages[index] }));
      const summary = await client.sendAll(items, {
        mode: 'batch',
        concurrency: o.concurrency,
        onOutcome: (out: MessageOutcome) => {
          if (out.message) texts.push(out.message);
          if (out.status !== 'accepted') {
            if (!out.retryable) throw new Error(`event ${out.index} failed for good: ${out.message}`);
            failed.push(out.index);
          }
        },
      });
      o.log?.(`pass ${passes}: ${todo.length} sent, ${summary.acknowledged} acknowledged, ${failed.length} to resend`);
      todo = failed;
    }
    const res = await fetch(`${emu.baseUrl}/_emulator/dataset`);
    const dataset = (await res.json()) as Array<{ _id?: string }>;
    const seen = new Map<string, number>();
    for (const r of dataset) seen.set(String(r._id), (seen.get(String(r._id)) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < o.events; i++) {
      const n = seen.get(`chaos-${i}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    const st = emu.stats();
    return {
      events: o.events,
      passes,
      faultsInjected: Object.values(st.faults).reduce((a, b) => a + b, 0),
      faultsByKind: st.faults,
      retries: retries.length,
      retriesFromRetryAfter: retries.filter((r) => r.fromRetryAfter).length,
      tokensIssued: st.tokensIssued,
      requests: st.requests,
      stored: dataset.length,
      lost,
      duplicated,
      ms: Date.now() - t0,
      texts,
    };
  } finally {
    await client.close();
    await emu.close();
  }
}

export function formatFigures(f: ChaosFigures): string {
  const kinds = Object.entries(f.faultsByKind).map(([k, v]) => `${k}×${v}`).join(' ');
  return `chaos: ${f.events} events, ${f.faultsInjected} faults injected (${kinds}), ${f.retries} retries (${f.retriesFromRetryAfter} after Retry-After), ${f.tokensIssued} tokens issued, ${f.requests} requests, ${f.passes} pass(es), stored ${f.stored}, lost ${f.lost}, duplicated ${f.duplicated}, ${f.ms} ms`;
}
