import * as vscode from 'vscode';
import { buildHandoffBundle, formatProblems } from '../../core/handoff/bundle';
import { getEnvironment } from '../../core/handoff/integrationFile';
import type { FieldProblem } from '../../protocol/messages';
import { BUNDLE_EXPORTED_STATE, refreshReadiness } from '../profile/index';
import { BUNDLE_EXPORTED_CONTEXT } from '../profile/readiness';
import { getClientSecret } from '../profile/secrets';
import { profileStore } from '../profile/store';

export interface ExportRequest {
  environment?: string;
  /** undefined: ask (palette); true: include after the MODAL warning; false: never. */
  includeSecret?: boolean;
  /** Where to write; skips the save dialog (automation and tests). Never skips the secret warning. */
  target?: string;
}

export interface ExportOutcome {
  ok: boolean;
  message: string;
  problems?: FieldProblem[];
  uri?: string;
  bytes?: number;
}

/** moeAep.exportBundle: checks, asks where to save, and writes the handoff bundle through workspace.fs. */
export async function exportBundle(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, req: ExportRequest = {}): Promise<ExportOutcome> {
  const p = await profileStore().load();
  if (!p?.file) {
    const message = p?.exists ? `${p.relativePath} has problems; fix them before exporting.` : 'No integration details yet: open the Integration Details first.';
    void vscode.window.showErrorMessage(message);
    return { ok: false, message };
  }
  const { name, env } = getEnvironment(p.file, req.environment);
  let include = req.includeSecret;
  const secret = env?.authMethod === 'oauth' ? await getClientSecret(context.secrets, name) : undefined;
  if (include === undefined) {
    include = false;
    if (secret) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Without the client secret', description: 'recommended — send it through a secure channel', include: false },
          { label: 'Include the client secret…', description: 'the bundle will contain it in plain text', include: true },
        ],
        { title: `Export the MoEngage handoff bundle (${name})` },
      );
      if (!pick) return { ok: false, message: 'Export cancelled.' };
      include = pick.include;
    }
  }
  if (include) {
    if (!secret) {
      const message = env?.authMethod === 'oauth' ? `No client secret stored for "${name}"; run "Set OAuth Client Secret" first.` : `Environment "${name}" does not use OAuth, so there is no secret to include.`;
      void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    const yes = 'Include the Secret';
    const choice = await vscode.window.showWarningMessage(
      'Include the OAuth client secret in the bundle?',
      {
        modal: true,
        detail: `Anyone who gets the .zip can use the "${name}" credentials to write into your AEP sandbox. Prefer sending the secret to MoEngage through a secure channel. HANDOFF.md will say on its first line that the bundle contains the secret.`,
      },
      yes,
    );
    if (choice !== yes) return { ok: false, message: 'Export cancelled: the secret was not included.' };
  }

  const result = await buildHandoffBundle({
    workspaceDir: p.folder.uri.fsPath,
    profile: p.file,
    environment: name,
    integrationFile: p.relativePath,
    includeSecret: include && secret ? { secret } : undefined,
  });
  if (!result.zip) {
    const lines = formatProblems(result.problems);
    log.warn(`handoff bundle for "${name}" refused:\n  ${lines.join('\n  ')}`);
    const message = `Not exported: ${result.problems.length} thing${result.problems.length > 1 ? 's' : ''} to fix for "${name}". ${lines[0]}`;
    void vscode.window.showErrorMessage(message, 'Show Checklist').then((a) => a && vscode.commands.executeCommand('moeAep.readiness.focus'));
    return { ok: false, message, problems: result.problems.map((x) => ({ field: x.field, message: x.message, step: x.step })) };
  }
  let uri: vscode.Uri | undefined;
  if (req.target) uri = req.target.includes('://') ? vscode.Uri.parse(req.target) : vscode.Uri.file(req.target);
  else {
    uri = await vscode.window.showSaveDialog({
      title: 'Save the MoEngage handoff bundle',
      defaultUri: vscode.Uri.joinPath(p.folder.uri, `moengage-handoff-${name}.zip`),
      filters: { 'ZIP archive': ['zip'] },
    });
  }
  if (!uri) return { ok: false, message: 'Export cancelled.' };
  await vscode.workspace.fs.writeFile(uri, result.zip);
  await context.workspaceState.update(BUNDLE_EXPORTED_STATE, true);
  void vscode.commands.executeCommand('setContext', BUNDLE_EXPORTED_CONTEXT, true);
  refreshReadiness();
  const shown = vscode.workspace.asRelativePath(uri);
  log.info(`handoff bundle for "${name}" written to ${shown} (${result.zip.length} bytes${include ? ', WITH the client secret' : ''})`);
  const message = `Handoff bundle for "${name}" saved to ${shown}${include ? ' — it contains the client secret' : ''}.`;
  void vscode.window.showInformationMessage(message);
  return { ok: true, message, uri: uri.toString(), bytes: result.zip.length };
}
