import * as vscode from 'vscode';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { readMappingDocument } from '../../core/mapping/read';
import { aepDiagnostics, type XdmSourceLookup } from '../../core/results/aepDiagnostics';
import type { PayloadEvent } from '../../core/results/payloadEvents';
import type { MessageRecord } from '../../core/results/types';

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * What AEP said, on the payload lines it is about. These describe one send of one version of the
 * file, so any edit clears them: a stale squiggle on fixed text would mislead.
 */
export class AepDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('moe-aep.aep');
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.subs = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
  }

  set(uri: vscode.Uri, text: string, events: readonly PayloadEvent[], messages: readonly MessageRecord[], rawInlet: boolean, sourceOf?: XdmSourceLookup): number {
    const diags = aepDiagnostics(text, events, messages, { rawInlet, sourceOf });
    this.collection.set(
      uri,
      diags.map((d) => {
        const v = new vscode.Diagnostic(
          new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
          d.message,
          SEVERITY[d.severity],
        );
        v.source = d.source ?? 'AEP';
        v.code = d.code;
        return v;
      }),
    );
    return diags.length;
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subs) s.dispose();
  }
}

/** XDM destination → payload source field, from the workspace's Data Prep mapping (ATTRIBUTE rows only). */
export async function mappingLookup(folder: vscode.Uri, mappingFile: string | undefined): Promise<XdmSourceLookup | undefined> {
  if (!mappingFile) return undefined;
  try {
    const uri = vscode.Uri.joinPath(folder, mappingFile);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const doc = readMappingDocument(text, mappingFile);
    const map = new Map<string, string>();
    for (const r of doc.rows) if (r.sourceType === 'ATTRIBUTE' && r.destination && !map.has(r.destination)) map.set(r.destination, r.source);
    return (xdmPath) => map.get(xdmPath) ?? map.get(xdmPath.replace(/^xdm\./, ''));
  } catch {
    return undefined;
  }
}
