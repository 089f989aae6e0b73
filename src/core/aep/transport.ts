import { Agent, EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import { randomBytes } from 'node:crypto';
import type { ExchangeRecord } from './types';
import type { Redactor } from './redact';
import { isLoopbackHost } from './safety';
import { abortReason } from './retry';
import type { EncodedBody } from './batching';

export interface TransportOptions {
  timeoutMs: number;
  proxyUrl?: string;
  env: Record<string, string | undefined>;
  redactor: Redactor;
  onExchange?: (r: ExchangeRecord) => void;
  maxRecordedBodyChars: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  exchangeId: string;
}

/** DCS answers are a few KB even for a 207 of thousands of items; more is a proxy's error page or worse. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

async function readCapped(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > max) {
      body.destroy();
      throw Object.assign(new Error(`the response exceeded ${max} bytes and was dropped`), { code: 'RESPONSE_TOO_LARGE' });
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A failure with no HTTP answer: DNS, refused, reset, TLS, timeout. Always safe to retry. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly exchangeId: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/**
 * Our own undici dispatchers (never the global one, so VS Code's and other extensions' traffic is
 * untouched). Loopback always goes direct; otherwise an explicit proxy, or the proxy environment
 * variables with NO_PROXY honoured by undici's EnvHttpProxyAgent.
 */
export class Transport {
  private readonly direct: Agent;
  private readonly proxied?: Dispatcher;
  private readonly idPrefix = randomBytes(3).toString('hex');
  private seq = 0;

  constructor(private readonly o: TransportOptions) {
    const timeouts = { connect: { timeout: o.timeoutMs }, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs };
    this.direct = new Agent({ ...timeouts, keepAliveTimeout: 10_000 });
    const env = o.env;
    if (o.proxyUrl) {
      this.proxied = new ProxyAgent({ uri: o.proxyUrl, ...timeouts });
    } else if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) {
      this.proxied = new EnvHttpProxyAgent({
        httpProxy: env.HTTP_PROXY ?? env.http_proxy,
        httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
        noProxy: env.NO_PROXY ?? env.no_proxy,
        ...timeouts,
      });
    }
  }

  private dispatcherFor(url: URL): Dispatcher {
    return this.proxied && !isLoopbackHost(url.hostname) ? this.proxied : this.direct;
  }

  async exchange(
    method: 'POST' | 'GET',
    url: URL,
    headers: Record<string, string>,
    body: string | EncodedBody | undefined,
    meta: { kind: ExchangeRecord['kind']; attempt: number; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<HttpAnswer> {
    const id = `${this.idPrefix}-${++this.seq}`;
    const started = Date.now();
    const timeoutMs = meta.timeoutMs ?? this.o.timeoutMs;
    // undici's own timeouts tick at ~1 s resolution and reset on every body chunk; a precise overall
    // deadline also catches a server that trickles bytes forever.
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = meta.signal ? AbortSignal.any([meta.signal, deadline]) : deadline;
    const record = (status: number | undefined, resHeaders: HttpAnswer['headers'], text: string | undefined, error?: string) => {
      if (!this.o.onExchange) return;
      const r = this.o.redactor;
      this.o.onExchange({
        id,
        kind: meta.kind,
        method,
        url: r.text(url.toString()),
        requestHeaders: r.headers(headers),
        requestBody: body === undefined ? undefined : r.text(this.clip(body)),
        status,
        responseHeaders: r.headers(resHeaders),
        responseBody: text === undefined ? undefined : r.text(this.clip(text)),
        durationMs: Date.now() - started,
        attempt: meta.attempt,
        error,
        startedAt: new Date(started).toISOString(),
      });
    };
    try {
      const res = await request(url, {
        method,
        headers,
        body: typeof body === 'object' ? body.bytes : body,
        signal,
        dispatcher: this.dispatcherFor(url),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await readCapped(res.body, MAX_RESPONSE_BYTES);
      record(res.statusCode, res.headers, text);
      return { status: res.statusCode, headers: res.headers, text, exchangeId: id };
    } catch (e) {
      if (meta.signal?.aborted) {
        record(undefined, {}, undefined, 'cancelled');
        throw abortReason(meta.signal);
      }
      const err = e as Error & { code?: string };
      const why = deadline.aborted ? `timed out after ${timeoutMs} ms` : `${err.code ?? err.name}: ${err.message}`;
      record(undefined, {}, undefined, why);
      throw new NetworkError(`${url.host}: ${why}`, id);
    }
  }

  /**
   * Clipped before it is redacted: redaction then scans what is kept, not a whole 1 MB batch, and
   * nothing past the clip is recorded at all, so nothing there can leak. The marker is ASCII on
   * purpose: one `…` turned every recorded batch into a two-byte string, which made redacting,
   * journaling and UTF-8 encoding it several times slower (~2 ms per 64 KiB body in the send bench).
   */
  private clip(s: string | EncodedBody): string {
    const max = this.o.maxRecordedBodyChars;
    if (typeof s === 'object') return s.chars > max ? `${s.head(max)}... [${s.chars - max} more characters not recorded]` : s.head(s.chars);
    return s.length > max ? `${s.slice(0, max)}... [${s.length - max} more characters not recorded]` : s;
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxied?.close()]);
  }
}
