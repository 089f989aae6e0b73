#!/usr/bin/env node
// Installs the pinned code-server into a cache folder outside the repo (so `npm ci` stays light and the
// install is reused between runs). Offline-safe: ripgrep's postinstall download is served from Debian's `rg`
// (vscode-extension-practice.md §4.2 Steps 2–3). Idempotent: does nothing when the cached install is complete.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CODE_SERVER_VERSION, RIPGREP_PKG_VERSION, codeServerDir, codeServerEntry, chromiumPath } from './lib/env.mjs';

const marker = path.join(codeServerDir, '.complete');
const rgBinary = path.join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');

function fail(msg) {
  console.error(`setup-vscode: ${msg}`);
  process.exit(1);
}

if (fs.existsSync(marker) && fs.existsSync(codeServerEntry)) {
  console.log(`setup-vscode: code-server ${CODE_SERVER_VERSION} cached at ${codeServerDir}`);
} else {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) fail('ripgrep (rg) is missing; install the Debian package "ripgrep" (see .ci/run)');
  const seedDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  fs.mkdirSync(seedDir, { recursive: true });
  const seed = path.join(seedDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!fs.existsSync(seed)) execFileSync('tar', ['czf', seed, '-C', path.dirname(rg), path.basename(rg)]);

  fs.rmSync(codeServerDir, { recursive: true, force: true });
  fs.mkdirSync(codeServerDir, { recursive: true });
  fs.writeFileSync(
    path.join(codeServerDir, 'package.json'),
    JSON.stringify({ name: 'moe-aep-code-server', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  console.log(`setup-vscode: installing code-server@${CODE_SERVER_VERSION} into ${codeServerDir} (about 1–2 minutes)…`);
  const t0 = Date.now();
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    stdio: 'inherit',
    // As root, code-server's postinstall needs unsafe-perm; node-pty's postinstall runs `npx node-gyp`, which
    // this machine's `yes=false` npm config would cancel (§4.2 Step 3, Troubleshooting).
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (!fs.existsSync(codeServerEntry)) fail('code-server installed but its entry point is missing');
  if (!fs.existsSync(rgBinary)) fail('code-server installed but @vscode/ripgrep has no rg binary (postinstall skipped?)');
  fs.writeFileSync(marker, new Date().toISOString());
  console.log(`setup-vscode: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
const chrome = chromiumPath();
if (!chrome) fail('Chromium is missing; install the Debian package "chromium" (see .ci/run)');
console.log(`setup-vscode: browser ${chrome}`);
