import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { createAepClient } from '../../../src/core/aep';

/** A proxy that records CONNECT targets and refuses them, so nothing leaves the machine. */
async function recordingProxy() {
  const seen: string[] = [];
  const server = net.createServer((sock) => {
    sock.once('data', (d) => {
      seen.push(d.toString('latin1').split('\r\n')[0]);
      sock.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const target = { endpoint: 'https://dcs.adobedc.net/collection/' + 'a'.repeat(64), inletKind: 'raw' as const, flowId: 'f' };

test('an explicit proxy URL (VS Code http.proxy) carries AEP traffic through CONNECT', async () => {
  const proxy = await recordingProxy();
  const c = createAepClient(target, { proxyUrl: proxy.url, env: {}, maxAttempts: 1, timeoutMs: 3000 });
  try {
    const o = await c.sendSingle({ a: 1 });
    assert.equal(o.status, 'failed');
    assert.equal(o.retryable, true);
    assert.deepEqual(proxy.seen, ['CONNECT dcs.adobedc.net:443 HTTP/1.1']);
  } finally {
    await c.close();
    await proxy.close();
  }
});

test('HTTPS_PROXY is honoured, and NO_PROXY exempts a host from it', async () => {
  const proxy = await recordingProxy();
  const viaEnv = createAepClient(target, { env: { HTTPS_PROXY: proxy.url }, maxAttempts: 1, timeoutMs: 3000 });
  const exempt = createAepClient(target, { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '.adobedc.net' }, maxAttempts: 1, timeoutMs: 1500 });
  try {
    await viaEnv.sendSingle({ a: 1 });
    assert.equal(proxy.seen.length, 1);
    await exempt.sendSingle({ a: 1 }); // goes direct: fails without network, but never reaches the proxy
    assert.equal(proxy.seen.length, 1);
  } finally {
    await viaEnv.close();
    await exempt.close();
    await proxy.close();
  }
});
