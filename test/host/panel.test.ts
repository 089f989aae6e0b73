import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../src/protocol/messages';
import { scanForSecrets, withTraceLogging } from './secretScan';

// What moeAep.openPanel returns (src/extension/panel/panel.ts PanelHandle), restated so this suite
// does not import extension code into the test bundle.
interface PanelHandle {
  receive(raw: unknown): Promise<{ accepted: boolean; error?: string }>;
  readonly posted: readonly HostToWebview[];
  readonly panel: vscode.WebviewPanel;
}

const SECRET = 'p8e-HostTest-Secret-7f3a91';
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const tryRead = async (uri: vscode.Uri) => {
  try {
    return await readText(uri);
  } catch {
    return '';
  }
};

async function openPanel(): Promise<PanelHandle> {
  await vscode.extensions.getExtension('moe-aep.moe-aep')!.activate();
  const h = await vscode.commands.executeCommand<PanelHandle>('moeAep.openPanel');
  assert.ok(h && typeof h.receive === 'function', 'moeAep.openPanel returns the panel handle');
  return h;
}

function lastInit(h: PanelHandle) {
  const init = [...h.posted].reverse().find((m) => m.type === 'init');
  assert.ok(init && init.type === 'init', 'the panel answered ready with init');
  return init;
}

describe('integration details panel', () => {
  after(async () => {
    await vscode.commands.executeCommand('moeAep.clearClientSecret', { environment: 'dev' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('serves the form under a strict CSP with a random nonce and no unsafe-inline', async () => {
    const h = await openPanel();
    const html = h.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html), 'no unsafe-inline / unsafe-eval');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.ok(html.includes(`<script nonce="${nonce}"`));
    assert.ok(!/<style|style="/.test(html), 'no inline styles');
  });

  it('stores the client secret in SecretStorage, never in the workspace file, settings, extension state, the log at TRACE or the bundle', async () => {
    await withTraceLogging(async () => {
      const h = await openPanel();
      // Make "dev" an OAuth environment through the same path the form uses.
      await h.receive({ type: 'ready' });
      const init = lastInit(h);
      const profile = { ...init.profile, authMethod: 'oauth', clientId: 'abc123def456', technicalAccountId: 'ABC123@techacct.adobe.com', scopes: ['openid', 'AdobeID'], tokenEndpoint: 'https://ims-na1.adobelogin.com/ims/token/v3' };
      assert.equal((await h.receive({ type: 'save', id: 1, environment: 'dev', profile })).accepted, true);
      const saved = [...h.posted].reverse().find((m) => m.type === 'result' && m.id === 1);
      assert.ok(saved && saved.type === 'result' && saved.ok, `save failed: ${JSON.stringify(saved)}`);

      assert.equal((await h.receive({ type: 'setSecret', id: 2, environment: 'dev', secret: SECRET })).accepted, true);
      const stored = [...h.posted].reverse().find((m) => m.type === 'result' && m.id === 2);
      assert.ok(stored && stored.type === 'result' && stored.hasSecret === true);
      await h.receive({ type: 'ready' });
      assert.equal(lastInit(h).hasSecret, true, 'SecretStorage holds it');
      assert.ok(!JSON.stringify(h.posted).includes(SECRET), 'the secret never travels back to the webview');

      const file = await readText(vscode.Uri.joinPath(folder(), 'moengage-aep.json'));
      assert.match(file, /"authMethod": "oauth"/);
      assert.ok(!file.includes(SECRET), 'not in moengage-aep.json');
      assert.ok(!(await tryRead(vscode.Uri.joinPath(folder(), '.vscode', 'settings.json'))).includes(SECRET), 'not in workspace settings');
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('moeAep')).includes(SECRET), 'not in any setting');

      const target = path.join(os.tmpdir(), `moe-aep-host-bundle-${process.pid}.zip`);
      const out = await vscode.commands.executeCommand<{ ok: boolean; message: string; bytes?: number }>('moeAep.exportBundle', { environment: 'dev', includeSecret: false, target });
      assert.ok(out?.ok, out?.message);
      const zip = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(target)));
      assert.equal(zip.readUInt32LE(0), 0x04034b50, 'a ZIP file was written');
      assert.ok(zip.includes(Buffer.from('HANDOFF.md')));
      assert.ok(!zip.includes(Buffer.from(SECRET)), 'not in the bundle unless opted in');
      // Issue 6 item 4: the panel's page and every message it was sent (what its webview state is made of),
      // workspace/global state, storage and log files (at TRACE), settings and the workspace.
      const scan = await scanForSecrets([SECRET], { webviewHtml: h.panel.webview.html, postedToWebview: JSON.stringify(h.posted) });
      assert.deepEqual(scan.hits, [], 'the secret was persisted, logged or sent to the webview');
      assert.ok(scan.logLines > 1 && scan.scanned > 5, `the scan looked at too little (${scan.scanned} places, ${scan.logLines} log lines)`);
    });
  });

  it('rejects malformed webview messages without any side effect', async () => {
    const h = await openPanel();
    const fileUri = vscode.Uri.joinPath(folder(), 'moengage-aep.json');
    const before = await readText(fileUri);
    const postedBefore = h.posted.length;
    for (const raw of [
      null,
      'save',
      { type: 'save', id: 1, environment: 'dev', profile: { endpoint: { $ne: 1 } } },
      { type: 'setSecret', id: 2, environment: '../other', secret: 'x-secret-x' },
      { type: 'exportBundle', id: 3, environment: 'dev', includeSecret: 'yes' },
      { type: 'openExternal', id: 4, url: 'https://example.com' },
      { type: 'clearSecret', environment: 'dev' },
    ]) {
      const r = await h.receive(raw);
      assert.equal(r.accepted, false, JSON.stringify(raw));
    }
    assert.equal(h.posted.length, postedBefore, 'no reply was posted');
    assert.equal(await readText(fileUri), before, 'the integration file is unchanged');
    await h.receive({ type: 'ready' });
    assert.equal(lastInit(h).hasSecret, true, 'the stored secret was not cleared');
  });
});
