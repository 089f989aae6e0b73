import * as vscode from 'vscode';
import { DocumentDebouncer } from '../common/debounce';
import { checkMapping, readMappingDocument } from '../../core/mapping';
import { MappingDiagnostic } from './convert';
import { isMappingDoc, type MappingWorkspace } from './workspace';

/** `map.*` diagnostics for mapping files, re-run after typing stops (moeAep.diagnostics.debounceMs) and when the schema changes. */
export class MappingDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('moe-aep.mapping');
  private readonly debounce: DocumentDebouncer;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly ws: MappingWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.debounce = new DocumentDebouncer(log, 'mapping');
    this.subs.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      ws.onDidChange(() => this.refreshAll()),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  schedule(doc: vscode.TextDocument, delay?: number): void {
    if (!isMappingDoc(doc)) return;
    this.debounce.schedule(doc, (d) => this.check(d), delay);
  }


  async check(doc: vscode.TextDocument): Promise<MappingDiagnostic[]> {
    const version = doc.version;
    const [{ schema }, samples] = await Promise.all([this.ws.schema(), this.ws.samples()]);
    if (doc.isClosed || doc.version !== version) return [];
    const mapping = readMappingDocument(doc.getText(), doc.uri.path);
    const diags = checkMapping(mapping, { schema, samplePayloads: samples.length ? samples : undefined }).map((d) => new MappingDiagnostic(d));
    this.collection.set(doc.uri, diags);
    return diags;
  }

  dispose(): void {
    this.debounce.dispose();
    this.collection.dispose();
    for (const s of this.subs) s.dispose();
  }
}

/** Offers the fixes the core computed (e.g. "did you mean", "Multiply by 1000", STATIC for CONSTANT). */
export class MappingCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      if (!(d instanceof MappingDiagnostic)) continue;
      for (const fix of d.core.fixes ?? []) {
        if (!fix.edits.length) continue;
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.isPreferred = fix.preferred;
        a.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) a.edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
        out.push(a);
      }
    }
    return out;
  }
}
