import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { validatePayload } from '../../src/core/moengage/validate';
import { PayloadWorker } from '../../src/core/worker/client';
import { payloadFile } from '../lib/inputs';
import { ms, type BenchContext, type BenchRow } from '../lib/row';

/** Longest stretch without a turn of the event loop while `work` runs (10 ms resolution). */
async function longestBlock(work: () => unknown): Promise<{ maxBlockMs: number; totalMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  // Enabled a few ticks early: the histogram's first sample only sets its baseline, so a block that
  // starts right after enable() would be recorded as one resolution step.
  h.enable();
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await work();
  const totalMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 30));
  h.disable();
  return { maxBlockMs: h.max / 1e6, totalMs };
}

/**
 * How long the extension host's main thread is blocked while a 10 MB payload is validated, on the
 * path the editor takes for big files (src/extension/payload/diagnostics.ts: PayloadWorker, the
 * bundled src/core/worker/worker.ts) — compared with validating on the main thread.
 */
export async function eventLoopCase(ctx: BenchContext): Promise<BenchRow[]> {
  const events = ctx.quick ? 1000 : 10_000;
  const text = fs.readFileSync(await payloadFile(ctx.dataDir, events), 'utf8');
  const workerJs = path.join(ctx.outDir, 'worker.js');
  const worker = new PayloadWorker(workerJs);
  try {
    // Warm the worker (thread start, schema compile) outside the measurement, like a second keystroke.
    await worker.validate('warm', text.slice(0, 2000), { fileName: 'warm.moe.json' }).catch(() => undefined);
    let diagnostics = 0;
    const viaWorker = await longestBlock(async () => {
      diagnostics = (await worker.validate('bench', text, { fileName: 'payload.moe.json' })).length;
    });
    const sync = await longestBlock(() => validatePayload(text, { fileName: 'payload.moe.json' }));
    return [
      {
        id: 'eventloop-block',
        case: `longest main-thread block, validating ${(text.length / 1e6).toFixed(1)} MB`,
        ours: `${ms(viaWorker.maxBlockMs)} (worker)`,
        baseline: `${ms(sync.maxBlockMs)} (same check on the main thread)`,
        ratio: null,
        target: 'report',
        pass: null,
        figures: { maxBlockMs: viaWorker.maxBlockMs, workerTotalMs: viaWorker.totalMs, mainThreadMaxBlockMs: sync.maxBlockMs, mainThreadTotalMs: sync.totalMs, diagnostics, bytes: text.length },
        notes: [`PayloadWorker (src/core/worker) answered in ${ms(viaWorker.totalMs)}; monitorEventLoopDelay max, 10 ms resolution; the block left is posting the text to the worker and receiving diagnostics`],
      },
    ];
  } finally {
    worker.dispose();
  }
}
