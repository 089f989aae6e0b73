import * as vscode from 'vscode';
import { PayloadCodeActions } from './codeActions';
import { PayloadDiagnostics } from './diagnostics';
import { EventCodeCompletion, EventCodeHover } from './eventCodes';
import { isPayloadDocument, payloadSelector } from './files';

/**
 * Payload editing: diagnostics, quick fixes, event_code completion and hover for MoEngage payload
 * files, plus the "Validate MoEngage Payload" command. Registration is synchronous; the core
 * (ajv schema compile) loads on the first check.
 */
export function registerPayload(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const diagnostics = new PayloadDiagnostics(context.extensionUri, log);
  context.subscriptions.push(diagnostics);

  let providers: vscode.Disposable[] = [];
  const registerProviders = () => {
    for (const p of providers) p.dispose();
    const selector = payloadSelector();
    providers = [
      vscode.languages.registerCodeActionsProvider(selector, new PayloadCodeActions(diagnostics.collection), { providedCodeActionKinds: PayloadCodeActions.kinds }),
      vscode.languages.registerCompletionItemProvider(selector, new EventCodeCompletion(), '"'),
      vscode.languages.registerHoverProvider(selector, new EventCodeHover()),
    ];
  };
  registerProviders();
  context.subscriptions.push(
    { dispose: () => providers.forEach((p) => p.dispose()) },
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('moeAep.payloadFilePatterns') && registerProviders()),
    vscode.commands.registerCommand('moeAep.validateFile', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showWarningMessage('Open a MoEngage payload file (*.moe.json) to validate it.');
        return;
      }
      if (!isPayloadDocument(doc) && !/\.(nd)?json$/i.test(doc.uri.path)) {
        void vscode.window.showWarningMessage(`${doc.uri.path.split('/').pop()} is not a JSON payload file.`);
        return;
      }
      // Files outside the payload patterns can still be checked on request.
      const diags = await diagnostics.check(doc);
      const n = diags?.length ?? 0;
      const errors = diags?.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length ?? 0;
      void vscode.window.showInformationMessage(n === 0 ? 'MoEngage payload: no problems found.' : `MoEngage payload: ${errors} error(s), ${n - errors} other problem(s) — see the Problems panel.`);
      if (n > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
  );
}
