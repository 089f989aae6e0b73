/**
 * Loads an extension bundle built against the `vscode` stub and calls `activate()` with a minimal fake
 * ExtensionContext, in a fresh process so module loading is cold like in a real extension host.
 * argv: <bundle.js> <repoRoot>. Prints one JSON line.
 */
import * as os from 'node:os';
import * as path from 'node:path';

const [bundle, root] = process.argv.slice(2);
const memento = () => ({ get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined });
const uri = (p: string) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}`, with: () => uri(p) });
const storage = path.join(os.tmpdir(), 'moe-aep-bench-activation');
const context = {
  subscriptions: [] as { dispose(): unknown }[],
  extensionPath: root,
  extensionUri: uri(root),
  globalState: memento(),
  workspaceState: memento(),
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose() {} }) },
  globalStorageUri: uri(storage),
  storageUri: uri(storage),
  logUri: uri(storage),
  globalStoragePath: storage,
  storagePath: storage,
  logPath: storage,
  extensionMode: 1,
  environmentVariableCollection: {},
  asAbsolutePath: (p: string) => path.join(root, p),
  extension: { id: 'moe-aep.moe-aep', extensionUri: uri(root), extensionPath: root, packageJSON: {} },
};

const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require(bundle) as { activate(c: unknown): { activationMs: number; features?: string[] } };
const requireMs = performance.now() - t0;
const t1 = performance.now();
const r = ext.activate(context);
const callMs = performance.now() - t1;
process.stdout.write(JSON.stringify({ requireMs, callMs, activationMs: r.activationMs, features: r.features ?? [], subscriptions: context.subscriptions.length }) + '\n');
setImmediate(() => process.exit(0)); // registrations may hold timers; the measurement is done
