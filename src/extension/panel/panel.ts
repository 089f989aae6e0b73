import * as vscode from 'vscode';
import { assessHandoff } from '../../core/handoff/assess';
import { autofill } from '../../core/handoff/autofill';
import type { ConnectionResult } from '../../core/handoff/testConnection';
import { fieldKeys, type IntegrationFile } from '../../core/handoff/profile';
import type { HostToWebview, InitMessage } from '../../protocol/messages';
import { refreshReadiness } from '../profile/index';
import { deleteClientSecret, hasStoredSecret, storeClientSecret } from '../profile/secrets';
import { profileStore } from '../profile/store';
import { buildInit, handleWebviewMessage, type PanelDeps } from './controller';
import { exportBundle } from './exportBundle';
import { renderPanelHtml, WEBVIEW_DIR } from './html';

export const VIEW_TYPE = 'moeAep.integrationDetails';

/** What `moeAep.openPanel` returns: lets extension-host tests drive the panel's message path. */
export interface PanelHandle {
  /** Feeds a raw message to the panel exactly as if the webview had posted it. */
  receive(raw: unknown): Promise<{ accepted: boolean; error?: string }>;
  /** Messages posted to the webview so far (most recent last, bounded). */
  readonly posted: readonly HostToWebview[];
  readonly panel: vscode.WebviewPanel;
}

function themeKind(): InitMessage['theme'] {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    default:
      return 'dark';
  }
}

/** One Integration Details panel per window; reopened or restored rather than duplicated. */
export class IntegrationPanel implements PanelHandle {
  static current: IntegrationPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly sent: HostToWebview[] = [];
  private pendingFocus?: string;

  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): IntegrationPanel {
    if (IntegrationPanel.current) {
      IntegrationPanel.current.panel.reveal();
      return IntegrationPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Integration Details', vscode.ViewColumn.Active, IntegrationPanel.options(context));
    return (IntegrationPanel.current = new IntegrationPanel(panel, context, log));
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, log: vscode.LogOutputChannel): IntegrationPanel {
    IntegrationPanel.current?.panel.dispose();
    panel.webview.options = IntegrationPanel.options(context);
    return (IntegrationPanel.current = new IntegrationPanel(panel, context, log));
  }

  private static options(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the bundled webview assets; no node_modules, no workspace files.
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, ...WEBVIEW_DIR)],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    panel.webview.html = renderPanelHtml(panel.webview, context.extensionUri);
    const deps = this.deps();
    this.subs.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      // The webview keeps unsaved edits itself (getState) and decides whether to take the new values.
      profileStore().onDidChange(() => void this.pushInit(deps)),
      vscode.window.onDidChangeActiveColorTheme(() => this.post({ type: 'theme', theme: themeKind() })),
      context.secrets.onDidChange(() => void this.pushInit(deps)),
    );
    panel.onDidDispose(() => this.dispose());
  }

  get posted(): readonly HostToWebview[] {
    return this.sent;
  }

  receive(raw: unknown): Promise<{ accepted: boolean; error?: string }> {
    return handleWebviewMessage(raw, this.deps());
  }

  private async pushInit(deps: PanelDeps): Promise<void> {
    this.post(await buildInit(deps));
  }

  /** Focuses a field once the webview is ready (messages posted before `ready` would be lost). */
  focus(field: string | undefined): void {
    if (!field || !/^[A-Za-z]{1,64}$/.test(field)) return;
    if (this.sent.some((m) => m.type === 'init')) this.post({ type: 'focus', field });
    else this.pendingFocus = field;
  }

  private post(message: HostToWebview): void {
    if (message.type === 'init' && this.pendingFocus) {
      const field = this.pendingFocus;
      this.pendingFocus = undefined;
      queueMicrotask(() => this.post({ type: 'focus', field }));
    }
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    void this.panel.webview.postMessage(message);
  }

  private deps(): PanelDeps {
    const store = profileStore();
    const ctx = this.context;
    const folderPath = async () => {
      const p = await store.load();
      if (!p) throw new Error('Open a workspace folder first.');
      return { p, dir: p.folder.uri.fsPath };
    };
    return {
      load: async () => {
        const p = await store.load();
        return {
          file: p?.file,
          fileProblems: (p?.diagnostics ?? []).map((d) => ({ message: `${p?.relativePath}:${d.range.start.line + 1}: ${d.message}` })),
        };
      },
      saveEnvironment: async (env, values) => {
        await store.saveEnvironment(env, values, fieldKeys);
        refreshReadiness();
      },
      setActive: async (env) => void (await store.setActiveEnvironment(env)),
      hasSecret: (env) => hasStoredSecret(ctx.secrets, env),
      storeSecret: async (env, secret) => {
        await storeClientSecret(ctx.secrets, env, secret);
        this.log.info(`client secret stored for "${env}"`);
      },
      deleteSecret: async (env) => {
        await deleteClientSecret(ctx.secrets, env);
        this.log.info(`client secret for "${env}" forgotten`);
      },
      autofill: async (kind, _env, draft) => autofill(kind, (await folderPath()).dir, draft),
      testConnection: async (env) => (await vscode.commands.executeCommand<ConnectionResult>('moeAep.testConnection', { environment: env, silent: true })) ?? { ok: false, message: 'Test Connection is not available.' },
      exportBundle: (env, includeSecret) => exportBundle(ctx, this.log, { environment: env, includeSecret }),
      assess: async (env, draft) => {
        const { p, dir } = await folderPath();
        const base: IntegrationFile = p.file ?? { activeEnvironment: env, environments: {} };
        return assessHandoff({ workspaceDir: dir, profile: { ...base, environments: { ...base.environments, [env]: draft } }, environment: env });
      },
      theme: themeKind,
      trusted: () => vscode.workspace.isTrusted,
      post: (m) => this.post(m),
      log: (line) => this.log.warn(`panel: ${line}`),
    };
  }

  dispose(): void {
    if (IntegrationPanel.current === this) IntegrationPanel.current = undefined;
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
