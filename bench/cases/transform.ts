import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import jsonata from 'jsonata';
import { applyMapping, compileMapping, readMappingCsv } from '../../src/core/mapping';
import { loadXdmSchema } from '../../src/core/xdm';
import { numberArg } from '../lib/args';
import { records } from '../lib/events';
import { handwrittenTransform, JSONATA_CODES, JSONATA_MAPPING } from '../lib/handwritten';
import { interleave } from '../lib/measure';
import { ms, type BenchContext, type BenchRow } from '../lib/row';

/** The default mapping compiled against the example schema, as `moe-aep transform` and the preview use it. */
export function compileDefaultMapping(root: string) {
  const doc = readMappingCsv(fs.readFileSync(path.join(root, 'examples/mapping/moengage-default.mapping.csv'), 'utf8'));
  const schema = loadXdmSchema(fs.readFileSync(path.join(root, 'examples/schema/moengage-events.schema.json'), 'utf8'));
  const compiled = compileMapping(doc, { schema });
  if (compiled.errors.length) throw new Error(`default mapping does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
  return compiled;
}

export async function transformCases(ctx: BenchContext): Promise<BenchRow[]> {
  const n = numberArg('--transform-events') ?? (ctx.quick ? 1000 : 100_000);
  // JSONata is far slower; it gets a slice of the same records and both sides are timed on that slice.
  const nJsonata = ctx.quick ? 100 : 3000;
  const compiled = compileDefaultMapping(ctx.root);
  const input = [...records(2, n)];
  const ours = (xs: readonly Record<string, unknown>[]) => {
    const out = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = applyMapping(compiled, xs[i]).xdm;
    return out;
  };
  const hand = (xs: readonly Record<string, unknown>[]) => {
    const out = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = handwrittenTransform(xs[i]);
    return out;
  };
  const expr = jsonata(JSONATA_MAPPING);
  const bindings = { codes: JSONATA_CODES };
  const viaJsonata = async (xs: readonly Record<string, unknown>[]) => {
    const out = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = await expr.evaluate(xs[i], bindings);
    return out;
  };

  // Honest baselines: same output as ours, checked on a sample of both record shapes before timing.
  const sample = input.slice(0, ctx.quick ? 200 : 2000);
  const expected = ours(sample);
  for (const e of expected) for (const k of Object.keys(e)) assert.notEqual(e[k], undefined);
  assert.deepStrictEqual(hand(sample), expected, 'hand-written transform must produce the same XDM as the compiled mapping');
  const fromJsonata = JSON.parse(JSON.stringify(await viaJsonata(sample)));
  assert.deepStrictEqual(fromJsonata, JSON.parse(JSON.stringify(expected)), 'JSONata mapping must produce the same XDM as the compiled mapping');

  ctx.log(`transform: ${n} events (JSONata: ${nJsonata})`);
  const rounds = ctx.quick ? { warmup: 1, reps: 2 } : { warmup: 1, reps: 3 };
  const vsHand = await interleave(() => ours(input), () => hand(input), rounds);
  const slower = vsHand.ours.medianMs / vsHand.baseline.medianMs;
  const slice = input.slice(0, nJsonata);
  const vsJsonata = await interleave(() => ours(slice), () => viaJsonata(slice), rounds);
  const faster = vsJsonata.baseline.medianMs / vsJsonata.ours.medianMs;
  const evs = (count: number, t: number) => (count / t) * 1000;
  return [
    {
      id: 'transform-vs-handwritten',
      case: `transform ${n.toLocaleString('en-US')} events, default mapping`,
      ours: ms(vsHand.ours.medianMs),
      baseline: `${ms(vsHand.baseline.medianMs)} (hand-written TS)`,
      ratio: 1 / slower,
      target: '≤ 2× slower',
      pass: slower <= 2,
      figures: { oursMs: vsHand.ours.medianMs, baselineMs: vsHand.baseline.medianMs, slowerBy: slower, oursEventsPerSec: evs(n, vsHand.ours.medianMs), events: n },
      notes: [`ours is ${slower.toFixed(1)}× slower than the hand-written function (output asserted deep-equal on ${sample.length} events)`],
    },
    {
      id: 'transform-vs-jsonata',
      case: `same transform vs JSONata (${nJsonata.toLocaleString('en-US')} events)`,
      ours: ms(vsJsonata.ours.medianMs),
      baseline: `${ms(vsJsonata.baseline.medianMs)} (JSONata)`,
      ratio: faster,
      target: '≥ 20× faster',
      pass: faster >= 20,
      figures: { oursMs: vsJsonata.ours.medianMs, baselineMs: vsJsonata.baseline.medianMs, events: nJsonata },
      notes: [`JSONata output asserted deep-equal on ${sample.length} events; both sides timed on the first ${nJsonata} records`],
    },
  ];
}
