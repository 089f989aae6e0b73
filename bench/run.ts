/**
 * `npm run bench`: every case runs ours and its baseline in the same process and run, interleaved,
 * and prints one table (plus a JSON copy under bench/results/). See bench/README.md.
 * Flags: --quick (small inputs, same code paths), --no-write, --json-file <path>, --only <id,id>.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateCases } from './cases/validate';
import { transformCases } from './cases/transform';
import { sendCase } from './cases/send';
import { streamCase } from './cases/stream';
import { activationCase } from './cases/activation';
import { eventLoopCase } from './cases/eventLoop';
import type { BenchContext, BenchRow } from './lib/row';
import { formatTable } from './lib/table';

interface Case {
  id: string;
  title: string;
  run: (ctx: BenchContext) => Promise<BenchRow[]>;
}

const CASES: Case[] = [
  { id: 'validate', title: 'validate a payload file (full and incremental)', run: validateCases },
  { id: 'transform', title: 'transform with the default mapping', run: transformCases },
  { id: 'send', title: 'send in batch mode to the emulator', run: sendCase },
  { id: 'stream', title: 'stream a large NDJSON file through transform and send', run: streamCase },
  { id: 'activation', title: 'extension activation and bundle size', run: activationCase },
  { id: 'eventloop', title: 'longest main-thread block while validating', run: eventLoopCase },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = arg('--only')?.split(',');
  const root = path.resolve(__dirname, '..', '..');
  const ctx: BenchContext = {
    quick,
    root,
    outDir: __dirname,
    dataDir: path.join(os.tmpdir(), 'moe-aep-bench'),
    log: (l) => process.stderr.write(`[bench] ${l}\n`),
  };
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const c of CASES) {
    if (only && !only.includes(c.id)) continue;
    const t0 = Date.now();
    ctx.log(`${c.id}: ${c.title}…`);
    try {
      rows.push(...(await c.run(ctx)));
    } catch (e) {
      // One broken part must not hide the others' figures; the row says what went wrong.
      failed++;
      rows.push({ id: c.id, case: c.title, ours: 'error', baseline: '—', ratio: null, target: '—', pass: false, figures: {}, notes: [`error: ${(e as Error)?.stack ?? String(e)}`] });
    }
    ctx.log(`${c.id}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const result = {
    at: new Date().toISOString(),
    quick,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    // Other work on the machine skews every figure: record how busy it was before and after.
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg()[0],
    totalSeconds: (Date.now() - started) / 1000,
    rows,
  };
  console.log(`\nmoe-aep bench${quick ? ' (--quick: small inputs, figures not comparable to targets)' : ''} — Node ${process.version}, ${result.cpus} CPUs, load average ${loadAtStart.toFixed(1)} → ${result.loadAverageAtEnd.toFixed(1)}, ${result.totalSeconds.toFixed(0)} s\n`);
  console.log(formatTable(rows));
  const notes = rows.flatMap((r) => r.notes.map((n) => `- ${r.id}: ${n}`));
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  if (!process.argv.includes('--no-write')) {
    const dir = path.join(root, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${result.at.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
  }
  const jsonFile = arg('--json-file');
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(result));
  // Missed targets are findings, not crashes: only a case that could not run fails the command.
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
