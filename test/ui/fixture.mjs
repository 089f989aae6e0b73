// Root hooks shared by every UI test file: package the extension as a .vsix, install it into a fresh
// code-server with `--install-extension`, open a copy of examples/ and give each test the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../scripts/lib/env.mjs';
import { startCodeServer, launchBrowser, installVsix, makeTempDir, copyDir } from '../../scripts/lib/codeserver.mjs';
import { startWorkspaceEmulator, pointWorkspaceAt } from '../../scripts/lib/emulator.mjs';

export const artifacts = path.join(repoRoot, 'test-artifacts', 'ui');
export const ui = { page: null, browser: null, cs: null, workspace: null, tmp: null, vsix: null, emulator: null };

/** Where README screenshots go when MOE_AEP_UPDATE_SCREENSHOTS=1; otherwise into the artifacts folder. */
export function screenshotPath(name) {
  const dir = process.env.MOE_AEP_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'images') : path.join(artifacts, 'screens');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export { pointWorkspaceAt } from '../../scripts/lib/emulator.mjs';

/** The emulator configured like the workspace's active environment (see scripts/lib/emulator.mjs). */
export async function startEmulatorIfAvailable(workspace) {
  return startWorkspaceEmulator(workspace);
}

export async function openWorkbench(page, url, folder) {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The status bar item of the extension proves activation finished.
  await page.waitForTimeout(1500);
}

/** Runs a palette command by clicking its entry once the list has filled (see runPaletteCommand). */
export async function runCommand(page, title) {
  return runPaletteCommand(page, title);
}

/** Opens a workspace file through Quick Open, clicking the matching row (see openWorkspaceFile). */
export async function openFile(page, relPath) {
  return openWorkspaceFile(page, relPath);
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

// ---- helpers added for the mapping / send / panel UI tests (append-only) ----------------------------

/** Polls `fn` until it returns a truthy value; returns the last value (tests assert on it, with context). */
export async function waitUntil(fn, { timeout = 30_000, interval = 300 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn().catch(() => undefined);
    if (last) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
  return last;
}

/** Rendered text of the Problems panel with Monaco's U+00A0 spaces normalised. */
export async function problemsPanelText(page) {
  return ((await page.locator('.markers-panel').first().textContent({ timeout: 5_000 }).catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
}

/** Visible text of the active editor (Monaco renders only the lines in view; spaces as U+00A0). */
export async function activeEditorText(page) {
  const t = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().textContent({ timeout: 5_000 }).catch(() => '');
  return (t ?? '').replace(/\u00a0/g, ' ');
}

/** Leaves the workbench as the next test file expects it: no editors open, no quick input. */
export async function closeAllEditors(page) {
  await runPaletteCommand(page, 'View: Close All Editors');
  await page.waitForTimeout(500);
  // A dirty editor asks whether to save; never save a test's half-typed text into the workspace.
  const dontSave = page.getByRole('button', { name: /Don't Save/i });
  if (await dontSave.isVisible().catch(() => false)) await dontSave.click();
}

/** Writes `workbench.colorTheme` into the code-server user settings; the workbench applies it live. */
export function setColorTheme(theme) {
  const f = path.join(ui.cs.userDataDir, 'User', 'settings.json');
  const s = JSON.parse(fs.readFileSync(f, 'utf8'));
  s['workbench.colorTheme'] = theme;
  fs.writeFileSync(f, JSON.stringify(s, null, 2));
}

/** http://127.0.0.1:PORT of the running emulator (its `_emulator/*` routes live there). */
export function emulatorOrigin() {
  return ui.emulator ? new URL(ui.emulator.url).origin : undefined;
}

export const TEST_FLOW_ID = '7d1d1a20-1f3b-4a2c-9a55-0d8b7c6e5f41';

/**
 * Makes the workspace's active environment sendable to a local emulator. The example environment is a
 * raw inlet (seed Step 4.5), and a raw inlet needs the dataflow id as x-adobe-flow-id
 * (aep-streaming-and-dataprep.md §2.2), so the emulator is started as `--kind raw` when the root hook
 * could not start one, and a flow id is added when the file has none. Keeps every other value.
 */
export async function ensureSendableWorkspace() {
  // The root hook normally started it; start it here when a test file runs on its own after a failure.
  ui.emulator ??= await startWorkspaceEmulator(ui.workspace);
  const f = path.join(ui.workspace, 'moengage-aep.json');
  const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  const env = doc.environments?.[doc.activeEnvironment];
  if (env && (env.endpoint !== ui.emulator.url || (env.inletKind === 'raw' && !env.flowId))) {
    env.endpoint = ui.emulator.url;
    if (env.inletKind === 'raw' && !env.flowId) env.flowId = TEST_FLOW_ID;
    fs.writeFileSync(f, JSON.stringify(doc, null, 2) + '\n');
  }
  return ui.emulator;
}

/** Waits for the quick input's first row to contain `text` (the list fills in asynchronously under load). */
async function waitForQuickPickRow(page, text, timeout) {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout });
  return row;
}

/** Like openFile, but presses Enter only once the file is listed, so a busy machine cannot open nothing. */
export async function openWorkspaceFile(page, relPath, timeout = 30_000) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
  await page.keyboard.type(relPath);
  const row = await waitForQuickPickRow(page, path.basename(relPath), timeout);
  await row.click();
  await page.waitForSelector(`.tab[aria-label*="${path.basename(relPath)}"]`, { timeout });
}

/** Like runCommand, but clicks the palette entry whose label matches, so Enter cannot run another command. */
export async function runPaletteCommand(page, title, timeout = 30_000) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
  await page.keyboard.type(title);
  const row = await waitForQuickPickRow(page, title, timeout);
  await row.click();
}

/** Clicks the quick-pick item containing `text` (e.g. the send mode picker). */
export async function pickQuickItem(page, text, timeout = 30_000) {
  const row = await waitForQuickPickRow(page, text, timeout);
  await row.click();
}
