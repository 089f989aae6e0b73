import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

// Issue: "`moe-aep bundle` on the example workspace produces the same bundle as the panel."
describe('handoff bundle: VS Code and CLI agree', () => {
  it('the Export command and `moe-aep bundle` write byte-identical zips for the example workspace', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const fromEditor = path.join(os.tmpdir(), `moe-aep-editor-${process.pid}.zip`);
    const fromCli = path.join(os.tmpdir(), `moe-aep-cli-${process.pid}.zip`);
    try {
      const out = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('moeAep.exportBundle', { environment: 'dev', includeSecret: false, target: fromEditor });
      assert.ok(out?.ok, out?.message);
      const ext = vscode.extensions.getExtension('moe-aep.moe-aep')!;
      const env = { ...process.env };
      delete env.MOE_AEP_CLIENT_SECRET;
      env.ELECTRON_RUN_AS_NODE = '1'; // under desktop VS Code (test-electron) execPath is Electron
      execFileSync(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'bundle', '--workspace', folder, '--env', 'dev', '--out', fromCli], { env, encoding: 'utf8' });
      const a = fs.readFileSync(fromEditor);
      const b = fs.readFileSync(fromCli);
      assert.ok(a.length > 1000, `the editor's zip is ${a.length} bytes`);
      assert.ok(a.equals(b), `the zips differ (${a.length} vs ${b.length} bytes)`);
    } finally {
      fs.rmSync(fromEditor, { force: true });
      fs.rmSync(fromCli, { force: true });
    }
  });
});
