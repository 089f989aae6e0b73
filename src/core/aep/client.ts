import type {
  AepClient,
  ClientOptions,
  MessageOutcome,
  SendAllOptions,
  SendItem,
  SendRequestOptions,
  SendSummary,
  SendTarget,
  XdmEnvelope,
} from './types';
import { AepRefusal } from './types';
import { Redactor } from './redact';
import { checkBearerHost, checkUrl } from './safety';
import { NetworkError, Transport, type HttpAnswer } from './transport';
import { ImsError, ImsTokenProvider } from './token';
import { backoffDelay, isRetryableStatus, parseRetryAfter, retryPolicy, sleep, type RetryPolicy } from './retry';
import { describeError, parseBatch, parseSingleOk } from './responses';
import { EncodedBody, batchBytes, packBatches, Serializer, type SerializedMessage } from './batching';
import { buildXdmEnvelope } from './envelope';

/** §3: "1 MB" is unconfirmed as 1,000,000 or 1,048,576 bytes, so stay under the smaller one. */
export const DEFAULT_MAX_BATCH_BYTES = 1_000_000;
/** Our choice, not Adobe's (no per-batch message cap is documented, §3): keeps 207 bodies small. */
export const DEFAULT_MAX_BATCH_MESSAGES = 500;

type RequestResult =
  | { kind: 'answer'; res: HttpAnswer; attempt: number }
  | { kind: 'network'; error: NetworkError; attempt: number };

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError') && !(e instanceof NetworkError));
}

/** Splits an inlet URL into its single-message and batch forms (§1.1), keeping any query (e.g. `x-adobe-flow-id`). */
export function inletUrls(endpoint: string): { single: URL; batch: URL; inletId: string } {
  const url = checkUrl(endpoint, 'AEP endpoint');
  const m = /^(.*\/collection\/)(?:batch\/)?([^/]+)\/?$/.exec(url.pathname);
  if (!m) {
    throw new AepRefusal(
      `AEP endpoint "${url.origin}${url.pathname}" is not a streaming inlet URL; expected https://dcs.adobedc.net/collection/<inletId> (the connection's inletUrl)`,
      'aep.bad-endpoint',
    );
  }
  const single = new URL(url);
  single.pathname = `${m[1]}${m[2]}`;
  const batch = new URL(url);
  batch.pathname = `${m[1]}batch/${m[2]}`;
  return { single, batch, inletId: decodeURIComponent(m[2]) };
}

class Client implements AepClient {
  private readonly urls: ReturnType<typeof inletUrls>;
  private readonly redactor = new Redactor();
  private readonly serializer = new Serializer();
  private readonly transport: Transport;
  private readonly tokens?: ImsTokenProvider;
  private readonly policy: RetryPolicy;
  private readonly maxBytes: number;
  private readonly maxMessages: number;
  private readonly baseHeaders: Record<string, string>;

  constructor(
    private readonly target: SendTarget,
    private readonly o: ClientOptions,
  ) {
    this.urls = inletUrls(target.endpoint);
    this.policy = retryPolicy(o);
    this.maxBytes = o.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.maxMessages = o.maxBatchMessages ?? DEFAULT_MAX_BATCH_MESSAGES;
    this.transport = new Transport({
      timeoutMs: o.timeoutMs ?? 30_000,
      proxyUrl: o.proxyUrl,
      env: o.env ?? process.env,
      redactor: this.redactor,
      onExchange: o.onExchange,
      maxRecordedBodyChars: o.maxRecordedBodyChars ?? 65_536,
    });
    const h: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // §2.2: raw inlets name their dataflow; the dataset header is the Kafka connector's optional extra.
    if (target.inletKind === 'raw' && target.flowId) h['x-adobe-flow-id'] = target.flowId;
    if (target.inletKind === 'raw' && target.datasetId) h['x-adobe-dataset-id'] = target.datasetId;
    if (target.sandboxName) h['x-sandbox-name'] = target.sandboxName;
    if (target.auth) {
      checkBearerHost(this.urls.single, o.allowBearerToHosts);
      // §2.3: what aepp sends to authenticated inlets (Platform header set).
      h['x-api-key'] = target.auth.clientId;
      const org = target.auth.imsOrgId ?? target.imsOrgId;
      if (org) h['x-gw-ims-org-id'] = org;
      this.tokens = new ImsTokenProvider(target.auth, this.transport, this.redactor, this.policy, {
        skewMs: o.tokenRefreshSkewMs ?? 300_000,
        allowHosts: o.allowBearerToHosts ?? [],
        onRetry: o.onRetry,
      });
    }
    this.baseHeaders = h;
  }

