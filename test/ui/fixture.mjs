// Root hooks shared by every UI test file: package the extension as a .vsix, install it into a fresh
// code-server with `--install-extension`, open a copy of examples/ and give each test the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../scripts/lib/env.mjs';
import { startCodeServer, launchBrowser, installVsix, makeTempDir, copyDir } from '../../scripts/lib/codeserver.mjs';

export const artifacts = path.join(repoRoot, 'test-artifacts', 'ui');
export const ui = { page: null, browser: null, cs: null, workspace: null, tmp: null, vsix: null, emulator: null };

/** Where README screenshots go when MOE_AEP_UPDATE_SCREENSHOTS=1; otherwise into the artifacts folder. */
export function screenshotPath(name) {
  const dir = process.env.MOE_AEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(artifacts, 'screens');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export async function startEmulatorIfAvailable(workspace) {
  const mod = path.join(repoRoot, 'dist', 'cli.js');
  const { spawn } = await import('node:child_process');
  const schema = path.join(workspace, 'schema', 'moengage-events.schema.json');
  const mapping = path.join(workspace, 'mapping', 'moengage-default.mapping.csv');
  const args = [mod, 'emulator', '--port', '0'];
  if (fs.existsSync(schema)) args.push('--schema', schema);
  if (fs.existsSync(mapping)) args.push('--mapping', mapping);
  const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  const url = await new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), 15_000);
    const on = (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    p.once('exit', () => resolve(null));
  });
  if (!url) {
    p.kill();
    return null;
  }
  return { url, proc: p, close: () => p.kill() };
}

/** Points the example workspace's active environment at a running emulator. */
export function pointWorkspaceAt(workspace, endpoint) {
  const f = path.join(workspace, 'moengage-aep.json');
  if (!fs.existsSync(f)) return;
  const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  const env = doc.environments?.[doc.activeEnvironment];
  if (env) env.endpoint = endpoint;
  fs.writeFileSync(f, JSON.stringify(doc, null, 2) + '\n');
}

export async function openWorkbench(page, url, folder) {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The status bar item of the extension proves activation finished.
  await page.waitForTimeout(1500);
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
  await page.keyboard.type(title);
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
}

export async function openFile(page, relPath) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
  await page.keyboard.type(relPath);
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label*="${path.basename(relPath)}"]`, { timeout: 30_000 });
}


before(async function () {
  this.timeout(300_000);
  fs.mkdirSync(artifacts, { recursive: true });
  ui.tmp = makeTempDir('moe-aep-ui-');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  ui.vsix = path.join(repoRoot, 'dist', 'moe-aep.vsix');
  ui.workspace = copyDir(path.join(repoRoot, 'examples'), path.join(ui.tmp, 'workspace'));
  // The production build replaced dist/; rebuild the dev bundles (cli for the emulator, host tests).
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  ui.emulator = await startEmulatorIfAvailable(ui.workspace);
  if (ui.emulator) pointWorkspaceAt(ui.workspace, ui.emulator.url);
  const extensionsDir = path.join(ui.tmp, 'exts');
  const userDataDir = path.join(ui.tmp, 'ud');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const out = await installVsix(ui.vsix, extensionsDir, userDataDir);
  if (!/successfully installed/i.test(out)) throw new Error(`the .vsix did not install: ${out}`);
  const csLog = fs.createWriteStream(path.join(artifacts, 'code-server.log'));
  ui.cs = await startCodeServer({ extensionsDir, userDataDir, log: (s) => csLog.write(s) });
  ui.browser = await launchBrowser();
  ui.page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openWorkbench(ui.page, ui.cs.url, ui.workspace);
});

afterEach(async function () {
  if (this.currentTest?.state === 'failed' && ui.page) {
    const name = this.currentTest.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 100);
    await ui.page.screenshot({ path: path.join(artifacts, `FAILED-${name}.png`) }).catch(() => {});
  }
});

after(async function () {
  this.timeout(30_000);
  await ui.browser?.close().catch(() => {});
  await ui.cs?.close();
  ui.emulator?.close();
  if (ui.tmp) fs.rmSync(ui.tmp, { recursive: true, force: true });
});
