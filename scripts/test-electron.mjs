#!/usr/bin/env node
// The same extension-host suite (test/host, the run() contract) in desktop VS Code via @vscode/test-electron,
// for machines where desktop VS Code exists. Offline CI uses scripts/run-host.mjs (code-server) instead.
// Set VSCODE_EXECUTABLE to a local VS Code (`code` binary) to skip the download; Linux needs a display
// (e.g. `xvfb-run -a npm run test:electron`).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './lib/env.mjs';

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-electron-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'host', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
    extensionTestsEnv: { MOE_AEP_TEST: '1' },
  });
} catch (e) {
  console.error(`test-electron: ${e?.message ?? e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
