import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator } from '../../src/emulator/server';

// Runs only in the pass that opens the workspace in Restricted Mode (scripts/run-host.mjs, trust on).
describe('Restricted Mode (untrusted workspace)', () => {
  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('ignores the workspace value of a restricted setting (moeAep.integrationFile)', async () => {
    // The harness wrote "attacker.json" into .vscode/settings.json; package.json lists the setting as restricted,
    // so VS Code withholds the workspace value and we keep reading moengage-aep.json.
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, '.vscode', 'settings.json')));
    assert.match(written, /attacker\.json/);
    const cfg = vscode.workspace.getConfiguration('moeAep');
    assert.equal(cfg.get<string>('integrationFile'), 'moengage-aep.json');
    assert.equal(cfg.inspect<string>('integrationFile')?.workspaceValue, undefined);
  });

  it('sends nothing: Send to AEP refuses and the endpoint sees no request', async () => {
    const emu = await startEmulator({ kind: 'raw', requireFlowId: false });
    try {
      const folder = vscode.workspace.workspaceFolders![0].uri;
      const file = vscode.Uri.joinPath(folder, 'moengage-aep.json');
      const doc = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
      doc.environments[doc.activeEnvironment].endpoint = emu.url;
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(doc, null, 2)));
      const payload = vscode.Uri.joinPath(folder, 'payloads', 'email-sent.moe.json');
      const result = await vscode.commands.executeCommand('moeAep.send', { mode: 'sync', uri: payload });
      assert.equal(result, undefined, 'the send command must not report a run');
      const batch = await vscode.commands.executeCommand('moeAep.send', { mode: 'batch', uri: payload });
      assert.equal(batch, undefined);
      assert.equal(emu.dataset().length, 0, 'the emulator stored something');
      assert.equal(emu.stats().requests, 0, `the emulator saw requests: ${JSON.stringify(emu.stats())}`);
    } finally {
      await emu.close();
    }
  });

  it('still checks files: payload diagnostics work in Restricted Mode', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'payloads', 'broken', 'problems.moe.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const deadline = Date.now() + 20_000;
    let codes: string[] = [];
    while (Date.now() < deadline) {
      codes = vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
      if (codes.includes('moe.time-in-ms')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(codes.includes('moe.time-in-ms'), codes.join(', '));
  });
});
