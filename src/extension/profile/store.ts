import * as vscode from 'vscode';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { getEnvironment, INTEGRATION_FILE, parseIntegrationFile, setActiveEnvironmentText, updateEnvironmentText } from '../../core/handoff/integrationFile';
import type { EnvironmentProfile, IntegrationFile } from '../../core/handoff/profile';

export interface LoadedProfile {
  folder: vscode.WorkspaceFolder;
  uri: vscode.Uri;
  /** Workspace-relative name, from the `moeAep.integrationFile` setting. */
  relativePath: string;
  exists: boolean;
  text?: string;
  file?: IntegrationFile;
  diagnostics: CoreDiagnostic[];
}

export interface ActiveProfile {
  folder: vscode.WorkspaceFolder;
  uri: vscode.Uri;
  environment: string;
  env: EnvironmentProfile;
  file: IntegrationFile;
}

/**
 * The integration file of the first workspace folder, read through `workspace.fs` (works for remote
 * and virtual file systems) and cached until it changes on disk or through us.
 */
export class ProfileStore implements vscode.Disposable {
  private cached?: Promise<LoadedProfile | undefined>;
  private last?: LoadedProfile;
  private watcher?: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<LoadedProfile | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('moeAep.integrationFile') && this.invalidate(true)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate(true)),
    );
  }

  private location(): { folder: vscode.WorkspaceFolder; uri: vscode.Uri; rel: string } | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const rel = vscode.workspace.getConfiguration('moeAep', folder.uri).get<string>('integrationFile') || INTEGRATION_FILE;
    return { folder, uri: vscode.Uri.joinPath(folder.uri, rel), rel };
  }

  /** Watching starts on first use, so activation does no file I/O. */
  private ensureWatcher(loc: { folder: vscode.WorkspaceFolder; rel: string }): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(loc.folder, loc.rel));
    const reload = () => this.invalidate(true);
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
    this.watcher.onDidDelete(reload);
  }

  invalidate(notify: boolean): void {
    this.cached = undefined;
    if (notify) void this.load().then((p) => this.changed.fire(p));
  }

  /** The last loaded state without I/O (undefined before the first load). */
  current(): LoadedProfile | undefined {
    return this.last;
  }

  load(): Promise<LoadedProfile | undefined> {
    this.cached ??= this.read();
    return this.cached;
  }

  private async read(): Promise<LoadedProfile | undefined> {
    const loc = this.location();
    if (!loc) return (this.last = undefined);
    this.ensureWatcher(loc);
    let text: string | undefined;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(loc.uri));
    } catch {
      text = undefined;
    }
    const base = { folder: loc.folder, uri: loc.uri, relativePath: loc.rel };
    if (text === undefined) return (this.last = { ...base, exists: false, diagnostics: [] });
    const parsed = parseIntegrationFile(text);
    if (parsed.diagnostics.length) this.log.warn(`${loc.rel}: ${parsed.diagnostics.length} problem(s), first: ${parsed.diagnostics[0].message}`);
    return (this.last = { ...base, exists: true, text, file: parsed.file, diagnostics: parsed.diagnostics });
  }

  async active(): Promise<ActiveProfile | undefined> {
    const p = await this.load();
    return p ? toActive(p) : undefined;
  }

  private async write(compute: (text: string | undefined) => string): Promise<LoadedProfile | undefined> {
    const loc = this.location();
    if (!loc) throw new Error('Open a workspace folder first: the integration details are saved in it.');
    const current = await this.load();
    const next = compute(current?.exists ? current.text : undefined);
    await vscode.workspace.fs.writeFile(loc.uri, new TextEncoder().encode(next));
    this.invalidate(false);
    const loaded = await this.load();
    this.changed.fire(loaded);
    return loaded;
  }

  /** Replaces the fields of one environment (absent fields are removed), keeping comments and order. */
  saveEnvironment(environment: string, values: EnvironmentProfile, fieldKeys: readonly string[]): Promise<LoadedProfile | undefined> {
    const patch: Record<string, unknown> = {};
    for (const k of fieldKeys) patch[k] = (values as Record<string, unknown>)[k];
    return this.write((text) => updateEnvironmentText(text, environment, patch));
  }

  setActiveEnvironment(environment: string): Promise<LoadedProfile | undefined> {
    return this.write((text) => setActiveEnvironmentText(updateEnvironmentText(text, environment, {}), environment));
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}

export function toActive(p: LoadedProfile): ActiveProfile | undefined {
  if (!p.file) return undefined;
  const { name, env } = getEnvironment(p.file);
  return env ? { folder: p.folder, uri: p.uri, environment: name, env, file: p.file } : undefined;
}

let shared: ProfileStore | undefined;

/** The one store of this extension instance; created by registerProfile, used by the panel. */
export function profileStore(log?: vscode.LogOutputChannel): ProfileStore {
  if (!shared) {
    if (!log) throw new Error('profile store used before registerProfile');
    shared = new ProfileStore(log);
  }
  return shared;
}

export function resetProfileStore(): void {
  shared = undefined;
}
