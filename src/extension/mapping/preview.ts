import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { readMappingDocument, rowDiagnosticRange, transformErrorDiagnostic, type MappingDocument, type TransformResult } from '../../core/mapping';
import { LineIndex } from '../../core/text/lineIndex';
import { DEFAULT_TRANSFORM_BUDGET_MS, PayloadWorker } from '../../core/worker/client';
import { TRANSFORM_TIMEOUT_CODE, transformTimeoutReport } from '../../core/worker/timeoutReport';
import { MappingDiagnostic } from './convert';
import { readVersioned, schemaInput } from './previewInputs';
import { isPayloadDoc, type MappingWorkspace } from './workspace';

export const PREVIEW_SCHEME = 'moe-aep-preview';

interface PreviewTarget {
  payload: string;
  mapping: string;
}

function targetOf(uri: vscode.Uri): PreviewTarget {
  return JSON.parse(decodeURIComponent(uri.query)) as PreviewTarget;
}

/**
 * The read-only "Preview XDM" document: the payload run through the mapping (and checked against
 * the schema), recomputed whenever the payload, mapping or schema changes. Transform problems also
 * land as diagnostics on the mapping row and on the payload.
 */
export class XdmPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('moe-aep.transform');
  private readonly open = new Map<string, vscode.Uri>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subs: vscode.Disposable[] = [];
  private lastPayload?: vscode.Uri;
  private worker?: PayloadWorker;
  /** Last content per preview, shown again when a request is superseded by a newer one. */
  private readonly last = new Map<string, string>();
  /** Time budget of one transform (issue 6 item 3); host tests may lower it on the instance. */
  budgetMs = DEFAULT_TRANSFORM_BUDGET_MS;

  constructor(
    private readonly ws: MappingWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      this.emitter,
      this.diagnostics,
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.changed(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.changed(d.uri)),
      ws.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === PREVIEW_SCHEME) {
          this.open.delete(d.uri.toString());
          this.last.delete(d.uri.toString());
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && isPayloadDoc(e.document)) this.lastPayload = e.document.uri;
      }),
    );
  }

  uriFor(payload: vscode.Uri, mapping: vscode.Uri): vscode.Uri {
    const name = payload.path.split('/').pop()!.replace(/\.(nd)?json$/i, '');
    const query = encodeURIComponent(JSON.stringify({ payload: payload.toString(), mapping: mapping.toString() } satisfies PreviewTarget));
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}.xdm.jsonc`, query });
  }

  /** `moeAep.previewXdm`: picks the payload and mapping from the active editor and the workspace. */
  async show(arg?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const active = arg ?? vscode.window.activeTextEditor?.document.uri;
    let payload: vscode.Uri | undefined;
    let mapping: vscode.Uri | undefined;
    if (active && /\.mapping\.(csv|json)$/i.test(active.path)) {
      mapping = active;
      payload = this.lastPayload ?? (await this.ws.defaultPayload());
    } else if (active && isPayloadDoc(active)) {
      payload = active;
      mapping = await this.ws.defaultMapping();
    } else {
      payload = this.lastPayload ?? (await this.ws.defaultPayload());
      mapping = await this.ws.defaultMapping();
    }
    if (!payload || !mapping) {
      void vscode.window.showWarningMessage(
        !payload ? 'Preview XDM needs a MoEngage payload (*.moe.json): open one first.' : 'Preview XDM needs a mapping (*.mapping.csv or *.mapping.json) in the workspace or in the integration file.',
      );
      return undefined;
    }
    const uri = this.uriFor(payload, mapping);
    this.open.set(uri.toString(), uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'jsonc').then(undefined, () => undefined);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.set(uri.toString(), uri);
    const t = targetOf(uri);
    const payloadUri = vscode.Uri.parse(t.payload);
    const mappingUri = vscode.Uri.parse(t.mapping);
    try {
      const [payload, mapping, { schema, uri: schemaUri, error }] = await Promise.all([readVersioned(payloadUri), readVersioned(mappingUri), this.ws.schema()]);
      const doc = readMappingDocument(mapping.text, mappingUri.path);
      const header = [
        `// XDM preview of ${vscode.workspace.asRelativePath(payloadUri)} with ${vscode.workspace.asRelativePath(mappingUri)}`,
        `// schema: ${schemaUri ? vscode.workspace.asRelativePath(schemaUri) : error ? `not loaded (${error})` : 'none found — the result is not validated'}`,
      ];
      // The mapping is the user's code: it runs in the worker under a time budget, never on this thread.
      this.worker ??= new PayloadWorker(path.join(__dirname, 'worker.js'));
      const t0 = performance.now();
      const outcome = await this.worker.transform(
        {
          payload: { key: payloadUri.toString(), version: payload.version, text: payload.text },
          mapping: { key: mappingUri.toString(), version: mapping.version, text: mapping.text, fileName: mappingUri.path },
          schema: schema && schemaInput(schema),
        },
        { budgetMs: this.budgetMs },
      );
      if (outcome.status === 'superseded') {
        this.log.debug(`preview: a newer edit replaced the transform of ${vscode.workspace.asRelativePath(payloadUri)}`);
        return this.last.get(uri.toString()) ?? header.join('\n') + '\n// updating…\n';
      }
      if (outcome.status === 'timeout') {
        const { diagnostic, summary, advice } = transformTimeoutReport(doc, outcome, { severalEvents: true });
        this.log.warn(`preview: transform stopped after its ${outcome.budgetMs} ms budget (${summary}); ${(performance.now() - t0).toFixed(0)} ms since the request, worker start-up included`);
        this.diagnostics.set(mappingUri, [new MappingDiagnostic(diagnostic)]);
        this.diagnostics.set(payloadUri, []);
        const text = [
          ...header,
          `// Preview XDM stopped: ${summary}.`,
          `// ${advice}`,
          `// See the ${TRANSFORM_TIMEOUT_CODE} problem on the mapping.`,
        ].join('\n') + '\n';
        this.last.set(uri.toString(), text);
        return text;
      }
      this.log.debug(`preview: transformed in ${outcome.ms.toFixed(1)} ms in the worker`);
      const text = this.render(outcome.result, doc, payload.text, payloadUri, mappingUri, header, !!schema);
      this.last.set(uri.toString(), text);
      return text;
    } catch (e) {
      this.log.error(`preview: ${(e as Error).message}`);
      return `// Preview XDM failed: ${(e as Error).message}\n`;
    }
  }

  private render(result: TransformResult, doc: MappingDocument, payloadText: string, payloadUri: vscode.Uri, mappingUri: vscode.Uri, header: string[], hasSchema: boolean): string {
    const mappingDiags: CoreDiagnostic[] = [];
    const payloadDiags: CoreDiagnostic[] = [];
    const payloadLines = new LineIndex(payloadText);
    const lines: string[] = [];
    const several = result.events.length > 1;
    for (const e of result.mappingErrors) lines.push(`// error ${e.code}: row ${e.row + 1}: ${e.message}`);
    for (const p of result.payloadProblems) {
      lines.push(`// error: ${p.message}`);
      payloadDiags.push({ range: payloadLines.range(p.start, p.end), severity: 'error', code: 'moe.ndjson-line', message: p.message, source: 'moe-aep.transform' });
    }
    for (const ev of result.events) {
      const prefix = several ? `event ${ev.index + 1}: ` : '';
      for (const e of ev.errors) {
        lines.push(`// error ${e.code}: ${prefix}${e.message}`);
        mappingDiags.push({ ...transformErrorDiagnostic(doc, e), message: prefix + e.message, source: 'moe-aep.transform' });
        if (ev.payloadRange) payloadDiags.push({ range: payloadLines.range(ev.payloadRange.start, ev.payloadRange.start + 1), severity: 'error', code: e.code, message: `${prefix}mapping row ${e.row + 1} (${e.destination}) failed: ${e.message}`, source: 'moe-aep.transform' });
      }
      for (const i of ev.issues) {
        const from = i.sourceFields?.length ? ` (from payload field ${i.sourceFields.join(', ')})` : '';
        const msg = `${prefix}${i.message} at ${i.xdmPath || '#'}${from}`;
        lines.push(`// error xdm.${i.keyword}: ${msg}`);
        if (i.row !== undefined) mappingDiags.push({ range: rowDiagnosticRange(doc, i.row, 'destination'), severity: 'error', code: `xdm.${i.keyword}`, message: msg, source: 'moe-aep.transform' });
        const r = i.payloadRange ?? ev.payloadRange;
        if (r) payloadDiags.push({ range: payloadLines.range(r.start, r.end), severity: 'error', code: `xdm.${i.keyword}`, message: msg, source: 'moe-aep.transform' });
      }
    }
    this.diagnostics.set(mappingUri, mappingDiags.map((d) => new MappingDiagnostic(d)));
    this.diagnostics.set(payloadUri, payloadDiags.map((d) => new MappingDiagnostic(d)));
    header.push(lines.length ? `// ${lines.length} problem${lines.length === 1 ? '' : 's'}:` : hasSchema ? '// valid against the schema' : '// no transform errors', ...lines);
    const xdm = several || result.shape !== 'flat' ? result.events.map((e) => e.xdm) : (result.events[0]?.xdm ?? {});
    return header.join('\n') + '\n' + JSON.stringify(xdm, null, 2) + '\n';
  }

  private changed(uri: vscode.Uri): void {
    const key = uri.toString();
    const schemaChanged = /\.schema\.json$/.test(uri.path);
    for (const p of this.open.values()) {
      const t = targetOf(p);
      if (schemaChanged || t.payload === key || t.mapping === key) this.refresh(p);
    }
  }

  private refreshAll(): void {
    for (const p of this.open.values()) this.refresh(p);
  }

  private refresh(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    const ms = vscode.workspace.getConfiguration('moeAep').get<number>('diagnostics.debounceMs', 250);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.emitter.fire(uri);
      }, ms),
    );
  }

  dispose(): void {
    this.worker?.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subs) s.dispose();
  }
}

