import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median } from '../lib/measure';
import { ms, type BenchContext, type BenchRow } from '../lib/row';

/**
 * The feature list `scripts/lib/gen-features.mjs` would generate, written into out/bench instead of
 * src/ (that file belongs to the build), so the bench sees features added since the last build.
 */
function featuresModule(root: string, file: string): void {
  const extDir = path.join(root, 'src', 'extension');
  const found: { area: string; file: string; fn: string }[] = [];
  for (const area of fs.readdirSync(extDir, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(extDir, area.name)).sort()) {
      if (!f.endsWith('.ts') || f.endsWith('.d.ts')) continue;
      const text = fs.readFileSync(path.join(extDir, area.name, f), 'utf8');
      for (const m of text.matchAll(/^export (?:async )?function (register[A-Z]\w*)\s*\(/gm)) found.push({ area: area.name, file: f.replace(/\.ts$/, ''), fn: m[1] });
    }
  }
  const rank = (a: { area: string }) => (a.area === 'profile' ? 0 : 1);
  found.sort((a, b) => rank(a) - rank(b) || a.area.localeCompare(b.area) || a.fn.localeCompare(b.fn));
  const lines = found.map((f, i) => `import { ${f.fn} as f${i} } from ${JSON.stringify(path.join(extDir, f.area, f.file))};`);
  lines.push(`export const features = [${found.map((f, i) => `{ name: '${f.area}/${f.fn}', register: f${i} }`).join(', ')}];`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/**
 * esbuild copies a module's own property names into `import * as vscode`, so the stub must name every
 * top-level API up front: they are read from @types/vscode.
 */
function stubModule(root: string, dir: string): string {
  const dts = fs.readFileSync(path.join(root, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of dts.matchAll(/^\texport (?:namespace|class|enum|function|const|let|type|interface) (\w+)/gm)) names.add(m[1]);
  const file = path.join(dir, 'vscode-stub.js');
  fs.writeFileSync(file, `const stub = require(${JSON.stringify(path.join(root, 'bench/stubs/vscode.ts'))});\nfor (const n of ${JSON.stringify([...names])}) exports[n] = stub[n];\n`);
  return file;
}

export async function activationCase(ctx: BenchContext): Promise<BenchRow[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = path.join(ctx.outDir, 'activation');
  fs.mkdirSync(dir, { recursive: true });
  const features = path.join(dir, 'features.generated.ts');
  featuresModule(ctx.root, features);
  const redirectFeatures = {
    name: 'features',
    setup(b: import('esbuild').PluginBuild) {
      b.onResolve({ filter: /features\.generated$/ }, () => ({ path: features }));
    },
  };
  const common = { absWorkingDir: ctx.root, entryPoints: ['src/extension/extension.ts'], bundle: true, format: 'cjs' as const, platform: 'node' as const, target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' as const, plugins: [redirectFeatures] };
  // What ships in the .vsix: `node esbuild.mjs --production` options (minified, `vscode` external).
  const shipped = path.join(dir, 'extension.production.js');
  // …and the same code with `vscode` replaced by a stub, so activate() runs in plain Node.
  const runnable = path.join(dir, 'extension.stubbed.js');
  await Promise.all([
    esbuild.build({ ...common, outfile: shipped, minify: true, external: ['vscode'], define: { 'process.env.MOE_AEP_VERSION': '"bench"' } }),
    esbuild.build({ ...common, outfile: runnable, minify: true, alias: { vscode: stubModule(ctx.root, dir) }, define: { 'process.env.MOE_AEP_VERSION': '"bench"' } }),
  ]);

  const runs = ctx.quick ? 1 : 7;
  const results: { requireMs: number; callMs: number; activationMs: number; features: string[] }[] = [];
  for (let i = 0; i < runs; i++) {
    const p = spawnSync(process.execPath, [path.join(ctx.outDir, 'activation.js'), runnable, ctx.root], { encoding: 'utf8', timeout: 60_000 });
    if (p.status !== 0) throw new Error(`activate() failed in the stubbed host: ${(p.stderr || p.stdout).slice(-2000)}`);
    results.push(JSON.parse(p.stdout.trim().split('\n').pop()!));
  }
  const activationMs = median(results.map((r) => r.activationMs));
  const requireMs = median(results.map((r) => r.requireMs));
  const size = fs.statSync(shipped).size;
  const dist = path.join(ctx.root, 'dist', 'extension.js');
  const distSize = fs.existsSync(dist) ? fs.statSync(dist).size : 0;
  return [
    {
      id: 'activation',
      case: 'extension activation (stubbed vscode, Node)',
      ours: `activate() ${ms(activationMs)}; load ${ms(requireMs)}`,
      baseline: '—',
      ratio: null,
      target: 'report',
      pass: null,
      figures: { activationMs, requireMs, features: results[0].features.length },
      notes: [`median of ${runs} fresh processes; activate() called with a fake ExtensionContext and a stub \`vscode\` module bundled in; features: ${results[0].features.join(', ') || 'none'}`],
    },
    {
      id: 'bundle-size',
      case: 'extension bundle size (production build)',
      ours: `${(size / 1024).toFixed(1)} KB`,
      baseline: '—',
      ratio: null,
      target: 'report',
      pass: null,
      figures: { productionBytes: size, distBytes: distSize },
      notes: [`minified like \`node esbuild.mjs --production\`; dist/extension.js as last built by someone: ${distSize ? `${(distSize / 1024).toFixed(1)} KB` : 'absent'}`],
    },
  ];
}
