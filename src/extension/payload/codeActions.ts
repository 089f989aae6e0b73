import * as vscode from 'vscode';
import { PayloadDiagnostic, toRange } from './convert';

/**
 * Turns the fixes the core computed (divide by 1000, did-you-mean, insert campaign attributes,
 * new UUID …) into quick fixes, matched to our diagnostics by their code.
 */
export class PayloadCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly collection: vscode.DiagnosticCollection) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    // ctx.diagnostics may be plain copies (e.g. via executeCodeActionProvider); find ours by code and range.
    const ours = (this.collection.get(doc.uri) ?? []).filter((d): d is PayloadDiagnostic => d instanceof PayloadDiagnostic);
    const wanted = ctx.diagnostics.length ? ctx.diagnostics : ours.filter((d) => d.range.intersection(range));
    const out: vscode.CodeAction[] = [];
    for (const d of wanted) {
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
      const match = d instanceof PayloadDiagnostic ? d : ours.find((o) => o.code === code && o.range.isEqual(d.range));
      if (!match) continue;
      for (const fix of match.core.fixes ?? []) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [match];
        a.isPreferred = fix.preferred ?? false;
        a.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) a.edit.replace(doc.uri, toRange(e.range), e.newText);
        out.push(a);
      }
    }
    return out;
  }
}
