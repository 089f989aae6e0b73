#!/usr/bin/env node
// `npm test`: all three layers, in order of speed — unit tests of src/core in plain Node (node:test),
// the extension-host suite inside a real VS Code (code-server), and Playwright UI tests against code-server
// in Debian's Chromium. Prints the count of each layer and one closing line with the totals.
// Usage: node scripts/test.mjs [unit|host|ui ...]
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './lib/env.mjs';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const layers = wanted.length ? wanted : ['unit', 'host', 'ui'];

function findFiles(dir, suffix) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, suffix));
    else if (e.name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

function run(cmd, args, { parse, env } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      process.stdout.write(d);
      out += d.toString();
      if (out.length > 4_000_000) out = out.slice(-1_000_000);
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('close', (code) => resolve({ code, ...parse(out) }));
  });
}

const last = (re, s) => {
  let m;
  let v;
  const g = new RegExp(re.source, 'gm');
  while ((m = g.exec(s))) v = m;
  return v;
};

const summary = [];
const t0 = Date.now();
if (layers.includes('host') || layers.includes('ui')) {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/setup-vscode.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}

for (const layer of layers) {
  const started = Date.now();
  let r;
  if (layer === 'unit') {
    const files = findFiles(path.join(repoRoot, 'test', 'unit'), '.test.ts').map((f) => path.relative(repoRoot, f));
    console.log(`\n=== unit tests (node:test, ${files.length} files) ===`);
    r = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
      parse: (s) => ({ passed: +(last(/^ℹ pass (\d+)/, s)?.[1] ?? 0), failed: +(last(/^ℹ fail (\d+)/, s)?.[1] ?? 0) }),
    });
  } else if (layer === 'host') {
    console.log('\n=== extension-host tests (Mocha inside code-server 4.100.3 / VS Code 1.100.3) ===');
    r = await run(process.execPath, ['scripts/run-host.mjs', '--no-build'], {
      parse: (s) => {
        const m = last(/^extension host \(code-server\): (\d+) passed, (\d+) failed/, s);
        return { passed: +(m?.[1] ?? 0), failed: +(m?.[2] ?? 0) };
      },
    });
  } else if (layer === 'ui') {
    console.log('\n=== UI tests (Playwright + Chromium against code-server) ===');
    r = await run(process.execPath, ['scripts/run-ui.mjs'], {
      parse: (s) => {
        const m = last(/^ui \(playwright\): (\d+) passed, (\d+) failed/, s);
        return { passed: +(m?.[1] ?? 0), failed: +(m?.[2] ?? 0) };
      },
    });
  } else {
    console.error(`unknown layer ${layer} (expected unit, host or ui)`);
    process.exit(2);
  }
  const ok = r.code === 0 && r.failed === 0 && r.passed > 0;
  summary.push({ layer, ...r, ok, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary ===');
for (const s of summary)
  console.log(`${s.layer.padEnd(5)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed  ${s.seconds.toFixed(1)} s  ${s.ok ? 'ok' : s.passed === 0 && s.code === 0 ? 'NO TESTS RAN' : 'FAILED'}`);
const passed = summary.reduce((a, s) => a + s.passed, 0);
const failed = summary.reduce((a, s) => a + s.failed + (s.ok || s.failed ? 0 : 1), 0);
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(summary.every((s) => s.ok) ? 0 : 1);
