import * as vscode from 'vscode';
import { assessHandoff, type Assessment, type HandoffProblem, type ReadinessId } from '../../core/handoff/assess';
import { locateInIntegrationFile } from '../../core/handoff/integrationFile';
import type { ProfileStore } from './store';

/**
 * Context keys that complete the walkthrough steps (package.json `walkthroughs[].steps[].completionEvents`
 * `onContext:<key>`), one per seed step.
 */
export const READINESS_CONTEXT: Record<ReadinessId, string> = {
  identities: 'moeAep.identitiesDeclared',
  schema: 'moeAep.schemaLoaded',
  dataset: 'moeAep.datasetSet',
  source: 'moeAep.sourceConfigured',
  mapping: 'moeAep.mappingValid',
  test: 'moeAep.firstPassingSend',
  share: 'moeAep.handoffReady',
};
export const BUNDLE_EXPORTED_CONTEXT = 'moeAep.bundleExported';

type Node = { kind: 'step'; step: Assessment['steps'][number] } | { kind: 'problem'; problem: HandoffProblem } | { kind: 'info'; text: string };

/** "Integration Checklist" view: the same readiness as the walkthrough and the bundle refusal, at a glance. */
export class ReadinessTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private assessment?: Promise<Assessment | undefined>;
  private timer?: ReturnType<typeof setTimeout>;

  /**
   * Cross-file problems (the mapping's identities, the schema's $id, the verified response) shown on
   * the integration file itself. Field syntax stays with VS Code's JSON service (generated schema),
   * so nothing is reported twice.
   */
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('moe-aep.handoff');

  constructor(
    private readonly store: ProfileStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Debounced: saving several files in a row re-assesses once. */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.assessment = undefined;
      this.changed.fire(undefined);
      void this.current();
    }, 150);
  }

  current(): Promise<Assessment | undefined> {
    this.assessment ??= this.compute();
    return this.assessment;
  }

  private async compute(): Promise<Assessment | undefined> {
    const p = await this.store.load();
    let a: Assessment | undefined;
    if (p?.file) {
      try {
        a = await assessHandoff({ workspaceDir: p.folder.uri.fsPath, profile: p.file });
      } catch (e) {
        this.log.error(`readiness check failed: ${(e as Error).message}`);
      }
    }
    this.diagnostics.clear();
    if (a && p?.text) {
      const text = p.text;
      const diags = a.problems
        .filter((x) => x.code !== 'handoff.invalid-field' && x.code !== 'handoff.missing-field')
        .map((x) => {
          const d = new vscode.Diagnostic(toRange(locateInIntegrationFile(text, ['environments', a.environment, ...(x.field ? [x.field] : [])])), x.message, vscode.DiagnosticSeverity.Warning);
          d.source = 'moe-aep';
          d.code = x.code;
          return d;
        });
      this.diagnostics.set(p.uri, diags);
    }
    for (const [id, key] of Object.entries(READINESS_CONTEXT)) {
      const done = a?.steps.find((s) => s.id === id)?.done ?? false;
      void vscode.commands.executeCommand('setContext', key, done);
    }
    return a;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'step') return node.step.problems.map((problem) => ({ kind: 'problem', problem }));
    if (node) return [];
    const p = await this.store.load();
    if (!p) return [{ kind: 'info', text: 'Open a workspace folder to start.' }];
    if (!p.exists) return [{ kind: 'info', text: `No ${p.relativePath} yet: open the Integration Details to create it.` }];
    if (!p.file) return [{ kind: 'info', text: `${p.relativePath} has problems: ${p.diagnostics[0]?.message ?? 'unreadable'}` }];
    const a = await this.current();
    return a ? a.steps.map((step) => ({ kind: 'step', step })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'info') {
      const item = new vscode.TreeItem(node.text);
      item.command = { command: 'moeAep.openPanel', title: 'Open Integration Details' };
      return item;
    }
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.problem.message);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = node.problem.message;
      item.contextValue = 'readinessProblem';
      item.command = { command: 'moeAep.openPanel', title: 'Open Integration Details', arguments: [{ focus: node.problem.field }] };
      return item;
    }
    const s = node.step;
    const item = new vscode.TreeItem(`${s.step}. ${s.title}`, s.problems.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `readiness.${s.id}`;
    item.iconPath = s.done ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('circle-large-outline');
    item.description = s.done ? 'done' : s.id === 'share' ? 'not ready' : `${s.problems.length} to do`;
    item.contextValue = s.done ? 'readinessStep.done' : 'readinessStep.todo';
    item.accessibilityInformation = { label: `Step ${s.step}, ${s.title}: ${item.description}` };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.diagnostics.dispose();
  }
}

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
