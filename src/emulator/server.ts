import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ValidationCause } from '../core/aep/types';
import { ALL_CHAOS_FAULTS, type ChaosFault, type EmulatorHandle, type EmulatorOptions, type EmulatorStats, type ScriptedFault, type StoredEntry } from './types';
import { faultBody, genericProblem, problemBody, unauthorizedBody, xactionIdOf } from './bodies';
import { checkXdmEnvelope, unwrapRaw } from './envelope';
import { Dataset } from './dataset';
import { RateLimiter } from './rateLimit';
import { seededRandom } from './rng';
import { handleImsToken, type TokenStore } from './ims';

export const DEFAULT_EMULATOR_ORG = 'EMULATOR0000000000000000@AdobeOrg';
/** §3: "1 MB" is 1,000,000 or 1,048,576 bytes [UNCONFIRMED]; the emulator enforces the stricter one. */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;
/** §1.3: "Processing of a message stops after 5 errors". */
const MAX_CAUSES = 5;

type Processed = { kind: 'envelope'; message: string } | { kind: 'ok'; record: unknown; causes: ValidationCause[] };

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  slowBody?: boolean;
  /** Hold the (already decided and stored) answer this long before writing it. */
  holdMs?: number;
}

export function generateInletId(): string {
  return randomBytes(32).toString('hex');
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const inletId = opts.inletId ?? generateInletId();
  const kind = opts.kind ?? 'xdm';
  const imsOrgId = opts.imsOrgId ?? DEFAULT_EMULATOR_ORG;
  const clientId = opts.clientId ?? 'emulator-client';
  const clientSecret = opts.clientSecret ?? 'emulator-secret-0000';
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const statusField = opts.statusField ?? 'statusCode';
  const retryAfter = String(opts.retryAfterSeconds ?? 1);
  const slowMs = opts.slowMs ?? 100;
  const chaosRate = Math.min(1, Math.max(0, opts.chaos ?? 0));
  const chaosFaults = opts.chaosFaults?.length ? opts.chaosFaults : ALL_CHAOS_FAULTS;
  const random = seededRandom(opts.seed ?? 1);
  const requireFlowId = opts.requireFlowId ?? true;
  const dataset = new Dataset(opts.dataDir);
  const failedAsync: { xactionId: string; errors: unknown[] }[] = [];
  const script: ScriptedFault[] = [];
  const tokens: TokenStore = new Map();
  const rate = opts.rateLimitPerSecond ? new RateLimiter(opts.rateLimitPerSecond, 1000) : undefined;
  // §1.1: syncValidation is "limited to 60 requests per minute, per CONNECTION_ID".
  const syncRate = new RateLimiter(opts.syncRateLimitPerMinute ?? 60, 60_000);
  const stats: EmulatorStats = { requests: 0, byStatus: {}, faults: {}, stored: 0, failedAsync: 0, tokensIssued: 0 };
  let seq = 0;
  const log = opts.log ?? (() => undefined);
  const countFault = (f: string) => (stats.faults[f] = (stats.faults[f] ?? 0) + 1);

  function send(req: http.IncomingMessage, res: http.ServerResponse, r: Reply): void {
    if (r.holdMs) {
      const held = { ...r, holdMs: undefined };
      setTimeout(() => {
        if (!res.destroyed) send(req, res, held);
      }, r.holdMs).unref();
      return;
    }
    stats.byStatus[r.status] = (stats.byStatus[r.status] ?? 0) + 1;
    log(`${req.method} ${(req.url ?? '').split('?')[0]} → ${r.status}`);
    const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    const headers = { 'content-type': 'application/json;charset=utf-8', ...r.headers };
    if (!r.slowBody || text.length < 2) {
      res.writeHead(r.status, { ...headers, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    res.writeHead(r.status, headers);
    const mid = Math.floor(text.length / 2);
    res.write(text.slice(0, mid));
    setTimeout(() => res.end(text.slice(mid)), slowMs).unref();
  }

  function pickFault(): { fault?: ChaosFault; scripted?: ScriptedFault } {
    const scripted = script.shift();
    if (scripted) return { scripted };
    if (chaosRate > 0 && random() < chaosRate) return { fault: chaosFaults[Math.floor(random() * chaosFaults.length)] };
    return {};
  }

  /** One message through envelope checks, Data Prep and schema validation (§8). */
  function processMessage(msg: unknown, requestFlowId: string | undefined): Processed {
    let record: unknown;
    const causes: ValidationCause[] = [];
    if (kind === 'xdm') {
      const env = checkXdmEnvelope(msg, imsOrgId);
      if (!env.ok) return { kind: 'envelope', message: env.message };
      record = env.entity;
    } else {
      const raw = unwrapRaw(msg);
      // §2.2/§8: raw data names its dataflow in `x-adobe-flow-id` (header or query). Wording [UNCONFIRMED].
      if (requireFlowId && !requestFlowId && !raw.flowId) {
        return { kind: 'envelope', message: 'Message is missing the x-adobe-flow-id header required for raw (non-XDM) data' };
      }
      record = raw.record;
      if (opts.transform) {
        const t = opts.transform(record);
        record = t.xdm;
        causes.push(...t.errors);
      }
    }
    if (opts.validate && causes.length < MAX_CAUSES) causes.push(...opts.validate(record));
    return { kind: 'ok', record, causes: causes.slice(0, MAX_CAUSES) };
  }

  function checkAuth(req: http.IncomingMessage): Reply | undefined {
    if (!opts.auth) return undefined;
    const h = req.headers.authorization ?? '';
    const reqId = randomUUID();
    if (!h) return { status: 401, body: unauthorizedBody(reqId, 'Ims service token is empty') };
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    const expiresAt = m ? tokens.get(m[1]) : undefined;
    if (expiresAt === undefined) return { status: 401, body: unauthorizedBody(reqId, 'Ims service token is invalid') };
    // §1.4: 403 "Provided authorization token is invalid or expired" (body [UNCONFIRMED]).
    if (Date.now() >= expiresAt) return { status: 403, body: genericProblem(403, 'Forbidden', 'Provided authorization token is invalid or expired') };
    return undefined;
  }

  async function collect(req: http.IncomingMessage, res: http.ServerResponse, url: URL, batch: boolean, body: Buffer | undefined): Promise<void> {
    const { fault, scripted } = pickFault();
    if (fault || scripted?.status || scripted?.reset || scripted?.delayMs) {
      const f = fault ?? (scripted!.reset ? 'reset' : scripted!.status ? String(scripted!.status) : 'slow');
      countFault(f);
      if (scripted?.delayMs || f === 'slow') {
        await delay(scripted?.delayMs ?? slowMs);
        // A client that gave up must not find its message stored (it will retry it).
        if (res.destroyed || req.socket.destroyed) return;
      }
      if (f === 'reset') {
        req.socket.destroy();
        return;
      }
      if (f !== 'slow' && f !== 'slowBody') {
        const status = Number(f);
        const headers = status === 429 || status === 503 ? { 'retry-after': scripted?.retryAfter ?? retryAfter } : undefined;
        const b = scripted?.body ?? faultBody(status, randomUUID());
        return send(req, res, { status, body: b, headers });
      }
    }
    const slowBody = fault === 'slowBody';
    const holdMs = scripted?.holdAnswerMs;
    const authFail = checkAuth(req);
    if (authFail) return send(req, res, authFail);
    if (!body) return send(req, res, { status: 413, body: genericProblem(413, 'Payload Too Large', `The payload is larger than 1 MB (limit ${maxBodyBytes} bytes).`) });
    if (rate && !rate.take()) return send(req, res, { status: 429, headers: { 'retry-after': String(rate.retryAfterSeconds()) }, body: genericProblem(429, 'Too Many Requests', 'Too many requests within specified time duration.') });
    if (opts.requireSandbox && !req.headers['x-sandbox-name']) {
      return send(req, res, { status: 400, body: genericProblem(400, 'Bad Request', 'The x-sandbox-name header is required.') });
    }
    // §1.1 + the integration guide / old Postman name `synchronousValidation`.
    const sync = url.searchParams.get('syncValidation') === 'true' || url.searchParams.get('synchronousValidation') === 'true';
    const requestFlowId = (req.headers['x-adobe-flow-id'] as string | undefined) ?? url.searchParams.get('x-adobe-flow-id') ?? undefined;
    const now = Date.now();
    let parsed: unknown;
    try {
      // §1.1: Adobe's Kafka connector can gzip the body with `Content-Encoding: gzip`.
      const raw = /gzip/i.test(String(req.headers['content-encoding'] ?? '')) ? gunzipSync(body) : body;
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(req, res, { status: 400, body: problemBody(inletId, imsOrgId, 'Message is not valid JSON') });
    }
    if (batch) {
      if (url.searchParams.has('syncValidation') || url.searchParams.has('synchronousValidation')) {
        // §1.1: "only available for the single message endpoint and cannot be used for the batch endpoint". Body [UNCONFIRMED].
        return send(req, res, { status: 400, body: genericProblem(400, 'Bad Request', 'syncValidation is only available for the single message endpoint and cannot be used for the batch endpoint.') });
      }
      const messages = (parsed as { messages?: unknown })?.messages;
      if (!Array.isArray(messages)) {
        return send(req, res, { status: 400, body: problemBody(inletId, imsOrgId, 'Batch body must be {"messages":[...]}') });
      }
      const n = ++seq;
      const batchUuid = randomUUID();
      const toStore: StoredEntry[] = [];
      const responses = messages.map((m, i) => {
        const scriptedItem = scripted?.items?.[i];
        let itemFault = scriptedItem ?? undefined;
        if (itemFault == null && opts.chaosItems && chaosRate > 0 && random() < chaosRate) itemFault = random() < 0.5 ? 500 : 503;
        if (itemFault != null) {
          countFault(`item${itemFault}`);
          return failedItem(i, itemFault, itemFault === 503 ? 'Service unavailable; retry.' : 'Error in processing payload.');
        }
        const p = processMessage(m, requestFlowId);
        if (p.kind === 'envelope') return failedItem(i, 400, `inletId: [${inletId}] imsOrgId: [${imsOrgId}] ${p.message}`);
        const xactionId = xactionIdOf(now, n, i);
        // Batches are validated asynchronously (§1.1): invalid messages are received, then fail later.
        if (p.causes.length) {
          failedAsync.push({ xactionId, errors: p.causes });
          stats.failedAsync++;
        } else toStore.push({ xactionId, receivedTimeMs: now, record: p.record });
        return { xactionId };
      });
      storeAll(toStore);
      function failedItem(i: number, status: number, message: string): object {
        // §1.2: docs use `statusCode`; Adobe's connector fixture uses `status` and `<uuid>-<index>` ids.
        if (statusField === 'status') return { xactionId: `${batchUuid}-${i}`, status, message };
        if (statusField === 'both') return { xactionId: `${batchUuid}-${i}`, statusCode: status, status, message };
        return { statusCode: status, message };
      }
      if (opts.chaosStoredThenReset && fault === 'reset') return void req.socket.destroy();
      return send(req, res, { status: 207, slowBody, holdMs, body: { inletId, batchId: xactionIdOf(now, n), receivedTimeMs: now, responses } });
    }
    if (sync && opts.syncValidationUnsupported) {
      return send(req, res, { status: 501, body: genericProblem(501, 'Not Implemented', 'synchronous validation is not supported for this location') });
    }
    if (sync && !syncRate.take()) {
      return send(req, res, { status: 429, headers: { 'retry-after': String(syncRate.retryAfterSeconds()) }, body: genericProblem(429, 'Too Many Requests', 'syncValidation is limited to 60 requests per minute per inlet.') });
    }
    const p = processMessage(parsed, requestFlowId);
    if (p.kind === 'envelope') return send(req, res, { status: 400, body: problemBody(inletId, imsOrgId, p.message) });
    if (p.causes.length && sync) return send(req, res, { status: 400, body: problemBody(inletId, imsOrgId, 'Message is invalid', p.causes) });
    const xactionId = xactionIdOf(now, ++seq);
    if (p.causes.length) {
      failedAsync.push({ xactionId, errors: p.causes });
      stats.failedAsync++;
    } else storeAll([{ xactionId, receivedTimeMs: now, record: p.record }]);
    const out: Record<string, unknown> = { inletId, xactionId, receivedTimeMs: now, syncValidation: sync ? { status: 'pass' } : { skipped: true } };
    if (kind === 'raw' && requestFlowId) out.flowId = requestFlowId;
    send(req, res, { status: 200, slowBody, holdMs, body: out });
  }

  function storeAll(entries: StoredEntry[]): void {
    dataset.add(entries);
    stats.stored += entries.length;
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://emulator');
    const p = url.pathname.replace(/\/+$/, '');
    const { body, tooLarge } = await readBody(req, maxBodyBytes);
    if (!body && !tooLarge) return; // the client went away mid-request: nothing to answer, nothing stored
    if (req.method === 'POST' && p === '/ims/token/v3') {
      return send(req, res, handleImsToken(body?.toString('utf8') ?? '', url, { clientId, clientSecret, ttlSeconds: opts.tokenTtlSeconds ?? 86399, tokens, onIssued: () => stats.tokensIssued++, tokenFactory: opts.tokenFactory }));
    }
    if (p === '/_emulator/dataset') {
      if (req.method === 'DELETE') {
        dataset.clear();
        return send(req, res, { status: 204, body: undefined });
      }
      return send(req, res, { status: 200, body: dataset.all().map((e) => e.record) });
    }
    if (p === '/_emulator/entries') return send(req, res, { status: 200, body: dataset.all() });
    if (p === '/_emulator/failed') return send(req, res, { status: 200, body: failedAsync });
    if (p === '/_emulator/stats') return send(req, res, { status: 200, body: { ...stats, datasetSize: dataset.size() } });
    if (p === '/_emulator/faults' && req.method === 'POST') {
      try {
        const f = JSON.parse(body?.toString('utf8') ?? '[]') as ScriptedFault[];
        script.push(...(Array.isArray(f) ? f : [f]));
        return send(req, res, { status: 204, body: undefined });
      } catch {
        return send(req, res, { status: 400, body: { error: 'faults must be a JSON array of {status?, reset?, retryAfter?, items?, delayMs?, holdAnswerMs?}' } });
      }
    }
    const m = /^\/collection\/(batch\/)?([^/]+)$/.exec(p);
    if (m && req.method === 'POST') {
      if (m[2] !== inletId) {
        // Unknown inlet: 404 with a problem body [UNCONFIRMED] (the SPEC declares no body, §1.4).
        return send(req, res, { status: 404, body: genericProblem(404, 'Not Found', `inletId: [${m[2]}] is not a known streaming connection; check the inlet URL`) });
      }
      return collect(req, res, url, !!m[1], tooLarge ? undefined : body);
    }
    send(req, res, { status: 404, body: { error: 'not found', routes: ['POST /collection/{inletId}', 'POST /collection/batch/{inletId}', 'POST /ims/token/v3', 'GET|DELETE /_emulator/dataset', 'GET /_emulator/stats'] } });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e: Error) => {
      log(`internal error: ${e.message}`);
      if (!res.headersSent) send(req, res, { status: 500, body: genericProblem(500, 'Internal Server Error', 'emulator error') });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${baseUrl}/collection/${inletId}`,
    baseUrl,
    tokenEndpoint: `${baseUrl}/ims/token/v3`,
    port,
    inletId,
    imsOrgId,
    clientId,
    clientSecret,
    dataset: () => dataset.all().map((e) => e.record),
    entries: () => dataset.all(),
    failed: () => failedAsync.slice(),
    clear: () => dataset.clear(),
    stats: () => JSON.parse(JSON.stringify(stats)) as EmulatorStats,
    injectFaults: (f) => void script.push(...f),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Unref'd: a fault's delay must not keep a closed emulator's process alive. */
function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** Reads at most `limit` bytes; beyond that it drains without buffering and reports `tooLarge` (→ 413, §1.4). */
function readBody(req: http.IncomingMessage, limit: number): Promise<{ body?: Buffer; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ body: tooLarge ? undefined : Buffer.concat(chunks), tooLarge }));
    req.on('error', () => resolve({ tooLarge }));
    req.on('aborted', () => resolve({ tooLarge }));
  });
}
