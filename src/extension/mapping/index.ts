import * as vscode from 'vscode';
import { MappingCodeActions, MappingDiagnostics } from './diagnostics';
import { MAPPING_SELECTOR, addLanguageFeatures } from './language';
import { PREVIEW_SCHEME, XdmPreview } from './preview';
import { MappingWorkspace } from './workspace';
import { convertMappingCommand } from './convertCommand';

/**
 * Mapping files in the editor: `map.*` diagnostics with quick fixes, completion/hover/signature help
 * for destinations (from the XDM schema), sources (from example payloads) and Data Prep functions,
 * and the "Preview XDM" virtual document. Registration is synchronous; schema and payloads load on first use.
 */
export function registerMapping(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const ws = new MappingWorkspace(log);
  const diagnostics = new MappingDiagnostics(ws, log);
  const preview = new XdmPreview(ws, log);
  context.subscriptions.push(
    ws,
    diagnostics,
    preview,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.languages.registerCodeActionsProvider(MAPPING_SELECTOR, new MappingCodeActions(), { providedCodeActionKinds: MappingCodeActions.kinds }),
    vscode.commands.registerCommand('moeAep.previewXdm', (uri?: vscode.Uri) => preview.show(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('moeAep.convertMapping', (uri?: vscode.Uri) => convertMappingCommand(uri instanceof vscode.Uri ? uri : undefined, log)),
  );
  addLanguageFeatures(context, ws);
}
