import * as vscode from 'vscode';
import { InputError } from '../../core/diagnostics';
import { splitPayload } from '../../core/mapping';
import type { XdmSchema } from '../../core/xdm';

export const MAPPING_GLOBS = ['**/*.mapping.csv', '**/*.mapping.json'];
export const PAYLOAD_GLOBS = ['**/*.moe.json', '**/*.moengage.json', '**/*.moe.ndjson', '**/*.moengage.ndjson'];
const EXCLUDE = '**/{node_modules,.git,dist,out}/**';

export function isMappingDoc(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'moe-mapping-csv' || /\.mapping\.(csv|json)$/i.test(doc.uri.path);
}

export function isPayloadDoc(doc: vscode.TextDocument | vscode.Uri): boolean {
  const p = 'uri' in doc ? doc.uri.path : doc.path;
  return /\.(moe|moengage)\.(nd)?json$/i.test(p);
}

interface IntegrationFile {
  activeEnvironment?: string;
  environments?: Record<string, { schemaFile?: string; mappingFile?: string; verifiedPayloadFile?: string }>;
  schemaFile?: string;
  mappingFile?: string;
}

/**
 * What the mapping features need from the workspace: the XDM schema (the integration file's
 * `schemaFile`, else the first `*.schema.json` that looks like XDM), example payloads for source
 * fields, and the default mapping. Everything is read lazily and dropped when a file changes.
 */
export class MappingWorkspace implements vscode.Disposable {
  private schemaPromise?: Promise<{ schema?: XdmSchema; uri?: vscode.Uri; error?: string }>;
  private samplesPromise?: Promise<Record<string, unknown>[]>;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the schema or the example payloads changed on disk. */
  readonly onDidChange = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const w = vscode.workspace.createFileSystemWatcher('**/{*.schema.json,moengage-aep.json,*.moe.json,*.moengage.json,*.moe.ndjson,*.moengage.ndjson}');
    const reset = (uri: vscode.Uri) => {
      if (/\.schema\.json$|moengage-aep\.json$/.test(uri.path)) this.schemaPromise = undefined;
      else this.samplesPromise = undefined;
      this.emitter.fire();
    };
    this.subs.push(w, w.onDidChange(reset), w.onDidCreate(reset), w.onDidDelete(reset), this.emitter);
    this.subs.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (/\.schema\.json$/.test(e.document.uri.path) && e.contentChanges.length) {
          this.schemaPromise = undefined;
          this.emitter.fire();
        }
      }),
    );
  }

  async integration(): Promise<{ folder: vscode.Uri; env: { schemaFile?: string; mappingFile?: string; verifiedPayloadFile?: string } } | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) return undefined;
    const name = vscode.workspace.getConfiguration('moeAep').get<string>('integrationFile') || 'moengage-aep.json';
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name));
      const json = JSON.parse(new TextDecoder().decode(bytes)) as IntegrationFile;
      const env = (json.activeEnvironment && json.environments?.[json.activeEnvironment]) || Object.values(json.environments ?? {})[0] || json;
      return { folder, env };
    } catch {
      return { folder, env: {} };
    }
  }

  schema(): Promise<{ schema?: XdmSchema; uri?: vscode.Uri; error?: string }> {
    return (this.schemaPromise ??= this.findSchema());
  }

  private async findSchema(): Promise<{ schema?: XdmSchema; uri?: vscode.Uri; error?: string }> {
    const integ = await this.integration();
    const candidates: vscode.Uri[] = [];
    if (integ?.env.schemaFile) candidates.push(vscode.Uri.joinPath(integ.folder, integ.env.schemaFile));
    candidates.push(...(await vscode.workspace.findFiles('**/*.schema.json', EXCLUDE, 50)));
    for (const uri of candidates) {
      try {
        const text = await readText(uri);
        if (!/meta:xdmType|xed/.test(text) && uri !== candidates[0]) continue;
        const dir = vscode.Uri.joinPath(uri, '..');
        const siblings = new Map<string, string>();
        for (const [name] of await vscode.workspace.fs.readDirectory(dir).then(undefined, () => [] as [string, vscode.FileType][])) {
          if (!name.endsWith('.json')) continue;
          try {
            const t = await readText(vscode.Uri.joinPath(dir, name));
            const m = /"\$id"\s*:\s*"([^"]+)"/.exec(t.slice(0, 4096));
            if (m) siblings.set(m[1].replace(/#.*$/, ''), t);
          } catch {
            /* skip */
          }
        }
        // ajv and the schema loader load on first use, not at activation.
        const { loadXdmSchema } = await import('../../core/xdm');
        const schema = loadXdmSchema(text, { fileName: vscode.workspace.asRelativePath(uri), readRef: (ref) => siblings.get(ref) });
        this.log.info(`mapping: XDM schema ${vscode.workspace.asRelativePath(uri)} (${schema.fields.size} fields, tenant ${schema.tenant ?? 'none'})`);
        return { schema, uri };
      } catch (e) {
        if (e instanceof InputError) {
          if (uri === candidates[0] && integ?.env.schemaFile) return { uri, error: e.message };
          continue;
        }
        this.log.warn(`mapping: cannot read ${uri.toString()}: ${(e as Error).message}`);
      }
    }
    return {};
  }

  /** Events of the example payloads in the workspace (bounded), for source-field completion and checks. */
  samples(): Promise<Record<string, unknown>[]> {
    return (this.samplesPromise ??= (async () => {
      const out: Record<string, unknown>[] = [];
      for (const glob of PAYLOAD_GLOBS) {
        for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE, 50)) {
          if (/[\\/]broken[\\/]/.test(uri.path)) continue;
          try {
            const text = await readText(uri);
            if (text.length > 2_000_000) continue;
            for (const e of splitPayload(text).events.slice(0, 100)) out.push(e.record);
          } catch {
            /* unreadable payloads just add no fields */
          }
        }
      }
      return out;
    })());
  }

  /** The mapping to preview a payload with: the integration file's, else the first mapping in the workspace. */
  async defaultMapping(): Promise<vscode.Uri | undefined> {
    const integ = await this.integration();
    if (integ?.env.mappingFile) return vscode.Uri.joinPath(integ.folder, integ.env.mappingFile);
    for (const g of MAPPING_GLOBS) {
      const found = (await vscode.workspace.findFiles(g, EXCLUDE, 10)).filter((u) => !/[\\/]broken[\\/]/.test(u.path));
      if (found.length) return found[0];
    }
    return undefined;
  }

  async defaultPayload(): Promise<vscode.Uri | undefined> {
    for (const g of PAYLOAD_GLOBS) {
      const found = (await vscode.workspace.findFiles(g, EXCLUDE, 20)).filter((u) => !/[\\/]broken[\\/]/.test(u.path)).sort((a, b) => a.path.localeCompare(b.path));
      if (found.length) return found[0];
    }
    return undefined;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}

/** Reads through open documents first, so unsaved edits count. */
export async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
