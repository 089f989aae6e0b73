/**
 * Runs the product's own `moe-aep send` (the CLI command's `run`, in this process) on an NDJSON file:
 * batch mode, XDM inlet, the default mapping and schema, the resume journal on — what a user replaying
 * days of events runs (issue 7). Samples `process.memoryUsage()` to say what holds memory, and prints one
 * JSON line with peak RSS, counts and events/s. Its own process, so the parent's inputs and heap do not count.
 * argv: <file> <inletUrl> <imsOrgId> <repoRoot>
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import send from '../../src/cli/commands/send';

async function main(): Promise<void> {
  const [file, url, imsOrgId, root] = process.argv.slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-stream-bench-'));
  const journal = path.join(dir, 'send.journal.ndjson');
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
  };
  const sampler = setInterval(sample, 50);
  let out = '';
  let err = '';
  const args = [
    '--endpoint', url, '--batch', '--mode', 'xdm',
    '--mapping', path.join(root, 'examples/mapping/moengage-default.mapping.csv'),
    '--schema', path.join(root, 'examples/schema/moengage-events.schema.json'),
    '--dataset-id', 'bench-dataset', '--ims-org', imsOrgId, '--journal', journal, file,
  ];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let code: number;
  try {
    code = await send(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {}, cwd: root, signal: new AbortController().signal });
  } finally {
    clearInterval(sampler);
  }
  const elapsedMs = performance.now() - t0;
  // CPU time says more than events/s on a shared 2-CPU machine: other processes stretch the wall clock.
  const cpu = process.cpuUsage(cpu0);
  sample();
  const summary = /(\d+) message\(s\) to .*?: (\d+) accepted, (\d+) failed/.exec(out);
  if (!summary) throw new Error(`send printed no summary (exit ${code}): ${(out + err).slice(-800)}`);
  const journalBytes = fs.statSync(journal).size;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      exitCode: code,
      events: Number(summary[1]),
      accepted: Number(summary[2]),
      failed: Number(summary[3]),
      transformErrors: 0,
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssBytes: peakRssBytes(),
      peakSampledRssBytes: peak.rss,
      peak,
      journalBytes,
      fileBytes: fs.statSync(file).size,
      firstLines: (out + err).split('\n').slice(0, 3).join('\n'),
    }) + '\n',
  );
}

/**
 * This process's own peak RSS. Linux's getrusage() maxRSS (`process.resourceUsage().maxRSS`) carries
 * the high-water mark across fork+exec, so a child spawned by a 230 MB runner reports at least 230 MB
 * whatever it used itself (measured: 227 MB after the send case, 156–169 MB when run first). VmHWM in
 * /proc/self/status belongs to the address space exec created; elsewhere fall back to maxRSS.
 */
function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
