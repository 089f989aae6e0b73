import * as vscode from 'vscode';
import { failedForResend, locateEvents, pendingForResume } from '../../core/results/model';
import { splitPayload } from '../../core/results/payloadEvents';
import type { Run, SendMode } from '../../core/results/types';
import { resolveJournalFile } from '../results/files';
import { isTestMode, resultsService } from '../results/service';
import type { ResultNode } from '../results/tree';
import { AepDiagnostics } from './aepDiagnostics';
import { PAYLOAD_SELECTOR, SendCodeLensProvider } from './codeLens';
import { Sender, type SendResult } from './runner';

interface SendArgs {
  mode?: SendMode;
  uri?: vscode.Uri | string;
}

function toUri(u: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (!u) return undefined;
  return typeof u === 'string' ? vscode.Uri.parse(u) : u;
}

async function pickMode(): Promise<SendMode | undefined> {
  const items: (vscode.QuickPickItem & { mode: SendMode })[] = [
    {
      label: 'Sync validation (one event, ?syncValidation=true)',
      detail: 'The event at the cursor, validated against the schema before AEP answers (60 requests/min; development only).',
      mode: 'sync',
    },
    { label: 'Batch', detail: 'All events of the file through /collection/batch/, up to 1 MB per request; validated asynchronously.', mode: 'batch' },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Send to AEP', placeHolder: 'How should the payload be sent?' }))?.mode;
}

/** Sync validation checks one event: the one under the cursor, when the file is the active editor. */
function eventAtCursor(uri: vscode.Uri): number[] | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== uri.toString()) return undefined;
  try {
    const offset = editor.document.offsetAt(editor.selection.active);
    const events = splitPayload(editor.document.getText(), uri.path).events;
    if (events.length <= 1) return undefined;
    const hit = events.find((e) => offset >= e.start && offset <= e.end) ?? events[0];
    return [hit.index];
  } catch {
    return undefined;
  }
}

async function resendFrom(sender: Sender, run: Run, which: 'failed' | 'pending'): Promise<SendResult | undefined> {
  const uri = resolveJournalFile(run.start.file);
  const wanted = which === 'failed' ? failedForResend(run) : pendingForResume(run);
  if (!uri || !wanted.length) {
    void vscode.window.showInformationMessage(which === 'failed' ? 'No failed events to resend in this run.' : 'Every event of this run was acknowledged; nothing to resume.');
    return undefined;
  }
  let keys: string[];
  try {
    keys = splitPayload((await vscode.workspace.openTextDocument(uri)).getText(), uri.path).events.map((e) => e.key);
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot resend from ${run.start.file}: ${(e as Error).message}`);
    return undefined;
  }
  const { found, missing } = locateEvents(wanted, keys);
  if (missing.length) {
    void vscode.window.showWarningMessage(`${missing.length} event(s) of the run are no longer in ${run.start.file} and were skipped: ${missing.slice(0, 5).map((m) => m.eventKey).join(', ')}${missing.length > 5 ? ' …' : ''}`);
  }
  if (!found.length) return undefined;
  return sender.send({ uri, mode: run.start.mode, indexes: found.map((f) => f.index), parentRunId: run.start.runId });
}

/** The send commands (`moeAep.send`, `moeAep.sendEvent`, resend/resume), the CodeLens and AEP diagnostics. */
export function registerSend(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const service = resultsService(context, log);
  const diagnostics = new AepDiagnostics();
  const sender = new Sender(context, service, diagnostics);
  const lenses = new SendCodeLensProvider();
  const runOf = (arg: unknown): Run | undefined => {
    const n = arg as ResultNode | undefined;
    return n && 'run' in n ? n.run : undefined;
  };
  context.subscriptions.push(
    diagnostics,
    lenses,
    vscode.languages.registerCodeLensProvider(PAYLOAD_SELECTOR, lenses),
    // Menus pass the file's Uri; tests and other commands pass {mode, uri} to skip the quick pick.
    vscode.commands.registerCommand('moeAep.send', async (arg?: vscode.Uri | SendArgs) => {
      const args: SendArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
      const uri = toUri(args.uri) ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showWarningMessage('Open a MoEngage payload (*.moe.json) to send it to AEP.');
        return undefined;
      }
      const mode = args.mode ?? (await pickMode());
      if (!mode) return undefined;
      const indexes = mode === 'sync' && !args.mode ? eventAtCursor(uri) : undefined;
      return sender.send({ uri, mode, indexes });
    }),
    vscode.commands.registerCommand('moeAep.sendEvent', async (arg?: { uri: vscode.Uri | string; index: number; mode?: SendMode }) => {
      const uri = toUri(arg?.uri);
      if (!uri || typeof arg?.index !== 'number') return undefined;
      return sender.send({ uri, mode: arg.mode ?? 'single', indexes: [arg.index] });
    }),
    vscode.commands.registerCommand('moeAep.results.resendFailed', async (arg: unknown) => {
      const run = runOf(arg);
      return run && resendFrom(sender, run, 'failed');
    }),
    vscode.commands.registerCommand('moeAep.results.resume', async (arg: unknown) => {
      const run = runOf(arg);
      return run && resendFrom(sender, run, 'pending');
    }),
  );
  // The progress notification's Cancel button cannot be clicked from a test; this does the same.
  if (isTestMode(context)) context.subscriptions.push(vscode.commands.registerCommand('moeAep.send.__testCancel', () => sender.cancelAll()));
}
