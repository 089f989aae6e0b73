// Starts a real VS Code (code-server 4.100.3, Node extension host) on loopback with isolated profile
// folders, and a Debian Chromium driven by playwright-core (vscode-extension-practice.md §4.2 Steps 6–9).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEntry, chromiumPath, chromiumArgs } from './env.mjs';

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies a folder (the example workspace) so tests never modify the repository's files. */
export function copyDir(src, dest) {
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * @param {{workspace?: string, extensionsDir?: string, userDataDir?: string, settings?: object, trust?: boolean,
 *          env?: object, port?: number, log?: (s: string) => void, args?: string[]}} opts
 * `trust: false` keeps Workspace Trust on, so the folder opens in Restricted Mode (untrusted).
 */
export async function startCodeServer(opts = {}) {
  if (!fs.existsSync(codeServerEntry)) throw new Error('code-server is not installed: run `npm run setup:vscode`');
  const tmp = makeTempDir('moe-aep-cs-');
  const extensionsDir = opts.extensionsDir ?? path.join(tmp, 'exts');
  const userDataDir = opts.userDataDir ?? path.join(tmp, 'ud');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile) || opts.settings)
    fs.writeFileSync(settingsFile, JSON.stringify({ ...defaultSettings, ...(opts.settings ?? {}) }, null, 2));
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(opts.trust === false ? [] : ['--disable-workspace-trust']),
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--config', path.join(tmp, 'config.yaml'),
    ...(opts.args ?? []),
  ];
  if (opts.workspace) args.push(opts.workspace);
  // Its own process group, so close() also ends the extension host and other children it forked.
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, VSCODE_IPC_HOOK_CLI: '', ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = opts.log ?? (() => {});
  let buf = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 90 s:\n${buf}`)), 90_000);
    const onData = (d) => {
      const s = d.toString();
      buf += s;
      log(s);
      const m = buf.match(/HTTP server listening on (http:\/\/[\d.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${buf}`));
    });
  });
  proc.stdout.removeAllListeners('data');
  proc.stderr.removeAllListeners('data');
  proc.stdout.on('data', (d) => log(d.toString()));
  proc.stderr.on('data', (d) => log(d.toString()));
  return {
    url,
    proc,
    tmp,
    extensionsDir,
    userDataDir,
    async close() {
      const group = (signal) => {
        try {
          process.kill(-proc.pid, signal);
        } catch {
          /* already gone */
        }
      };
      if (proc.exitCode === null) {
        group('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            group('SIGKILL');
            r();
          }, 5000);
          proc.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      group('SIGKILL'); // stragglers (an extension host still shutting down)
    },
  };
}

/** Installs a .vsix the way a user does (`code-server --install-extension`). */
export async function installVsix(vsix, extensionsDir, userDataDir) {
  const { execFileSync } = await import('node:child_process');
  return execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    env: { ...process.env, VSCODE_IPC_HOOK_CLI: '' },
  });
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: install the Debian package "chromium"');
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs });
}
