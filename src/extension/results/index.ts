import * as vscode from 'vscode';
import { markVerified } from '../../core/handoff/verified';
import { exchangesById } from '../../core/results/model';
import { splitPayload } from '../../core/results/payloadEvents';
import { ExchangeDocumentProvider, EXCHANGE_SCHEME, exchangeUri } from './exchangeDocument';
import { resolveJournalFile } from './files';
import { isTestMode, resultsService, type ResultsService } from './service';
import { ResultsTreeProvider, type ResultNode } from './tree';

type MessageNode = Extract<ResultNode, { kind: 'message' }>;

function asMessage(arg: unknown): MessageNode | undefined {
  const n = arg as ResultNode | undefined;
  return n && n.kind === 'message' ? n : n && n.kind === 'error' ? { kind: 'message', run: n.run, message: n.message } : undefined;
}

async function revealInPayload(node: MessageNode): Promise<void> {
  const uri = resolveJournalFile(node.run.start.file);
  if (!uri) return void vscode.window.showWarningMessage(`Cannot find ${node.run.start.file}: open the workspace it was sent from.`);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    return void vscode.window.showWarningMessage(`${node.run.start.file} no longer exists, so the event cannot be shown.`);
  }
  const text = doc.getText();
  let events;
  try {
    events = splitPayload(text, uri.path).events;
  } catch (e) {
    await vscode.window.showTextDocument(doc);
    return void vscode.window.showWarningMessage(`${node.run.start.file} is not valid JSON any more: ${(e as Error).message}`);
  }
  const key = node.message.eventKey;
  // The event_uuid finds the event even after edits moved it; positional keys fall back to the index.
  const ev = key.startsWith('#') ? events[node.message.index] : events.find((e) => e.key === key);
  const editor = await vscode.window.showTextDocument(doc);
  if (!ev) return void vscode.window.showWarningMessage(`The event ${key} is no longer in ${node.run.start.file}.`);
  const range = new vscode.Range(doc.positionAt(ev.start), doc.positionAt(ev.end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

async function markAsVerified(service: ResultsService, node: MessageNode): Promise<void> {
  const snap = await service.read();
  const x = node.message.exchangeId ? exchangesById(snap.records).get(node.message.exchangeId) : undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!x?.response?.body || !x.request.body) {
    return void vscode.window.showWarningMessage('This message has no recorded request and response, so it cannot be marked as verified; send it again with sync validation.');
  }
  if (!folder) return void vscode.window.showWarningMessage('Open the workspace folder that holds moengage-aep.json first.');
  if (x.request.url.includes('/collection/batch/')) {
    return void vscode.window.showWarningMessage(
      'Only a payload that passed synchronous validation can be verified, and the batch endpoint never validates synchronously (aep-streaming-and-dataprep.md §1.1). Send this event with "Send with sync validation" first.',
    );
  }
  let pretty = x.request.body;
  try {
    pretty = JSON.stringify(JSON.parse(x.request.body), null, 2);
  } catch {
    // keep the exact bytes
  }
  try {
    const r = await markVerified(folder.uri.fsPath, node.run.start.environment ?? 'dev', pretty, x.response.body);
    service.info(`marked ${r.payloadFile} as the verified test payload (${r.verifiedAt})`);
    void vscode.window.showInformationMessage(`Saved the verified test payload as ${r.payloadFile} and recorded it in moengage-aep.json.`);
  } catch (e) {
    void vscode.window.showWarningMessage((e as Error).message);
  }
}

/** The "AEP Ingestion" tree and the actions on its items that do not send. */
export function registerResults(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const service = resultsService(context, log);
  const provider = new ResultsTreeProvider(service);
  const view = vscode.window.createTreeView('moeAep.results', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    view,
    vscode.workspace.registerTextDocumentContentProvider(EXCHANGE_SCHEME, new ExchangeDocumentProvider(service)),
    vscode.commands.registerCommand('moeAep.results.refresh', () => service.reload()),
    vscode.commands.registerCommand('moeAep.results.clear', async (opts?: { confirm?: boolean }) => {
      if (opts?.confirm !== false) {
        const ok = await vscode.window.showWarningMessage('Clear the AEP ingestion history of this workspace?', { modal: true }, 'Clear');
        if (ok !== 'Clear') return;
      }
      await service.clear();
    }),
    vscode.commands.registerCommand('moeAep.results.openMessage', async (arg: unknown) => {
      const n = asMessage(arg);
      if (!n) return;
      const doc = await vscode.workspace.openTextDocument(exchangeUri(n.run.start.runId, n.message.index));
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
    }),
    vscode.commands.registerCommand('moeAep.results.revealInPayload', async (arg: unknown) => {
      const n = asMessage(arg);
      if (n) await revealInPayload(n);
    }),
    vscode.commands.registerCommand('moeAep.results.copyXactionId', async (arg: unknown) => {
      const id = asMessage(arg)?.message.xactionId;
      if (!id) return;
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied xactionId ${id}`, 3000);
    }),
    vscode.commands.registerCommand('moeAep.results.markVerified', async (arg: unknown) => {
      const n = asMessage(arg);
      if (n) await markAsVerified(service, n);
    }),
  );
  // A badge tells the user a run failed even while the view is closed.
  context.subscriptions.push(
    service.onDidChange(async () => {
      const runs = (await service.read()).runs;
      const last = runs[runs.length - 1];
      const failed = last ? last.counts.rejected + last.counts.error : 0;
      view.badge = failed ? { value: failed, tooltip: `${failed} event(s) of the last run failed` } : undefined;
    }),
  );
  if (isTestMode(context)) {
    // Tests run in their own bundle, so they read the tree through a command returning plain data.
    context.subscriptions.push(
      vscode.commands.registerCommand('moeAep.results.__testSnapshot', async (opts?: { fromDisk?: boolean }) => {
        if (opts?.fromDisk) service.reload();
        else service.invalidate();
        const snap = await service.read();
        return {
          journalFile: service.journalFile,
          tree: await provider.snapshot(),
          runs: snap.runs,
          warnings: snap.warnings,
          log: [...(service.testLog ?? [])],
        };
      }),
    );
  }
}
