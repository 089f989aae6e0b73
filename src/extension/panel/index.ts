import * as vscode from 'vscode';
import { profileStore } from '../profile/store';
import { deleteClientSecret, storeClientSecret } from '../profile/secrets';
import { exportBundle, type ExportRequest } from './exportBundle';
import { IntegrationPanel, VIEW_TYPE, type PanelHandle } from './panel';

/**
 * Integration Details panel (with its serializer so it survives a reload), the handoff export and
 * the client-secret commands. Registration only; everything loads when first used.
 */
export function registerPanel(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('moeAep.openPanel', (arg?: { focus?: string }): PanelHandle => {
      const panel = IntegrationPanel.show(context, log);
      panel.focus(typeof arg?.focus === 'string' ? arg.focus : undefined);
      return panel;
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        IntegrationPanel.revive(panel, context, log);
      },
    }),
    vscode.commands.registerCommand('moeAep.exportBundle', (req?: ExportRequest) => exportBundle(context, log, typeof req === 'object' && req && !(req instanceof vscode.Uri) ? req : {})),
    vscode.commands.registerCommand('moeAep.setClientSecret', (arg?: { environment?: string; secret?: string }) => setSecret(context, log, arg)),
    vscode.commands.registerCommand('moeAep.clearClientSecret', (arg?: { environment?: string }) => clearSecret(context, log, arg)),
    { dispose: () => IntegrationPanel.current?.dispose() },
  );
}

async function environmentOf(arg?: { environment?: string }): Promise<string> {
  if (arg?.environment) return arg.environment;
  const p = await profileStore().load();
  return p?.file?.activeEnvironment ?? 'dev';
}

async function setSecret(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: { environment?: string; secret?: string }): Promise<boolean> {
  const env = await environmentOf(arg);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(env)) return false;
  const secret =
    arg?.secret ??
    (await vscode.window.showInputBox({
      title: `OAuth client secret for "${env}"`,
      prompt: 'Developer Console → Your Project → Credentials → OAuth Server-to-Server (seed Step 4.4). Stored in VS Code secret storage, never in files.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Paste the client secret.'),
    }));
  if (!secret?.trim()) return false;
  await storeClientSecret(context.secrets, env, secret.trim());
  log.info(`client secret stored for "${env}"`);
  if (!arg?.secret) void vscode.window.showInformationMessage(`Client secret for "${env}" stored in VS Code's secret storage.`);
  return true;
}

async function clearSecret(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: { environment?: string }): Promise<boolean> {
  const env = await environmentOf(arg);
  await deleteClientSecret(context.secrets, env);
  log.info(`client secret for "${env}" forgotten`);
  if (!arg?.environment) void vscode.window.showInformationMessage(`Client secret for "${env}" forgotten.`);
  return true;
}
