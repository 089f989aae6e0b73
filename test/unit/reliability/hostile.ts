/** Runs the hostile-input runner in a child with a 512 MB heap and a wall-clock limit. */
import { spawn } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './cliBundle';

let bundled: Promise<string> | undefined;
/** The runner bundled once (tsx start-up would dominate the child's time budget). */
function runnerPath(): Promise<string> {
  bundled ??= (async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-hostile-')), 'run.js');
    await esbuild.build({ entryPoints: [path.join(repoRoot, 'test/fixtures/hostile/run.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', mainFields: ['module', 'main'], absWorkingDir: repoRoot });
    return out;
  })();
  return bundled;
}

export interface HostileResult {
  exit: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  wallMs: number;
  result?: { outcome: string; ms: number; rssMB: number; [k: string]: unknown };
  stderr: string;
}

export async function runHostile(kind: string, file: string, timeoutMs: number): Promise<HostileResult> {
  const runner = await runnerPath();
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=512', runner, kind, file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (exit, signal) => {
      clearTimeout(timer);
      let result: HostileResult['result'];
      try {
        result = JSON.parse(stdout.trim().split('\n').pop() ?? '');
      } catch {
        result = undefined;
      }
      resolve({ exit, signal, timedOut, wallMs: Date.now() - t0, result, stderr });
    });
  });
}

export function describeHostile(name: string, r: HostileResult): string {
  const res = r.result;
  const first = res && Array.isArray(res.diagnostics) && res.diagnostics.length ? ` first: ${JSON.stringify(res.diagnostics[0])}` : res?.message ? ` message: ${String(res.message).slice(0, 200)}` : '';
  return `hostile ${name}: exit ${r.exit}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''}, ${r.wallMs} ms wall, ${res ? `${res.ms} ms work, ${res.rssMB} MB RSS, outcome ${res.outcome}` : `no result; stderr: ${r.stderr.slice(-300)}`}${first}`;
}
