import * as vscode from 'vscode';
import { exchangesById } from '../../core/results/model';
import type { ExchangeLogRecord, MessageRecord, Run } from '../../core/results/types';
import type { ResultsService } from './service';

export const EXCHANGE_SCHEME = 'moe-aep-exchange';

function bodyValue(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** What the user sees for one message: what AEP said about it, then the exact (redacted) HTTP exchange. */
export function renderMessage(run: Run, m: MessageRecord, x: ExchangeLogRecord | undefined): string {
  const doc: Record<string, unknown> = {
    event: { index: m.index, key: m.eventKey, eventCode: m.eventCode, id: m.eventId, file: run.start.file },
    outcome: { status: m.status, httpStatus: m.httpStatus, xactionId: m.xactionId, errors: m.errors },
  };
  if (m.batchItem !== undefined) doc.batchItem = m.batchItem;
  if (x) {
    doc.request = { method: x.request.method, url: x.request.url, headers: x.request.headers, body: bodyValue(x.request.body) };
    doc.response = x.response
      ? { status: x.response.status, headers: x.response.headers, body: bodyValue(x.response.body) }
      : { error: x.error ?? 'no response' };
    if (x.durationMs !== undefined) doc.durationMs = x.durationMs;
    if (x.attempt !== undefined) doc.attempt = x.attempt;
  } else {
    doc.request = 'not recorded (no HTTP exchange is linked to this message — it may have been refused before sending)';
  }
  return JSON.stringify(doc, null, 2) + '\n';
}

export function exchangeUri(runId: string, index: number): vscode.Uri {
  return vscode.Uri.from({ scheme: EXCHANGE_SCHEME, path: `/${encodeURIComponent(runId)}/event-${index + 1}.json` });
}

/** Read-only documents: a content provider's documents cannot be edited or saved over the journal. */
export class ExchangeDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly service: ResultsService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const m = /^\/([^/]+)\/event-(\d+)\.json$/.exec(uri.path);
    if (!m) return '// unknown message\n';
    const runId = decodeURIComponent(m[1]);
    const index = Number(m[2]) - 1;
    const snap = await this.service.read();
    const run = snap.runs.find((r) => r.start.runId === runId);
    const msg = run?.messages.find((x) => x.index === index);
    if (!run || !msg) return JSON.stringify({ error: 'This message is no longer in the ingestion history (cleared or compacted).' }, null, 2);
    const x = msg.exchangeId ? exchangesById(snap.records).get(msg.exchangeId) : undefined;
    return renderMessage(run, msg, x);
  }
}
