// Where the pinned code-server and the browser live. code-server 4.100.3 is VS Code 1.100.3, the last
// line that runs on Node 20 (vscode-extension-practice.md §4.2 Step 0); newer ones need Node 22+.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

export const CODE_SERVER_VERSION = '4.100.3';
export const RIPGREP_PKG_VERSION = '1.15.11';
export const cacheRoot = process.env.MOE_AEP_CACHE || path.join(os.homedir(), '.cache', 'moe-aep');
export const codeServerDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (p && fs.existsSync(p)) return p;
  }
  return undefined;
}

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];
