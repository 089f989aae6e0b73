#!/usr/bin/env node
// `npm run bench [-- --quick] [--no-write] [--only validate,send] [--json-file f] [--cpu-prof]`: bundles the bench
// (and the code it measures) with esbuild into out/bench/ — closer to production than running through
// tsx — then runs it with --expose-gc so each timed call starts without the other side's garbage.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'bench');
fs.rmSync(outDir, { recursive: true, force: true });

const entryPoints = { run: 'bench/run.ts' };
for (const f of fs.readdirSync(path.join(root, 'bench', 'children'))) if (f.endsWith('.ts')) entryPoints[f.replace(/\.ts$/, '')] = `bench/children/${f}`;
// The validation worker as the extension ships it (dist/worker.js), for the event-loop case.
if (fs.existsSync(path.join(root, 'src/core/worker/worker.ts'))) entryPoints.worker = 'src/core/worker/worker.ts';

await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir: outDir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked', // readable --cpu-prof profiles
  // jsonc-parser's UMD build requires its files dynamically, which a bundle cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // Baselines are loaded from node_modules as published; `vscode` exists only in the extension host.
  external: ['vscode', 'vscode-json-languageservice', 'jsonata', 'esbuild'],
});

// --cpu-prof: profile the runner (ours and baselines) into out/bench/profiles/ for `node --cpu-prof` evidence.
const args = process.argv.slice(2);
const prof = args.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${path.join(outDir, 'profiles')}`] : [];
const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=6144', ...prof, path.join(outDir, 'run.js'), ...args.filter((a) => a !== '--cpu-prof')], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
