import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostToWebview, parseHostMessage, parseWebviewMessage, type ResultMessage, type WebviewRequest } from '../../../src/protocol/messages';
import { RequestTracker } from '../../../src/protocol/requests';

test('well-formed webview messages are accepted', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'save', id: 1, environment: 'dev', profile: { datasetId: '690da33230e4cd0adff86e57', secondaryIdentities: ['Email'] } },
    { type: 'autofill', id: 2, environment: 'prod', kind: 'schema', profile: {} },
    { type: 'exportBundle', id: 3, environment: 'dev', includeSecret: false },
    { type: 'setSecret', id: 4, environment: 'dev', secret: 's3cr3t' },
    { type: 'testConnection', id: 5, environment: 'dev' },
  ]) {
    assert.ok(parseWebviewMessage(m).ok, JSON.stringify(m));
  }
});

test('malformed or unknown messages are rejected, and the error never echoes the secret', () => {
  const bad: unknown[] = [
    null,
    'ready',
    42,
    { type: 'deleteEverything', id: 1 },
    { type: 'save', environment: 'dev', profile: {} }, // no id
    { type: 'save', id: -1, environment: 'dev', profile: {} },
    { type: 'save', id: 1, environment: '../../etc', profile: {} },
    { type: 'save', id: 1, environment: 'dev', profile: { datasetId: { $gt: 1 } } },
    { type: 'autofill', id: 1, environment: 'dev', kind: 'everything', profile: {} },
    { type: 'exportBundle', id: 1, environment: 'dev', includeSecret: 'yes' },
    { type: 'setSecret', id: 1, environment: 'dev', secret: '' },
    { type: 'ready', extra: true },
    { type: 'setSecret', id: 1, environment: 'dev', secret: 'TOPSECRET', smuggled: 'x' },
  ];
  for (const m of bad) {
    const r = parseWebviewMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m));
    if (!r.ok) assert.ok(!r.error.includes('TOPSECRET'));
  }
});

test('no host → webview message can carry a secret: unknown keys such as clientSecret are rejected', () => {
  const init = { type: 'init', profile: {}, environments: ['dev'], active: 'dev', hasSecret: true, theme: 'dark' };
  assert.ok(parseHostMessage(init).ok);
  assert.equal(parseHostMessage({ ...init, clientSecret: 'x' }).ok, false);
  assert.equal(parseHostMessage({ type: 'result', id: 1, ok: true, secret: 'x' }).ok, false);
  assert.equal(hostToWebview.safeParse({ type: 'result', id: 1, ok: true, hasSecret: 'yes' }).success, false);
});

test('replies are matched to requests by id; unknown or repeated ids are ignored', async () => {
  const sent: WebviewRequest[] = [];
  const t = new RequestTracker((m) => sent.push(m), 0);
  const a = t.request({ type: 'testConnection', environment: 'dev' });
  const b = t.request({ type: 'validate', environment: 'dev', profile: {} });
  assert.notEqual(sent[0].id, sent[1].id);
  assert.equal(t.settle({ type: 'result', id: 999, ok: true }), false);
  const rb: ResultMessage = { type: 'result', id: sent[1].id, ok: false, message: 'b' };
  assert.equal(t.settle(rb), true);
  assert.equal(t.settle(rb), false, 'a second reply to the same id is ignored');
  assert.equal((await b).message, 'b');
  t.settle({ type: 'result', id: sent[0].id, ok: true, message: 'a' });
  assert.equal((await a).message, 'a');
  assert.equal(t.size, 0);
});
