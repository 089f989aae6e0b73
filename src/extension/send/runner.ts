import * as vscode from 'vscode';
import type { AepClient, ClientOptions, ExchangeRecord, MessageOutcome, SendItem } from '../../core/aep/types';
import { InputError } from '../../core/diagnostics';
import { splitPayload, type PayloadEvent } from '../../core/results/payloadEvents';
import { RunRecorder } from '../../core/results/recorder';
import { displayEndpoint, scrubSecrets } from '../../core/results/redact';
import type { MessageRecord, RunCounts, SendMode } from '../../core/results/types';
import { journalFileName } from '../results/files';
import type { ResultsService } from '../results/service';
import { AepDiagnostics, mappingLookup } from './aepDiagnostics';
import { ProfileProblem, readActiveProfile, type ActiveSendProfile } from './profile';

export interface SendRequest {
  uri: vscode.Uri;
  mode: SendMode;
  /** File indexes of the events to send; all when absent. */
  indexes?: readonly number[];
  parentRunId?: string;
}

export interface SendResult {
  runId: string;
  counts: RunCounts;
  cancelled: boolean;
  total: number;
}

const UNTRUSTED =
  'moe-aep sends nothing from an untrusted workspace: its moengage-aep.json could point the endpoint at a host it chose and receive your events or credentials. Trust this workspace (Manage Workspace Trust) to send.';

function isEnvelope(m: unknown): boolean {
  return !!m && typeof m === 'object' && 'header' in (m as object) && 'body' in (m as object);
}

function proxySetting(): string | undefined {
  const p = vscode.workspace.getConfiguration('http').get<string>('proxy');
  return p && p.trim() ? p.trim() : undefined;
}

/** Sends payload events, journals every exchange and outcome, and reports progress; one instance per host. */
export class Sender {
  private readonly running = new Set<AbortController>();

