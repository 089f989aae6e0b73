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
/**
 * Position of the message inside its batch request: the client sends a chunk's messages in file
 * order, and a 207's `responses[]` follow request order (aep-streaming-and-dataprep.md §1.2).
 */
export function batchPosition(run: Run, m: MessageRecord): number | undefined {
  if (!m.exchangeId) return undefined;
  const same = run.messages.filter((o) => o.exchangeId === m.exchangeId).map((o) => o.index).sort((a, b) => a - b);
  return same.length ? same.indexOf(m.index) : undefined;
}

/** The event's position in the sent batch by its `event_uuid`, when that is unambiguous (retries regroup messages). */
function positionByKey(messages: unknown[] | undefined, key: string): number | undefined {
  if (!messages || key.startsWith('#')) return undefined;
  const hits: number[] = [];
  messages.forEach((msg, i) => {
    if (msg && typeof msg === 'object' && (msg as Record<string, unknown>).event_uuid === key) hits.push(i);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

export function renderMessage(run: Run, m: MessageRecord, x: ExchangeLogRecord | undefined): string {
  const doc: Record<string, unknown> = {
    event: { index: m.index, key: m.eventKey, eventCode: m.eventCode, id: m.eventId, file: run.start.file },
    outcome: { status: m.status, httpStatus: m.httpStatus, xactionId: m.xactionId, errors: m.errors },
  };
  if (x) {
    const req = bodyValue(x.request.body) as { messages?: unknown[] } | undefined;
    const pos = x.request.url.includes('/collection/batch/') ? (m.batchItem ?? positionByKey(req?.messages, m.eventKey) ?? batchPosition(run, m)) : undefined;
    if (pos !== undefined && pos >= 0) {
      // The whole batch follows; these two are this event's part of it.
      const res = bodyValue(x.response?.body) as { responses?: unknown[] } | undefined;
      doc.batchItem = { position: pos, sent: req?.messages?.[pos], answer: res?.responses?.[pos] };
    }
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
