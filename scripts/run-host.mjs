#!/usr/bin/env node
// Runs the extension-host Mocha suite inside a real VS Code: code-server 4.100.3 loads this repository as the
// extension under development and test/host's run() through the workbench URL `payload`
// (vscode-extension-practice.md §4.2 Step 8; the same technique as microsoft/vscode test/integration/browser).
// Usage: node scripts/run-host.mjs [--grep TEXT] [--no-build]
import * as fs from 'node:fs';
import { format } from 'node:util';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './lib/env.mjs';
import { startCodeServer, launchBrowser, makeTempDir, copyDir } from './lib/codeserver.mjs';

const argv = process.argv.slice(2);
const grepIdx = argv.indexOf('--grep');
const grep = grepIdx >= 0 ? argv[grepIdx + 1] : undefined;
const verbose = argv.includes('--verbose') || !!process.env.MOE_AEP_VERBOSE;
if (!argv.includes('--no-build')) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });

const artifacts = path.join(repoRoot, 'test-artifacts', 'host');
fs.mkdirSync(artifacts, { recursive: true });

/**
 * One pass of the suite in a fresh code-server. The trusted pass runs every `*.test.js`; the untrusted pass keeps
 * Workspace Trust on (the folder opens in Restricted Mode) and runs only `*.untrusted.test.js`.
 */
async function pass(untrusted) {
  const tag = untrusted ? 'untrusted' : 'trusted';
  const tmp = makeTempDir('moe-aep-host-');
  const workspace = copyDir(path.join(repoRoot, 'examples'), path.join(tmp, 'workspace'));
  if (untrusted) {
    // A workspace setting that Restricted Mode must ignore (package.json restrictedConfigurations).
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'moeAep.integrationFile': 'attacker.json' }));
  }
  const resultsFile = path.join(tmp, 'results.json');
  const serverLog = fs.createWriteStream(path.join(artifacts, `code-server-${tag}.log`));
  const cs = await startCodeServer({
    workspace,
    trust: !untrusted,
    settings: untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : undefined,
    env: { MOE_AEP_HOST_RESULTS: resultsFile, MOE_AEP_TEST: '1', ...(untrusted ? { MOE_AEP_UNTRUSTED: '1' } : {}), ...(grep ? { MOE_AEP_HOST_GREP: grep } : {}) },
    log: (s) => serverLog.write(s),
  });
  const browser = await launchBrowser();
  let outcome = { passed: 0, failed: 1, pending: 0, ok: false };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const host = new URL(cs.url).host;
    const remote = (abs) => `vscode-remote://${host}${abs}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(path.join(repoRoot, 'out', 'test', 'host', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    const hostLog = fs.createWriteStream(path.join(artifacts, `extension-host-${tag}.log`));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      hostLog.write(`[${type}] ${line}\n`);
      if (verbose || /^\s*(✔|✓|\d+\)|passing|failing|pending|host:)/.test(line) || /^\s{2,}\S/.test(line)) console.log(line);
    });
    let onExit;
    const exited = new Promise((r) => (onExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    const t0 = Date.now();
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 600_000))]);
    if (code === 'timeout') {
      await page.screenshot({ path: path.join(artifacts, `timeout-${tag}.png`) }).catch(() => {});
      console.error(`run-host: the ${tag} extension-host pass did not finish within 10 minutes`);
    }
    let results;
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      results = undefined;
    }
    if (results) {
      for (const f of results.failures) console.log(`\n✗ ${f.title}\n${f.error}`);
      console.log(`${tag} pass: ${results.passed} passed, ${results.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      outcome = { ...results, ok: code === 0 && results.failed === 0 };
      fs.writeFileSync(path.join(artifacts, `results-${tag}.json`), JSON.stringify(results, null, 2));
    } else {
      console.error(`run-host: no results were written by the ${tag} pass (exit value ${code}); see test-artifacts/host/*.log`);
    }
  } finally {
    await browser.close().catch(() => {});
    await cs.close();
    serverLog.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return outcome;
}

const t0 = Date.now();
const hasUntrusted = fs.existsSync(path.join(repoRoot, 'out', 'test', 'host')) && fs.readdirSync(path.join(repoRoot, 'out', 'test', 'host')).some((f) => f.endsWith('.untrusted.test.js'));
const results = [await pass(false)];
if (hasUntrusted && (!grep || /untrusted|restricted/i.test(grep))) results.push(await pass(true));
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const pending = results.reduce((a, r) => a + r.pending, 0);
console.log(`\nextension host (code-server): ${passed} passed, ${failed} failed, ${pending} pending in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