  /** What the notification's Cancel button does, for every run in flight (used by tests). */
  cancelAll(): number {
    for (const ac of this.running) ac.abort();
    return this.running.size;
  }

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly service: ResultsService,
    private readonly diagnostics: AepDiagnostics,
  ) {}

  async send(req: SendRequest): Promise<SendResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED, 'Manage Workspace Trust').then((b) => b && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(req.uri);
    const text = doc.getText();
    const version = doc.version;
    let all: PayloadEvent[];
    try {
      all = splitPayload(text, req.uri.path).events;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      void vscode.window.showErrorMessage(`Nothing was sent: ${e.message}.`);
      return undefined;
    }
    const wanted = req.indexes ? new Set(req.indexes) : undefined;
    const events = wanted ? all.filter((e) => wanted.has(e.index)) : all;
    if (!events.length) {
      void vscode.window.showWarningMessage(`Nothing to send: ${journalFileName(req.uri)} has no events${wanted ? ' matching the selection' : ''}.`);
      return undefined;
    }
    let profile: ActiveSendProfile;
    try {
      profile = await readActiveProfile(this.context.secrets, req.uri);
    } catch (e) {
      if (!(e instanceof ProfileProblem)) throw e;
      void vscode.window.showErrorMessage(e.message, 'Open Integration Details').then((b) => b && vscode.commands.executeCommand('moeAep.openPanel'));
      return undefined;
    }
    this.service.addSecret(profile.target.auth?.clientSecret);

    const endpoint = displayEndpoint(profile.target.endpoint);
    const recorder = new RunRecorder((...recs) => this.service.append(...recs), {
      endpoint,
      mode: req.mode,
      file: journalFileName(req.uri),
      environment: profile.environment,
      ...(req.parentRunId ? { parentRunId: req.parentRunId } : {}),
    }, events);
    const runId = recorder.runId;
    const cfg = vscode.workspace.getConfiguration('moeAep', req.uri);
    const includeBodies = cfg.get<boolean>('log.includeBodies', true);
    const options: ClientOptions = {
      maxAttempts: cfg.get<number>('send.maxAttempts', 5),
      timeoutMs: cfg.get<number>('send.timeoutMs', 30_000),
      proxyUrl: proxySetting(),
      allowBearerToHosts: cfg.get<string[]>('allowBearerToHosts', []),
      onExchange: (x) => {
        this.logExchange(x, includeBodies);
        recorder.exchange(x);
      },
    };
    let client: AepClient;
    try {
      // The HTTP client (undici, ~0.5 MB) loads on the first send, not at activation (architecture.md).
      const { createAepClient } = await import('../../core/aep/client');
      client = createAepClient(profile.target, options);
    } catch (e) {
      // AepRefusal: unsafe or malformed endpoint — nothing left the machine.
      void vscode.window.showErrorMessage(`Nothing was sent: ${(e as Error).message}`);
      return undefined;
    }

    await recorder.begin();
    this.service.activeRunIds.add(runId);
    this.service.info(`run ${runId}: sending ${events.length} event(s) of ${journalFileName(req.uri)} to ${endpoint} (${req.mode}, environment ${profile.environment})`);

    const onOutcome = (o: MessageOutcome) => {
      const rec = recorder.outcome(o);
      if (!rec) return;
      if (rec.status !== 'accepted') this.service.warn(`event ${rec.eventKey}: ${rec.status} ${rec.httpStatus ?? ''} ${rec.errors.map((e) => e.message).join('; ')}`);
    };
    const items: SendItem[] = events.map((e) => ({
      index: e.index,
      body: profile.target.inletKind === 'xdm' && !isEnvelope(e.message) ? client.buildXdmEnvelope(e.message) : e.message,
    }));

    let cancelled = false;
    try {
      cancelled = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sending ${events.length} event(s) to ${new URL(profile.target.endpoint).host}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          this.running.add(ac);
          let done = 0;
          try {
            const summary = await client.sendAll(
              items,
              {
                mode: req.mode,
                // Sync validation is limited to 60 requests/min per inlet (aep-streaming-and-dataprep.md §1.1): one at a time.
                concurrency: req.mode === 'sync' ? 1 : 2,
                onOutcome,
                onProgress: (p) => {
                  const now = p.acknowledged + p.failed;
                  progress.report({
                    message: `${p.sent} sent · ${p.acknowledged} acknowledged · ${p.failed} failed`,
                    increment: ((now - done) / events.length) * 100,
                  });
                  done = now;
                },
              },
              ac.signal,
            );
            return summary.cancelled;
          } finally {
            sub.dispose();
            this.running.delete(ac);
          }
        },
      );
    } catch (e) {
      const why = scrubSecrets(this.service.scrub(String((e as Error)?.message ?? e)), this.secrets(profile));
      this.service.warn(`run ${runId} stopped: ${why}`);
      void vscode.window.showErrorMessage(`Sending stopped: ${why}`);
    } finally {
      await client.close().catch(() => undefined);
    }

    const counts = await recorder.finish(cancelled);
    const records = recorder.messages;
    this.service.activeRunIds.delete(runId);
    this.service.invalidate();
    this.service.info(`run ${runId}: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.error} without answer, ${counts.pending} not sent${cancelled ? ' (cancelled)' : ''}`);

    // Diagnostics describe the text that was sent; skip them if the user edited it meanwhile.
    const current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === req.uri.toString());
    if (!current || current.version === version) {
      const sourceOf = profile.target.inletKind === 'raw' ? await mappingLookup(profile.workspaceFolder.uri, profile.mappingFile) : undefined;
      this.diagnostics.set(req.uri, text, all, records, profile.target.inletKind === 'raw', sourceOf);
    }
    this.notify(events.length, counts, cancelled, records);
    return { runId, counts, cancelled, total: events.length };
  }

  private secrets(profile: ActiveSendProfile): string[] {
    return profile.target.auth?.clientSecret ? [profile.target.auth.clientSecret] : [];
  }

  private logExchange(x: ExchangeRecord, includeBodies: boolean): void {
    // The client redacts already; the service scrubs known secret values again before logging.
    const head = `${x.method} ${x.url} → ${x.status ?? x.error ?? 'no response'} (${x.durationMs} ms, attempt ${x.attempt})`;
    this.service.info(this.scrub(head));
    if (includeBodies) {
      if (x.requestBody) this.service.info(this.scrub(`  request: ${x.requestBody}`));
      if (x.responseBody) this.service.info(this.scrub(`  response: ${x.responseBody}`));
    }
  }

  private scrub(s: string): string {
    return this.service.scrub(s);
  }

  private notify(total: number, c: RunCounts, cancelled: boolean, records: readonly MessageRecord[]): void {
    const failed = c.rejected + c.error;
    const show = (b: string | undefined) => b && vscode.commands.executeCommand('moeAep.results.focus');
    if (!failed && !c.pending) {
      const x = total === 1 ? records[0]?.xactionId : undefined;
      void vscode.window.showInformationMessage(`AEP accepted ${total === 1 ? 'the event' : `all ${total} events`}${x ? ` (xactionId ${x})` : ''}.`, 'Show Results').then(show);
    } else {
      const msg = `${failed} of ${total} event(s) failed${c.pending ? `, ${c.pending} not sent${cancelled ? ' (cancelled)' : ''}` : ''}; AEP's reasons are in the AEP Ingestion view and on the payload lines.`;
      void vscode.window.showWarningMessage(msg, 'Show Results').then(show);
    }
  }
}
