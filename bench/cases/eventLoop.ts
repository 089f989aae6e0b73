import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { validatePayload } from '../../src/core/moengage/validate';
import { payloadFile } from '../lib/inputs';
import { ms, type BenchContext, type BenchRow } from '../lib/row';

/**
 * How long the extension host's main thread is blocked while a 10 MB payload is validated. The
 * histogram's max is the longest stretch without a turn of the event loop (keystrokes, other
 * extensions); resolution 10 ms. Measured around the path the editor uses.
 */
export async function eventLoopCase(ctx: BenchContext): Promise<BenchRow[]> {
  const events = ctx.quick ? 1000 : 10_000;
  const text = fs.readFileSync(await payloadFile(ctx.dataDir, events), 'utf8');
  const h = monitorEventLoopDelay({ resolution: 10 });
  // Enabled a few ticks early: the histogram's first sample only sets its baseline, so a block that
  // starts right after enable() would be recorded as one resolution step.
  h.enable();
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  // No worker/chunked validation entry point exists in src/core yet: the editor path is validatePayload on the main thread.
  const diags = validatePayload(text, { fileName: 'payload.moe.json' });
  await new Promise((r) => setTimeout(r, 20));
  const total = performance.now() - t0;
  h.disable();
  const maxBlockMs = h.max / 1e6;
  return [
    {
      id: 'eventloop-block',
      case: `longest main-thread block, validating ${(text.length / 1e6).toFixed(1)} MB`,
      ours: ms(maxBlockMs),
      baseline: '—',
      ratio: null,
      target: 'report',
      pass: null,
      figures: { maxBlockMs, totalMs: total, diagnostics: diags.length, bytes: text.length },
      notes: ['path measured: validatePayload on the main thread (synchronous; no worker/chunked entry point in src/core yet), monitorEventLoopDelay max'],
    },
  ];
}