  buildXdmEnvelope(xdmEntity: unknown): XdmEnvelope {
    return buildXdmEnvelope(this.target, xdmEntity);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /**
   * One logical request with its retries: 429/5xx/network back off (Retry-After honoured), a 401/403
   * on an authenticated inlet refreshes the token once (§1.4 "invalid or expired"), all else returns.
   */
  private async post(url: URL, body: EncodedBody, kind: 'single' | 'batch', firstAttempt: number, o: SendRequestOptions): Promise<RequestResult> {
    const max = o.maxAttempts ?? this.policy.maxAttempts;
    let refreshed = false;
    let attempt = firstAttempt;
    let budgetUsed = firstAttempt - 1;
    for (;;) {
      budgetUsed++;
      const headers = { ...this.baseHeaders };
      const token = this.tokens ? await this.tokens.get(o.signal) : undefined;
      if (token) headers.authorization = `Bearer ${token}`;
      let retryAfter: number | undefined;
      let reason: string;
      try {
        const res = await this.transport.exchange('POST', url, headers, body, { kind, attempt, signal: o.signal, timeoutMs: o.timeoutMs });
        if ((res.status === 401 || res.status === 403) && token && !refreshed) {
          refreshed = true;
          budgetUsed--; // the refresh retry is free: it is not the server being unwell
          this.tokens!.invalidate(token);
          attempt++;
          continue;
        }
        if (!isRetryableStatus(res.status) || budgetUsed >= max) return { kind: 'answer', res, attempt };
        retryAfter = parseRetryAfter(res.headers['retry-after']);
        reason = `HTTP ${res.status}`;
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        if (budgetUsed >= max) return { kind: 'network', error: e, attempt };
        reason = `network: ${e.message}`;
      }
      await this.wait(kind, attempt, budgetUsed, retryAfter, reason, o.signal);
      attempt++;
    }
  }

  private async wait(kind: 'single' | 'batch', attempt: number, n: number, retryAfter: number | undefined, reason: string, signal?: AbortSignal): Promise<void> {
    const delayMs = backoffDelay(this.policy, n, retryAfter);
    this.o.onRetry?.({ kind, attempt, delayMs, reason, fromRetryAfter: retryAfter !== undefined });
    await sleep(delayMs, signal);
  }

  private tooLarge(index: number, bytes: number): MessageOutcome {
    return {
      index,
      status: 'failed',
      attempts: 0,
      retryable: false,
      message: `message is ${bytes.toLocaleString('en-US')} bytes; AEP refuses requests over 1 MB (§3, packed under ${this.maxBytes.toLocaleString('en-US')} bytes to be safe) — it was not sent; split or shrink it`,
    };
  }

  async sendSingle(message: unknown, o: SendRequestOptions & { index?: number } = {}): Promise<MessageOutcome> {
    return this.sendSerialized(this.serializer.serialize(o.index ?? 0, message), o);
  }

  private async sendSerialized(m: SerializedMessage, o: SendRequestOptions): Promise<MessageOutcome> {
    if (m.bytes > this.maxBytes) return this.tooLarge(m.index, m.bytes);
    const url = o.syncValidation ? withSync(this.urls.single) : this.urls.single;
    let r: RequestResult;
    try {
      r = await this.post(url, EncodedBody.single(m), 'single', 1, o);
    } catch (e) {
      return this.thrownOutcome(e, m.index, o.signal);
    }
    return this.singleOutcome(m.index, r, !!o.syncValidation);
  }

  private thrownOutcome(e: unknown, index: number, signal?: AbortSignal): MessageOutcome {
    if (isAbort(e, signal)) {
      return { index, status: 'pending', attempts: 0, retryable: true, message: 'cancelled before AEP answered; it may or may not have been received — resend it (a stable _id makes the duplicate identifiable, §1.5)' };
    }
    if (e instanceof ImsError) return { index, status: 'failed', attempts: 0, retryable: e.httpStatus === undefined || e.httpStatus >= 500, message: e.message };
    throw e;
  }

  /**
   * A server or proxy may echo credentials back in its error text (a gateway page quoting
   * `Authorization: Bearer …`); outcomes reach stdout and journals, so they get the same redaction as
   * exchange records.
   */
  private scrub(o: MessageOutcome): MessageOutcome {
    if (o.message) o.message = this.redactor.text(o.message);
    if (o.errors) o.errors = o.errors.map((e) => ({ ...e, message: this.redactor.text(e.message) }));
    return o;
  }

  private singleOutcome(index: number, r: RequestResult, sync: boolean): MessageOutcome {
    if (r.kind === 'network') {
      return this.scrub({ index, status: 'failed', attempts: r.attempt, retryable: true, exchangeId: r.error.exchangeId, message: `no answer from AEP after ${r.attempt} attempt(s): ${r.error.message}` });
    }
    const { res } = r;
    if (res.status >= 200 && res.status < 300) {
      const p = parseSingleOk(res.text);
      return { index, status: 'accepted', httpStatus: res.status, xactionId: p.xactionId, validation: p.validation ?? (sync ? undefined : 'skipped'), message: p.message, attempts: r.attempt, exchangeId: res.exchangeId };
    }
    const d = describeError(res.status, res.text, String(res.headers['content-type'] ?? ''));
    const retryable = isRetryableStatus(res.status);
    return this.scrub({
      index,
      status: 'failed',
      httpStatus: res.status,
      validation: sync && res.status === 400 ? 'failed' : undefined,
      errors: d.errors,
      message: retryable ? `${d.message} (gave up after ${r.attempt} attempt(s))` : d.message,
      attempts: r.attempt,
      retryable,
      exchangeId: res.exchangeId,
    });
  }

  async sendBatch(messages: readonly unknown[], o: SendRequestOptions & { indexes?: number[] } = {}): Promise<MessageOutcome[]> {
    if (o.syncValidation) {
      throw new AepRefusal('syncValidation works only on the single-message endpoint, not on /collection/batch (§1.1); send one message at a time to validate synchronously', 'aep.sync-on-batch');
    }
    const out: MessageOutcome[] = [];
    const ok: SerializedMessage[] = [];
    messages.forEach((msg, i) => {
      const m = this.serializer.serialize(o.indexes?.[i] ?? i, msg);
      if (batchBytes(1, m.bytes) > this.maxBytes) out.push(this.tooLarge(m.index, m.bytes));
      else ok.push(m);
    });
    for (const chunk of packBatches(ok, this.maxBytes, this.maxMessages)) out.push(...(await this.sendChunk(chunk, o)));
    const order = new Map((o.indexes ?? messages.map((_, i) => i)).map((ix, pos) => [ix, pos]));
    return out.sort((a, b) => (order.get(a.index) ?? 0) - (order.get(b.index) ?? 0));
  }

  /**
   * One packed chunk to `/collection/batch/` (§1.1). A 207 answers per message (§1.2): accepted items
   * are final; only items that failed with a retryable status are resent, in a smaller batch.
   */
  private async sendChunk(chunk: SerializedMessage[], o: SendRequestOptions): Promise<MessageOutcome[]> {
    const max = o.maxAttempts ?? this.policy.maxAttempts;
    const done: MessageOutcome[] = [];
    let pending = chunk;
    let first = 1;
    while (pending.length) {
      let r: RequestResult;
      try {
        r = await this.post(this.urls.batch, EncodedBody.batch(pending), 'batch', first, o);
      } catch (e) {
        for (const m of pending) done.push({ ...this.thrownOutcome(e, m.index, o.signal), attempts: first - 1 });
        return done;
      }
      if (r.kind === 'network' || r.res.status !== 207) {
        // Not a per-message answer: every message in this request shares the request's fate.
        for (const m of pending) done.push(this.singleOutcome(m.index, r, false));
        return done;
      }
      const items = parseBatch(r.res.text, pending.length);
      if (!items) {
        for (const m of pending) done.push({ index: m.index, status: 'failed', httpStatus: 207, attempts: r.attempt, retryable: true, exchangeId: r.res.exchangeId, message: 'AEP answered 207 without a readable "responses" list; whether these messages were stored is unknown — check the dataset before resending' });
        return done;
      }
      const again: SerializedMessage[] = [];
      let retryAfter: number | undefined;
      items.forEach((it, i) => {
        const m = pending[i];
        // A missing entry (itemStatus 0) has an unknown fate: report it, never resend it blindly.
        const retryable = it.itemStatus === 0 || isRetryableStatus(it.itemStatus);
        const resend = it.itemStatus !== 0 && retryable;
        if (it.ok) {
          done.push({ index: m.index, status: 'accepted', httpStatus: it.itemStatus, xactionId: it.xactionId, validation: 'skipped', message: 'accepted (validated asynchronously; check the dataset for the final result)', attempts: r.attempt, exchangeId: r.res.exchangeId });
        } else if (resend && r.attempt < max) {
          again.push(m);
        } else {
          done.push(this.scrub({ index: m.index, status: 'failed', httpStatus: it.itemStatus || 207, xactionId: it.xactionId, errors: it.errors, message: retryable ? `${it.message} (gave up after ${r.attempt} attempt(s))` : it.message, attempts: r.attempt, retryable, exchangeId: r.res.exchangeId }));
        }
      });
      if (again.length) retryAfter = parseRetryAfter(r.res.headers['retry-after']);
      pending = again;
      first = r.attempt + 1;
      if (pending.length) {
        try {
          await this.wait('batch', r.attempt, r.attempt, retryAfter, `${pending.length} batch item(s) failed with a retryable status`, o.signal);
        } catch (e) {
          for (const m of pending) done.push({ ...this.thrownOutcome(e, m.index, o.signal), attempts: r.attempt });
          return done;
        }
      }
    }
    return done;
  }

  async sendAll(messages: AsyncIterable<SendItem> | Iterable<SendItem>, opts: SendAllOptions, signal?: AbortSignal): Promise<SendSummary> {
    const it: AsyncIterator<SendItem> | Iterator<SendItem> =
      Symbol.asyncIterator in messages ? (messages as AsyncIterable<SendItem>)[Symbol.asyncIterator]() : (messages as Iterable<SendItem>)[Symbol.iterator]();
    const progress = { sent: 0, acknowledged: 0, failed: 0, pending: 0 };
    const report = (o: MessageOutcome) => {
      if (o.status === 'accepted') progress.acknowledged++;
      else if (o.status === 'failed') progress.failed++;
      else progress.pending++;
      opts.onOutcome?.(o);
    };
    const tick = () => opts.onProgress?.({ sent: progress.sent, acknowledged: progress.acknowledged, failed: progress.failed });
    // Pulling is serialized: iterators (and our one-item lookahead) are not safe to advance concurrently.
    let lock: Promise<unknown> = Promise.resolve();
    const serially = <T>(f: () => Promise<T>): Promise<T> => {
      const p = lock.then(f);
      lock = p.catch(() => undefined);
      return p;
    };
    let exhausted = false;
    let carry: SerializedMessage | undefined;
    const settle = (r: IteratorResult<SendItem>): SerializedMessage | undefined => {
      if (r.done) {
        exhausted = true;
        return undefined;
      }
      return this.serializer.serialize(r.value.index, r.value.body);
    };
    // A plain iterable (an array of items) is pulled without a promise per message: two awaits per
    // message were ~10 % of the client's time in the send bench. An async iterable is awaited as before.
    const nextItem = (): SerializedMessage | undefined | Promise<SerializedMessage | undefined> => {
      if (carry) {
        const c = carry;
        carry = undefined;
        return c;
      }
      if (exhausted || signal?.aborted) return undefined;
      const r = it.next();
      return isThenable(r) ? r.then(settle) : settle(r);
    };
    const pullChunk = async (): Promise<SerializedMessage[]> => {
      const chunk: SerializedMessage[] = [];
      let bytes = 0;
      for (;;) {
        let m = nextItem();
        if (isThenable(m)) m = await m;
        if (!m) break;
        if (batchBytes(1, m.bytes) > this.maxBytes) {
          report(this.tooLarge(m.index, m.bytes));
          continue;
        }
        if (chunk.length && (batchBytes(chunk.length + 1, bytes + m.bytes) > this.maxBytes || chunk.length >= this.maxMessages)) {
          carry = m;
          break;
        }
        chunk.push(m);
        bytes += m.bytes;
      }
      return chunk;
    };
    const ro: SendRequestOptions = { signal, syncValidation: opts.mode === 'sync' };
    const worker = async () => {
      while (!signal?.aborted) {
        if (opts.mode === 'batch') {
          const chunk = await serially(pullChunk);
          if (!chunk.length) return;
          progress.sent += chunk.length;
          opts.onDispatch?.(chunk.map((m) => m.index));
          tick();
          for (const o of await this.sendChunk(chunk, ro)) report(o);
        } else {
          const m = await serially(async () => nextItem());
          if (!m) return;
          progress.sent++;
          opts.onDispatch?.([m.index]);
          tick();
          report(await this.sendSerialized(m, ro));
        }
        tick();
      }
    };
    const n = Math.max(1, Math.floor(opts.concurrency ?? 4));
    try {
      await Promise.all(Array.from({ length: n }, worker));
    } finally {
      if (signal?.aborted) await (it as AsyncIterator<SendItem>).return?.();
    }
    return { ...progress, cancelled: !!signal?.aborted };
  }
}

function isThenable<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | undefined)?.then === 'function';
}

function withSync(u: URL): URL {
  const url = new URL(u);
  url.searchParams.set('syncValidation', 'true');
  return url;
}

/** Creates a client for one inlet. Throws `AepRefusal` for an unsafe or malformed configuration. */
export function createAepClient(target: SendTarget, options: ClientOptions = {}): AepClient {
  return new Client(target, options);
}
