import * as vscode from 'vscode';
import type { ConnectionResult } from '../../core/handoff/testConnection';
import { getEnvironment } from '../../core/handoff/integrationFile';
import { BUNDLE_EXPORTED_CONTEXT, ReadinessTree } from './readiness';
import { getClientSecret } from './secrets';
import { profileStore, type ActiveProfile } from './store';

export type { ActiveProfile } from './store';

let readinessTree: ReadinessTree | undefined;

/**
 * The active environment of the workspace's integration file, for other features (send, results).
 * Undefined when there is no workspace, no file, or the file is invalid.
 */
export async function getActiveProfile(): Promise<ActiveProfile | undefined> {
  try {
    return await profileStore().active();
  } catch {
    return undefined;
  }
}

/** Re-checks the Integration Checklist (and the walkthrough context keys) soon. */
export function refreshReadiness(): void {
  readinessTree?.refresh();
}

export const BUNDLE_EXPORTED_STATE = 'moeAep.bundleExported';

export function registerProfile(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const store = profileStore(log);
  const tree = (readinessTree = new ReadinessTree(store, log));
  const view = vscode.window.createTreeView('moeAep.readiness', { treeDataProvider: tree, showCollapseAll: false });
  const status = vscode.window.createStatusBarItem('moeAep.environment', vscode.StatusBarAlignment.Left, 20);
  status.name = 'MoEngage → AEP environment';
  status.command = 'moeAep.switchEnvironment';

  const showStatus = () => {
    const p = store.current();
    if (!p?.exists) return status.hide();
    const env = p.file ? getEnvironment(p.file).name : undefined;
    status.text = env ? `$(plug) AEP: ${env}` : '$(warning) AEP: invalid';
    status.tooltip = env ? `MoEngage → AEP environment "${env}" (${p.relativePath}). Click to switch.` : `${p.relativePath} has problems; click to choose an environment or open it.`;
    status.accessibilityInformation = { label: env ? `AEP environment ${env}, click to switch` : 'AEP integration file has problems' };
    status.show();
  };

  context.subscriptions.push(
    store,
    tree,
    view,
    status,
    store.onDidChange(() => {
      showStatus();
      tree.refresh();
    }),
    vscode.workspace.onDidSaveTextDocument(() => tree.refresh()),
    view.onDidChangeVisibility((e) => e.visible && tree.refresh()),
    vscode.commands.registerCommand('moeAep.switchEnvironment', () => switchEnvironment(log)),
    vscode.commands.registerCommand('moeAep.testConnection', (arg?: { environment?: string; silent?: boolean }) => runTestConnection(context, log, arg)),
  );
  void vscode.commands.executeCommand('setContext', BUNDLE_EXPORTED_CONTEXT, context.workspaceState.get<boolean>(BUNDLE_EXPORTED_STATE, false));
  // The status bar needs the environment name; read the small file after activation, not during it.
  // The walkthrough's context keys come from the same check, so it runs once after startup too.
  setTimeout(
    () =>
      void store.load().then(
        () => {
          showStatus();
          tree.refresh();
        },
        (e) => log.warn(`reading the integration file failed: ${(e as Error).message}`),
      ),
    0,
  );
}

async function switchEnvironment(log: vscode.LogOutputChannel): Promise<string | undefined> {
  const store = profileStore();
  const p = await store.load();
  if (!p) return void vscode.window.showWarningMessage('Open a workspace folder first.');
  const names = p.file ? Object.keys(p.file.environments) : [];
  const active = p.file?.activeEnvironment;
  const items: (vscode.QuickPickItem & { env?: string })[] = names.map((n) => ({ label: n, env: n, description: n === active ? 'active' : undefined, iconPath: new vscode.ThemeIcon(n === active ? 'check' : 'circle-outline') }));
  items.push({ label: '$(add) New environment…' });
  const pick = await vscode.window.showQuickPick(items, { title: 'MoEngage → AEP: switch environment', placeHolder: `Active: ${active ?? 'none'}` });
  if (!pick) return undefined;
  let env = pick.env;
  if (!env) {
    env = await vscode.window.showInputBox({
      title: 'New environment name',
      prompt: 'Letters, digits, "-" and "_" (e.g. dev, stage, prod)',
      validateInput: (v) => (/^[A-Za-z0-9_-]{1,64}$/.test(v) ? (names.includes(v) ? `"${v}" already exists` : undefined) : 'Use letters, digits, "-" and "_".'),
    });
    if (!env) return undefined;
  }
  if (!p.file && p.exists) {
    return void vscode.window.showErrorMessage(`${p.relativePath} has problems (${p.diagnostics[0]?.message}); fix it before switching.`);
  }
  await store.setActiveEnvironment(env);
  log.info(`active environment: ${env}`);
  return env;
}

async function runTestConnection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: { environment?: string; silent?: boolean }): Promise<ConnectionResult> {
  const done = (r: ConnectionResult) => {
    log.info(`test connection: ${r.ok ? 'ok' : 'failed'}: ${r.message}`);
    if (!arg?.silent) void (r.ok ? vscode.window.showInformationMessage(r.message) : vscode.window.showErrorMessage(r.message));
    return r;
  };
  // A workspace could otherwise make us send data or credentials to a host it chose (package.json capabilities).
  if (!vscode.workspace.isTrusted) return done({ ok: false, message: 'Test Connection sends data; trust this workspace first.' });
  const p = await profileStore().load();
  if (!p?.file) return done({ ok: false, message: p?.exists ? `${p.relativePath} has problems; fix them first.` : 'No integration details yet: open the Integration Details and fill in the endpoint.' });
  const { name, env } = getEnvironment(p.file, arg?.environment);
  if (!env) return done({ ok: false, message: `Environment "${name}" is not defined.` });
  const fallback = env.verifiedPayloadFile ? undefined : (await vscode.workspace.findFiles(new vscode.RelativePattern(p.folder, '**/*.{moe,moengage}.json'), '**/node_modules/**', 1))[0];
  const config = vscode.workspace.getConfiguration('moeAep', p.folder.uri);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Testing the ${name} connection…`, cancellable: true }, async (_progress, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    // Loaded on first use: it pulls in the HTTP client (undici), which activation must not pay for.
    const { testConnection } = await import('../../core/handoff/testConnection');
    const r = await testConnection({
      env,
      workspaceDir: p.folder.uri.fsPath,
      secret: env.authMethod === 'oauth' ? await getClientSecret(context.secrets, name) : undefined,
      allowBearerToHosts: config.get<string[]>('allowBearerToHosts', []),
      timeoutMs: config.get<number>('send.timeoutMs', 30_000),
      signal: ac.signal,
      fallbackPayloadFile: fallback ? vscode.workspace.asRelativePath(fallback, false) : undefined,
      onExchange: (x) => log.debug(`${x.method} ${x.url} → ${x.status ?? x.error}`),
    });
    return done(r);
  });
}
