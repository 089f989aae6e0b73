import * as vscode from 'vscode';
import { isTestMode } from '../results/service';

/**
 * Test mode only: what the extension persists outside the workspace files — every workspaceState and
 * globalState key with its value, and where its storage and log files live — so the host suite can
 * prove a planted secret reaches none of them (issue 6 item 4). Tests run in their own bundle and
 * have no ExtensionContext, hence a command returning plain data (like moeAep.results.__testSnapshot).
 */
export function registerTestStateSnapshot(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  if (!isTestMode(context)) return;
  const dump = (m: vscode.Memento) => Object.fromEntries(m.keys().map((k) => [k, m.get(k)]));
  context.subscriptions.push(
    vscode.commands.registerCommand('moeAep.__testState', () => ({
      workspaceState: dump(context.workspaceState),
      globalState: dump(context.globalState),
      storageDir: context.storageUri?.fsPath,
      globalStorageDir: context.globalStorageUri.fsPath,
      logDir: context.logUri.fsPath,
      logLevel: vscode.LogLevel[log.logLevel],
    })),
  );
}
