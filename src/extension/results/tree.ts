import * as vscode from 'vscode';
import type { AepValidationError, MessageRecord, Run } from '../../core/results/types';
import type { ResultsService } from './service';

export type ResultNode =
  | { kind: 'run'; run: Run }
  | { kind: 'message'; run: Run; message: MessageRecord }
  | { kind: 'error'; run: Run; message: MessageRecord; error: AepValidationError }
  | { kind: 'more'; count: number };

/** Messages shown per run; the rest stay in the journal (a 100k-event run would freeze the tree). */
const MAX_MESSAGES_SHOWN = 1000;

function host(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function runItem(run: Run): vscode.TreeItem {
  const c = run.counts;
  const failed = c.rejected + c.error;
  const item = new vscode.TreeItem(`${time(run.start.at)} · ${host(run.start.endpoint)}`, vscode.TreeItemCollapsibleState.Collapsed);
  const parts = [`${c.accepted}/${run.start.total} accepted`];
  if (failed) parts.push(`${failed} failed`);
  if (c.pending) parts.push(`${c.pending} not sent`);
  if (run.state === 'interrupted') parts.push('interrupted');
  else if (run.state === 'cancelled') parts.push('cancelled');
  else if (run.state === 'running') parts.push('sending…');
  item.description = parts.join(' · ');
  item.tooltip = new vscode.MarkdownString(
    [`**${run.start.mode}** run of \`${run.start.file}\``, `endpoint: ${run.start.endpoint}`, run.start.environment ? `environment: ${run.start.environment}` : '', `run id: ${run.start.runId}`]
      .filter(Boolean)
      .join('  \n'),
  );
  item.iconPath =
    run.state === 'running'
      ? new vscode.ThemeIcon('sync~spin')
      : run.state === 'interrupted'
        ? new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground'))
        : failed
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : c.pending
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  // Menus in package.json match `run.*hasFailed` / `run.*interrupted`.
  item.contextValue = `run${failed ? '.hasFailed' : ''}${run.state === 'interrupted' ? '.interrupted' : ''}`;
  item.id = `run:${run.start.runId}`;
  return item;
}

function messageItem(run: Run, m: MessageRecord): vscode.TreeItem {
  const label = `${m.eventCode ?? 'event'} · ${m.eventId ?? m.eventKey}`;
  const item = new vscode.TreeItem(label, m.errors.length && m.status !== 'accepted' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const status = m.status === 'accepted' ? 'accepted' : m.status === 'rejected' ? `rejected${m.httpStatus ? ` (${m.httpStatus})` : ''}` : `no answer${m.httpStatus ? ` (${m.httpStatus})` : ''}`;
  item.description = [status, m.xactionId].filter(Boolean).join(' · ');
  item.iconPath =
    m.status === 'accepted'
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : m.status === 'rejected'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  item.contextValue = `message${m.status === 'accepted' ? '.accepted' : '.failed'}${m.xactionId ? '.hasXaction' : ''}`;
  item.id = `msg:${run.start.runId}:${m.index}`;
  item.tooltip = `Event #${m.index + 1} of ${run.start.file}${m.errors[0] ? `\n${m.errors[0].message}` : ''}`;
  item.command = { command: 'moeAep.results.openMessage', title: 'Open Request and Response', arguments: [{ kind: 'message', run, message: m }] };
  return item;
}

function errorItem(e: AepValidationError): vscode.TreeItem {
  const item = new vscode.TreeItem(e.message, vscode.TreeItemCollapsibleState.None);
  item.description = e.pointer && e.pointer !== '#' ? e.pointer : undefined;
  item.iconPath = new vscode.ThemeIcon('circle-small-filled');
  item.contextValue = 'validationError';
  item.tooltip = [e.message, e.pointer && `pointer: ${e.pointer}`, e.keyword && `keyword: ${e.keyword}`].filter(Boolean).join('\n');
  return item;
}

export class ResultsTreeProvider implements vscode.TreeDataProvider<ResultNode> {
  readonly onDidChangeTreeData: vscode.Event<void>;

  constructor(private readonly service: ResultsService) {
    this.onDidChangeTreeData = service.onDidChange;
  }

  getTreeItem(n: ResultNode): vscode.TreeItem {
    switch (n.kind) {
      case 'run':
        return runItem(n.run);
      case 'message':
        return messageItem(n.run, n.message);
      case 'error':
        return errorItem(n.error);
      case 'more':
        return new vscode.TreeItem(`… ${n.count} more messages (in the journal)`);
    }
  }

  async getChildren(n?: ResultNode): Promise<ResultNode[]> {
    if (!n) {
      const snap = await this.service.read();
      return [...snap.runs].reverse().map((run) => ({ kind: 'run', run }));
    }
    if (n.kind === 'run') {
      const shown = n.run.messages.slice(0, MAX_MESSAGES_SHOWN).map((message): ResultNode => ({ kind: 'message', run: n.run, message }));
      const rest = n.run.messages.length - shown.length;
      return rest > 0 ? [...shown, { kind: 'more', count: rest }] : shown;
    }
    if (n.kind === 'message' && n.message.status !== 'accepted') return n.message.errors.map((error) => ({ kind: 'error', run: n.run, message: n.message, error }));
    return [];
  }

  /** Plain data of the rendered tree (labels, descriptions, context values) for tests. */
  async snapshot(n?: ResultNode, depth = 0): Promise<TreeSnapshotItem[]> {
    const out: TreeSnapshotItem[] = [];
    for (const c of await this.getChildren(n)) {
      const item = this.getTreeItem(c);
      out.push({
        label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        children: depth < 2 ? await this.snapshot(c, depth + 1) : [],
      });
    }
    return out;
  }
}

export interface TreeSnapshotItem {
  label: string;
  description?: string;
  contextValue?: string;
  children: TreeSnapshotItem[];
}
