import * as vscode from 'vscode';
import { ndjsonLineSpans, topLevelEventSpans, type Span } from '../../core/json/spans';

/** Beyond this size a lens per event costs more than it helps; the editor-title button still sends. */
const MAX_TEXT_FOR_LENSES = 5 * 1024 * 1024;
const MAX_LENSED_EVENTS = 2000;

export const PAYLOAD_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/*.{moe,moengage}.{json,ndjson}' },
  { language: 'moe-ndjson' },
];

/** "Send to AEP" / "Send with sync validation" above each event, like REST Client's "Send Request". */
export class SendCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('moeAep.codeLens.enabled')) this.changed.fire();
  });

  provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('moeAep', doc.uri).get<boolean>('codeLens.enabled', true)) return [];
    const text = doc.getText();
    if (text.length > MAX_TEXT_FOR_LENSES) return [];
    // Spans only (a scan, no tree): lenses are recomputed as the user types. Event order and
    // indexes match splitPayload, which the send uses.
    let spans: Span[] | undefined;
    try {
      spans = /\.ndjson$|\.jsonl$/i.test(doc.uri.path) ? ndjsonLineSpans(text) : topLevelEventSpans(text)?.spans;
    } catch {
      spans = undefined;
    }
    if (!spans) return []; // not readable JSON yet: the payload diagnostics say why
    const lenses: vscode.CodeLens[] = [];
    for (const [index, span] of spans.slice(0, MAX_LENSED_EVENTS).entries()) {
      if (token.isCancellationRequested) break;
      const at = doc.positionAt(span.start);
      const range = new vscode.Range(at, at);
      const arg = { uri: doc.uri, index };
      lenses.push(
        new vscode.CodeLens(range, { title: 'Send to AEP', command: 'moeAep.sendEvent', arguments: [{ ...arg, mode: 'single' }] }),
        new vscode.CodeLens(range, { title: 'Send with sync validation', command: 'moeAep.sendEvent', arguments: [{ ...arg, mode: 'sync' }] }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
