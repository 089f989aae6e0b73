import * as vscode from 'vscode';

/**
 * Re-checks a document once typing pauses: one timer per document, the delay from `moeAep.diagnostics.debounceMs`
 * unless given. Shared by the payload and mapping checkers so both debounce (and log failures) the same way.
 */
export class DocumentDebouncer implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly feature: string,
  ) {}

  schedule(doc: vscode.TextDocument, run: (doc: vscode.TextDocument) => Promise<unknown>, delay?: number): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const ms = delay ?? vscode.workspace.getConfiguration('moeAep').get<number>('diagnostics.debounceMs', 250);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run(doc).catch((e) => this.log.error(`${this.feature}: check failed for ${key}: ${(e as Error)?.message}`));
      }, ms),
    );
  }

  cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
