#!/usr/bin/env node
// `npm run demo`: the product on its embedded defaults — a real VS Code in the browser (code-server 4.100.3)
// with the packaged extension installed, the local AEP emulator as the streaming endpoint, and a copy of
// examples/ as the workspace. Prints the URL and runs until Ctrl-C.
// Options: --port N (code-server, default 8080 or $PORT), --fresh (re-copy the example workspace),
//          --check (start everything, load the workbench in Chromium, screenshot, and exit — a smoke test).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './lib/env.mjs';
import { startCodeServer, installVsix, launchBrowser } from './lib/codeserver.mjs';
import { startWorkspaceEmulator, pointWorkspaceAt } from './lib/emulator.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const check = argv.includes('--check');
const port = Number(opt('--port', process.env.PORT ?? (check ? 0 : 8080)));
const demoDir = path.join(repoRoot, '.moe-aep-demo');
const workspace = path.join(demoDir, 'workspace');

const step = (s) => console.log(`demo: ${s}`);
execFileSync(process.execPath, ['scripts/setup-vscode.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (!fs.existsSync(path.join(repoRoot, 'node_modules'))) {
  step('installing npm dependencies…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
}
step('building and packaging the extension…');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });

if (argv.includes('--fresh') || check) fs.rmSync(workspace, { recursive: true, force: true });
if (!fs.existsSync(workspace)) fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });

step('starting the local AEP emulator…');
const emulator = await startWorkspaceEmulator(workspace, { dataDir: path.join(demoDir, 'emulator-data') });
if (!emulator) throw new Error('dist/cli.js is missing; the build failed');
const endpoint = emulator.url;
step(`AEP emulator: ${endpoint}`);
pointWorkspaceAt(workspace, endpoint);

const extensionsDir = path.join(demoDir, 'extensions');
const userDataDir = path.join(demoDir, 'user-data');
step('installing the .vsix into code-server…');
await installVsix(path.join(repoRoot, 'dist', 'moe-aep.vsix'), extensionsDir, userDataDir);
const cs = await startCodeServer({ workspace, extensionsDir, userDataDir, port, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
const url = `${cs.url}/?folder=${encodeURIComponent(workspace)}`;

const shutdown = async () => {
  emulator.close();
  await cs.close();
};
if (check) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The extension's activity-bar container proves the installed .vsix loaded.
  await page.locator('.activitybar [aria-label^="MoEngage → AEP"]').first().click({ timeout: 60_000 });
  await page.getByText('AEP Ingestion').first().waitFor({ timeout: 30_000 });
  // The contributed views show before the extension host has activated us; the checklist's first
  // step row proves activate() ran and the tree providers answer.
  await page.locator('.pane-body .monaco-list-row', { hasText: /^\s*1\. / }).first().waitFor({ timeout: 90_000 });
  await page.waitForTimeout(1000);
  const shot = path.join(repoRoot, 'test-artifacts', 'demo.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  await browser.close();
  await shutdown();
  step(`check ok: workbench loaded from ${url}; screenshot ${path.relative(repoRoot, shot)}`);
  process.exit(0);
}
// The raw (HTTP API) inlet wants the dataflow ID in x-adobe-flow-id (aep-streaming-and-dataprep.md §2.2):
// the example workspace's environment has one, so a Postman/curl test works as in the seed's Step 6.
let flowId = '';
try {
  const env = JSON.parse(fs.readFileSync(path.join(workspace, 'moengage-aep.json'), 'utf8')).environments;
  flowId = Object.values(env ?? {}).map((e) => e?.flowId).find(Boolean) ?? '';
} catch {
  // no profile: nothing to suggest
}
const curl = flowId ? `\n  Try:  curl -X POST '${endpoint}?syncValidation=true' -H 'content-type: application/json' -H 'x-adobe-flow-id: ${flowId}' --data @${path.relative(process.cwd(), path.join(workspace, 'payloads', 'email-sent.moe.json'))}` : '';
console.log(`\n  Open ${url}\n  AEP emulator: ${endpoint}  (dataset: ${new URL(endpoint).origin}/_emulator/dataset)${curl}\n  Ctrl-C to stop.\n`);
process.on('SIGINT', () => shutdown().then(() => process.exit(0)));
process.on('SIGTERM', () => shutdown().then(() => process.exit(0)));
