import * as path from 'node:path';
import { DocumentDebouncer } from '../common/debounce';
import * as vscode from 'vscode';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { PayloadValidator } from '../../core/moengage/validate';
import { PayloadWorker } from '../../core/worker/client';
import { PayloadDiagnostic } from './convert';
import { isPayloadDocument } from './files';

/** Above this size a check runs in the worker thread so typing never waits for it. */
const WORKER_THRESHOLD = 2 * 1024 * 1024;

/**
 * `moe-aep` diagnostics for payload files: checked on open, after typing stops
 * (`moeAep.diagnostics.debounceMs`) and cleared on close. Each open document keeps one
 * PayloadValidator, so a keystroke re-checks only the event it touched.
 */
export class PayloadDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('moe-aep');
  private readonly validators = new Map<string, PayloadValidator>();
  private readonly debounce: DocumentDebouncer;
  private readonly subs: vscode.Disposable[] = [];
  private worker?: PayloadWorker;
  private readonly onDidCheckEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidCheck = this.onDidCheckEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.debounce = new DocumentDebouncer(log, 'payload');
    this.subs.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('moeAep.payloadFilePatterns') && this.refreshAll()),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) {
      if (isPayloadDocument(d)) this.schedule(d, 0);
      else if (this.collection.has(d.uri)) this.forget(d.uri);
    }
  }

  schedule(doc: vscode.TextDocument, delay?: number): void {
    if (!isPayloadDocument(doc)) return;
    this.debounce.schedule(doc, (d) => this.check(d), delay);
  }


  /** Checks now and publishes; resolves with what was published (undefined if the document moved on). */
  async check(doc: vscode.TextDocument): Promise<readonly PayloadDiagnostic[] | undefined> {
    const key = doc.uri.toString();
    const version = doc.version;
    const text = doc.getText();
    const fileName = doc.uri.path;
    let core: CoreDiagnostic[];
    const t0 = performance.now();
    if (text.length > WORKER_THRESHOLD) {
      this.worker ??= new PayloadWorker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'worker.js').fsPath);
      core = await this.worker.validate(key, text, { fileName });
    } else {
      let v = this.validators.get(key);
      if (!v) this.validators.set(key, (v = new PayloadValidator({ fileName })));
      core = v.validate(text);
    }
    if (doc.isClosed || doc.version !== version) return undefined;
    const diags = core.map((d) => new PayloadDiagnostic(d));
    this.collection.set(doc.uri, diags);
    this.log.debug(`payload: ${path.basename(fileName)} checked in ${(performance.now() - t0).toFixed(1)} ms, ${diags.length} diagnostic(s)`);
    this.onDidCheckEmitter.fire(doc.uri);
    return diags;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debounce.cancel(uri);
    this.validators.delete(key);
    this.worker?.forget(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    this.debounce.dispose();
    this.worker?.dispose();
    this.collection.dispose();
    this.onDidCheckEmitter.dispose();
    for (const s of this.subs) s.dispose();
  }
}
