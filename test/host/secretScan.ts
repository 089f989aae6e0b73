// Shared by the secret tests of send.test.ts and panel.test.ts (issue 6 item 4): run with every log at
// TRACE, then look for planted secrets everywhere the extension can persist or show text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** What moeAep.__testState returns (src/extension/mapping/testStateSnapshot.ts), restated to keep extension code out of the test bundle. */
interface TestState {
  workspaceState: Record<string, unknown>;
  globalState: Record<string, unknown>;
  storageDir?: string;
  globalStorageDir: string;
  logDir: string;
  logLevel: string;
}

/**
 * Runs `fn` with every logger, ours included, at TRACE: a secret that only debug/trace lines would
 * print must show up in the scan. `_extensionTests.setLogLevel` is VS Code's own hook for extension
 * test runs (mainThreadLogService.ts); the channel's level is checked, not assumed.
 */
export async function withTraceLogging<T>(fn: () => Promise<T>): Promise<T> {
  const before = (await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel')) ?? 'info';
  await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
  try {
    const state = await vscode.commands.executeCommand<TestState>('moeAep.__testState');
    assert.equal(state.logLevel, 'Trace', 'our log channel runs at TRACE for this test');
    return await fn();
  } finally {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', before);
  }
}

function filesUnder(dir: string | undefined, out: string[] = []): string[] {
  if (!dir || !fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile() && fs.statSync(p).size < 50 * 1024 * 1024) out.push(p);
  }
  return out;
}

/**
 * Where each secret was found: workspaceState/globalState, every file in the extension's storage and log
 * folders, user and workspace settings, every file of the workspace folder, and `extra` texts (e.g. the
 * panel's HTML and posted messages). Waits until our log file has a fresh `[debug]` line (written by
 * moeAep.validateFile after the action under test), so the file is flushed and verbose lines reached it.
 */
export async function scanForSecrets(secrets: string[], extra: Record<string, string> = {}): Promise<{ hits: string[]; scanned: number; logLines: number }> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const probe = vscode.Uri.joinPath(folder, 'payloads', 'email-sent.moe.json');
  const state = await vscode.commands.executeCommand<TestState>('moeAep.__testState');
  const logFiles = () => filesUnder(state.logDir).filter((f) => f.endsWith('.log'));
  const debugLines = () => logFiles().reduce((n, f) => n + (fs.readFileSync(f, 'utf8').match(/\[debug\] payload: email-sent\.moe\.json checked/g)?.length ?? 0), 0);
  const seen = debugLines();
  await vscode.commands.executeCommand('moeAep.validateFile', probe);
  const end = Date.now() + 15_000;
  while (debugLines() <= seen) {
    if (Date.now() > end) throw new Error(`no [debug] line reached ${state.logDir}: the log is not at TRACE/DEBUG or not flushed`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const texts: Record<string, string> = {
    workspaceState: JSON.stringify(state.workspaceState),
    globalState: JSON.stringify(state.globalState),
    ...extra,
  };
  const userSettings = path.join(state.globalStorageDir, '..', '..', 'settings.json');
  const files = [...new Set([...filesUnder(state.storageDir), ...filesUnder(state.globalStorageDir), ...logFiles(), userSettings, ...filesUnder(folder.fsPath)])];
  for (const f of files) if (fs.existsSync(f)) texts[f] = fs.readFileSync(f, 'latin1');
  const hits: string[] = [];
  for (const [where, text] of Object.entries(texts)) for (const s of secrets) if (text.includes(s)) hits.push(`${where} holds ${s.slice(0, 6)}…`);
  const logLines = logFiles().reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length, 0);
  return { hits, scanned: Object.keys(texts).length, logLines };
}
