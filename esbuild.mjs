// One build for every bundle: the extension (Node, CJS, `vscode` external), the CLI, the
// validation worker, the webview (browser IIFE) and the extension-host test suite.
// tsc only type-checks (`npm run typecheck`); esbuild only bundles.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { generateFeatures } from './scripts/lib/gen-features.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const version = JSON.parse(fs.readFileSync('package.json', 'utf8')).version;

const node = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD entry requires './impl/*' at run time, which a bundle cannot satisfy; its ESM entry
  // bundles cleanly (the same fix VS Code's own extensions use).
  mainFields: ['module', 'main'],
  define: { 'process.env.MOE_AEP_VERSION': JSON.stringify(version) },
};

generateFeatures(process.cwd());

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/index.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];
if (fs.existsSync('src/core/worker/worker.ts')) builds.push({ ...node, entryPoints: { worker: 'src/core/worker/worker.ts' }, outdir: 'dist' });
if (fs.existsSync('webview/main.ts'))
  builds.push({
    entryPoints: { main: 'webview/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: production,
    sourcemap: production ? false : 'inline',
    logLevel: 'warning',
    loader: { '.css': 'text' },
  });
if (!production && fs.existsSync('test/host/index.ts')) {
  // Each test file is its own bundle; index.js (the run() entry) finds them at run time. mocha stays external:
  // it is resolved from node_modules inside the extension host.
  const entryPoints = Object.fromEntries(
    fs.readdirSync('test/host').filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => [f.replace(/\.ts$/, ''), `test/host/${f}`]),
  );
  fs.rmSync('out/test/host', { recursive: true, force: true });
  builds.push({ ...node, entryPoints, outdir: 'out/test/host', sourcemap: 'inline', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[watch] build started');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (fs.existsSync('webview/main.css')) fs.copyFileSync('webview/main.css', 'dist/webview/main.css');
  try {
    fs.chmodSync('dist/cli.js', 0o755);
  } catch {}
}
