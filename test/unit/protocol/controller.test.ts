import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleWebviewMessage, type PanelDeps } from '../../../src/extension/panel/controller';
import type { HostToWebview } from '../../../src/protocol/messages';
import type { Assessment } from '../../../src/core/handoff/assess';

function fakeDeps() {
  const calls: string[] = [];
  const posted: HostToWebview[] = [];
  const secrets = new Map<string, string>();
  const saved: Record<string, unknown>[] = [];
  const assessment: Assessment = { environment: 'dev', problems: [], steps: [], inputs: {} };
  const deps: PanelDeps = {
    load: async () => (calls.push('load'), { file: { activeEnvironment: 'dev', environments: { dev: { tenant: '_acme' } } }, fileProblems: [] }),
    saveEnvironment: async (_e, v) => void (calls.push('save'), saved.push(v as Record<string, unknown>)),
    setActive: async () => void calls.push('setActive'),
    hasSecret: async (e) => (calls.push('hasSecret'), secrets.has(e)),
    storeSecret: async (e, s) => void (calls.push('storeSecret'), secrets.set(e, s)),
    deleteSecret: async (e) => void (calls.push('deleteSecret'), secrets.delete(e)),
    autofill: async () => (calls.push('autofill'), { ok: true, patch: { tenant: '_x' }, message: 'm' }),
    testConnection: async () => (calls.push('testConnection'), { ok: true, message: 'ok' }),
    exportBundle: async () => (calls.push('exportBundle'), { ok: true, message: 'ok' }),
    assess: async () => (calls.push('assess'), assessment),
    theme: () => 'dark',
    trusted: () => true,
    post: (m) => void posted.push(m),
    log: () => undefined,
  };
  return { deps, calls, posted, secrets, saved };
}

test('malformed and unknown webview messages are rejected with no side effect and no reply', async () => {
  const { deps, calls, posted, secrets } = fakeDeps();
  for (const raw of [
    undefined,
    { type: 'setSecret', id: 1, environment: 'dev' },
    { type: 'setSecret', id: 1, environment: 'dev/../../x', secret: 'abc' },
    { type: 'exportBundle', id: 2, environment: 'dev', includeSecret: 1 },
    { type: 'save', id: 3, environment: 'dev', profile: { endpoint: 42 } },
    { type: 'runShell', id: 4, command: 'rm -rf /' },
    { type: 'testConnection', id: '5', environment: 'dev' },
  ]) {
    const r = await handleWebviewMessage(raw, deps);
    assert.equal(r.accepted, false, JSON.stringify(raw));
  }
  assert.deepEqual(calls, []);
  assert.deepEqual(posted, []);
  assert.equal(secrets.size, 0);
});

test('ready is answered with init; the secret is stored but never sent back', async () => {
  const { deps, posted, secrets } = fakeDeps();
  await handleWebviewMessage({ type: 'ready' }, deps);
  assert.equal(posted[0].type, 'init');
  assert.equal(posted[0].type === 'init' && posted[0].hasSecret, false);
  await handleWebviewMessage({ type: 'setSecret', id: 7, environment: 'dev', secret: 'p8e-TOPSECRET' }, deps);
  assert.equal(secrets.get('dev'), 'p8e-TOPSECRET');
  const reply = posted[1];
  assert.equal(reply.type === 'result' && reply.id, 7);
  assert.equal(reply.type === 'result' && reply.hasSecret, true);
  assert.ok(!JSON.stringify(posted).includes('p8e-TOPSECRET'));
});

test('save refuses invalid values with field problems and writes nothing', async () => {
  const { deps, calls, posted, saved } = fakeDeps();
  await handleWebviewMessage({ type: 'save', id: 9, environment: 'dev', profile: { datasetId: 'MoEngage Event Data', tenant: '_acme' } }, deps);
  assert.ok(!calls.includes('save'));
  const r = posted[0];
  assert.ok(r.type === 'result' && !r.ok);
  assert.ok(r.type === 'result' && r.problems?.some((p) => p.field === 'datasetId' && /24 hex/.test(p.message)));
  await handleWebviewMessage({ type: 'save', id: 10, environment: 'dev', profile: { datasetId: '690da33230e4cd0adff86e57', secondaryIdentities: ['Email', ' ', 'Phone'], flowId: '' } }, deps);
  assert.deepEqual(saved[0], { datasetId: '690da33230e4cd0adff86e57', secondaryIdentities: ['Email', 'Phone'] });
});
