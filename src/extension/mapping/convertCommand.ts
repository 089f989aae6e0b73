import * as vscode from 'vscode';
import { hasErrors } from '../../core/diagnostics';
import { readMappingDocument, toMappingCsv, toMappingSetJson } from '../../core/mapping';
import { readText } from './workspace';

/** `moeAep.convertMapping`: CSV ⇄ mapping-set JSON next to the source file; a file with errors is not converted. */
export async function convertMappingCommand(arg: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const uri = arg ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || !/\.mapping\.(csv|json)$/i.test(uri.path)) {
    void vscode.window.showWarningMessage('Open a *.mapping.csv or *.mapping.json file to convert it.');
    return undefined;
  }
  const doc = readMappingDocument(await readText(uri), uri.path);
  if (hasErrors(doc.problems)) {
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} has errors (see Problems); fix them before converting so nothing is lost.`);
    return undefined;
  }
  const toJson = doc.format === 'csv';
  const target = uri.with({ path: uri.path.replace(/\.(csv|json)$/i, toJson ? '.json' : '.csv') });
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    const ok = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} exists. Overwrite it?`, { modal: true }, 'Overwrite');
    if (ok !== 'Overwrite') return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(toJson ? toMappingSetJson(doc) : toMappingCsv(doc)));
  log.info(`mapping: converted ${vscode.workspace.asRelativePath(uri)} → ${vscode.workspace.asRelativePath(target)}`);
  await vscode.window.showTextDocument(target);
  return target;
}
