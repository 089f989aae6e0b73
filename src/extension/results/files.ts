import * as vscode from 'vscode';

/** How a payload file is named in the journal: workspace-relative when possible, so history survives moving the folder. */
export function journalFileName(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder && uri.scheme === folder.uri.scheme) return vscode.workspace.asRelativePath(uri, false);
  return uri.toString();
}

export function resolveJournalFile(name: string): vscode.Uri | undefined {
  if (/^[a-z][\w+.-]*:/i.test(name) && !/^[a-z]:[\\/]/i.test(name)) return vscode.Uri.parse(name);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}
