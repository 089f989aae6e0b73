#!/usr/bin/env node
// `npm run fuzz`: the fuzz properties of test/unit/fuzz run for a time budget instead of a fixed
// case count, with the 100 ms per-case ceiling asserted (MOE_FUZZ_STRICT), then the hostile-file
// suite at full size (100 MB payload). Prints cases/second, the slowest case and the failures.
// Usage: node scripts/fuzz.mjs [--seconds N (total, default 60)] [--seed S] [--no-hostile] [--grep TEXT]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const seconds = Number(opt('seconds', 60));
const seed = opt('seed', String(Date.now() % 1e9));
const grep = opt('grep', undefined);
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error('fuzz: --seconds must be a positive number');
  process.exit(2);
}

const fuzzDir = path.join(root, 'test/unit/fuzz');
const files = fs.readdirSync(fuzzDir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join('test/unit/fuzz', f));
// Each fuzz() call is one property; spread the budget evenly across them.
const properties = files.reduce((n, f) => n + (fs.readFileSync(path.join(root, f), 'utf8').match(/\bfuzz\(\s*'/g) ?? []).length, 0);
const perProperty = Math.max(1, seconds / Math.max(1, properties));

function run(args, env) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const on = (d) => {
      out += d;
      process.stdout.write(d);
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    p.on('close', (code) => resolve({ code, out }));
  });
}

console.log(`fuzz: ${properties} properties × ${perProperty.toFixed(1)} s, seed ${seed} (reproduce with --seed ${seed}), per-case ceiling 100 ms`);
const t0 = Date.now();
const fuzzRun = await run(['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...(grep ? ['--test-name-pattern', grep] : []), ...files], {
  MOE_FUZZ_SECONDS: String(perProperty),
  MOE_FUZZ_STRICT: '1',
  MOE_FUZZ_SEED: seed,
});
const rows = [...fuzzRun.out.matchAll(/fuzz (\S+): (\d+) cases, max ([\d.]+) ms, (\d+)\/s/g)].map((m) => ({ name: m[1], cases: +m[2], maxMs: +m[3], rate: +m[4] }));
// Failed tests only: todo tests (known, reported bugs) also print ✖ but carry "# TODO".
// The spec reporter prints "✖ name (12ms)" for failures and "✖ name (12ms) # <todo text>" for todos.
const crosses = [...fuzzRun.out.matchAll(/^\s*✖ (.+?) \([\d.]+m?s\)( # .*)?$/gm)];
const uniq = (xs) => xs.filter((v, i, a) => a.indexOf(v) === i);
const failures = uniq(crosses.filter((m) => !m[2]).map((m) => m[1]));
const todos = uniq(crosses.filter((m) => m[2]).map((m) => `${m[1]} —${m[2].slice(2)}`));

let hostile = { code: 0, out: '' };
if (!argv.includes('--no-hostile')) {
  console.log('\nhostile files at full size (100 MB payload, 512 MB heap) and the full secret-leak suite:');
  hostile = await run(['--import', 'tsx', '--test', '--test-reporter=spec', 'test/unit/reliability/hostile.test.ts', 'test/unit/security/secrets.test.ts'], { MOE_HOSTILE_FULL: '1', MOE_SECURITY_FULL: '1' });
}

console.log('\n=== fuzz summary ===');
console.log(`${'property'.padEnd(28)} ${'cases'.padStart(9)} ${'cases/s'.padStart(9)} ${'max ms'.padStart(8)}`);
for (const r of rows) console.log(`${r.name.padEnd(28)} ${String(r.cases).padStart(9)} ${String(r.rate).padStart(9)} ${r.maxMs.toFixed(1).padStart(8)}${r.maxMs > 100 ? '  ← over 100 ms' : ''}`);
const total = rows.reduce((a, r) => a + r.cases, 0);
const worst = rows.reduce((a, r) => Math.max(a, r.maxMs), 0);
console.log(`total: ${total} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s (${Math.round(total / Math.max(1, (Date.now() - t0) / 1000))}/s overall), slowest case ${worst.toFixed(1)} ms, seed ${seed}`);
for (const line of hostile.out.split('\n').filter((l) => /hostile \S+/.test(l))) console.log(line.replace(/^#\s*/, ''));
if (todos.length) console.log(`known bugs (todo tests):\n  ${todos.join('\n  ')}`);
if (failures.length) console.log(`failures:\n  ${failures.join('\n  ')}`);
console.log(fuzzRun.code === 0 && hostile.code === 0 ? 'fuzz: OK' : 'fuzz: FAILED');
process.exit(fuzzRun.code === 0 && hostile.code === 0 ? 0 : 1);
