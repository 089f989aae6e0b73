/**
 * The CLI as users run it (`node dist/cli.js`), bundled from the current sources into a temp dir
 * once per test process with the same esbuild settings, so a stale or concurrently rebuilt
 * dist/ never decides a crash test.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const repoRoot = path.resolve(__dirname, '../../..');
const built = new Map<string, Promise<string>>();

/**
 * The same node settings as esbuild.mjs, including `mainFields: ['module', 'main']` (jsonc-parser's
 * UMD entry cannot be bundled; found by bundle.test.ts, fixed in b8e4b1b).
 */
export function cliPath(): Promise<string> {
  const key = 'cli';
  if (!built.has(key)) built.set(key, (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-cli-'));
    await esbuild.build({
      entryPoints: { cli: path.join(repoRoot, 'src/cli/index.ts') },
      outdir: dir,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      external: ['vscode'],
      absWorkingDir: repoRoot,
      mainFields: ['module', 'main'],
    });
    return path.join(dir, 'cli.js');
  })());
  return built.get(key)!;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI; `onSpawn` gets the child (to kill it). Resolves when it exits. */
export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (c: ChildProcess) => void; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<CliRun> {
  const cli = await cliPath();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), cli, ...args], { cwd: opts.cwd ?? repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    opts.onSpawn?.(child);
  });
}

const helpTexts = new Map<string, Promise<string>>();

/** Whether `moe-aep <command> --help` mentions `flag` (commands land while these tests are written). */
export async function cliHas(command: string, flag: string): Promise<boolean> {
  if (!helpTexts.has(command)) {
    helpTexts.set(command, runCli([command, '--help'], { timeoutMs: 15_000 }).then((r) => (r.code === 0 ? r.stdout + r.stderr : ''), () => ''));
  }
  return (await helpTexts.get(command)!).includes(flag);
}
