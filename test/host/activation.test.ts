import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXT_ID = 'moe-aep.moe-aep';

describe('activation', () => {
  it('is the extension under test, loaded from the development path', async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `extension ${EXT_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('contributes its commands to the command palette', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['moeAep.validateFile', 'moeAep.previewXdm', 'moeAep.send', 'moeAep.openPanel', 'moeAep.exportBundle']) {
      assert.ok(all.includes(id), `command ${id} is not registered`);
    }
  });

  it('runs on a Node extension host with the workspace folder open', () => {
    assert.equal(typeof process.versions.node, 'string');
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder is open');
  });
});
