/** Interleaved A/B timing: both sides see the same machine state (thermal, GC, page cache) in the same run. */

export interface Timing {
  /** Median of the timed repetitions, ms. */
  medianMs: number;
  samplesMs: number[];
}

export interface Pair {
  ours: Timing;
  baseline: Timing;
}

export interface PairOptions {
  warmup: number;
  reps: number;
  /** Called before every timed call (outside the timing), e.g. to prepare the next edit. */
  before?: (side: 'ours' | 'baseline', rep: number) => void | Promise<void>;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timeOnce(fn: () => unknown): Promise<number> {
  // A collection owed by the previous side must not be billed to this one. One gc() is not enough:
  // V8 sweeps the freed pages concurrently afterwards, and the next allocations wait for that sweep
  // (measured: a 130 ms validation took 450 ms right after 3 M objects were dropped). A second full
  // collection starts by finishing the first one's sweep, and leaves almost nothing of its own.
  gc?.();
  gc?.();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Runs warm-up rounds, then `reps` rounds of both sides. The order alternates every round so that
 * neither side always runs right after the other's garbage.
 */
export async function interleave(ours: () => unknown, baseline: () => unknown, o: PairOptions): Promise<Pair> {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < o.warmup + o.reps; r++) {
    const order: ('ours' | 'baseline')[] = r % 2 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    for (const side of order) {
      await o.before?.(side, r);
      const ms = await timeOnce(side === 'ours' ? ours : baseline);
      if (r >= o.warmup) (side === 'ours' ? a : b).push(ms);
    }
  }
  return { ours: { medianMs: median(a), samplesMs: a }, baseline: { medianMs: median(b), samplesMs: b } };
}

export async function timeAlone(fn: () => unknown, o: { warmup: number; reps: number }): Promise<Timing> {
  const xs: number[] = [];
  for (let r = 0; r < o.warmup + o.reps; r++) {
    const ms = await timeOnce(fn);
    if (r >= o.warmup) xs.push(ms);
  }
  return { medianMs: median(xs), samplesMs: xs };
}
