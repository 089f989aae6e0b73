import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PayloadWorker } from '../../../src/core/worker/client';
import { compileMapping, readMappingDocument, transformPayload } from '../../../src/core/mapping';
import { checkMapping } from '../../../src/core/mapping';
import { TransformCache, MissingText } from '../../../src/core/worker/transform';
import { loadXdmSchema } from '../../../src/core/xdm';
import { FAST_EXPRESSION, SLOW_EXPRESSION, example, exampleSchemaRoot, mappingCsv, root, startWorker } from './helpers';

const PAYLOAD = example('payloads/email-sent.moe.json');
const DEFAULT_MAPPING = example('mapping/moengage-default.mapping.csv');

test('the worker transforms like transformPayload in-process (default mapping, example schema)', async () => {
  const worker = startWorker();
  try {
    const schemaText = exampleSchemaRoot();
    const out = await worker.transform({
      payload: { key: 'p', version: '1', text: PAYLOAD },
      mapping: { key: 'm', version: '1', text: DEFAULT_MAPPING, fileName: 'moengage-default.mapping.csv' },
      schema: { key: 's', version: '1', text: schemaText },
    });
    assert.equal(out.status, 'done');
    if (out.status !== 'done') return;
    const local = transformPayload(PAYLOAD, readMappingDocument(DEFAULT_MAPPING, 'moengage-default.mapping.csv'), loadXdmSchema(schemaText));
    assert.deepEqual(out.result, local);
    assert.equal(out.result.events[0].xdm._id, 'unique_event_id_001');
  } finally {
    worker.dispose();
  }
});

test('a catastrophic regex the static check allows passes checkMapping, then is stopped at the budget with its row named', async () => {
  // The premise of the stall guard: the static check cannot refuse this pattern.
  const doc = readMappingDocument(mappingCsv(SLOW_EXPRESSION), 'slow.mapping.csv');
  assert.deepEqual(checkMapping(doc).filter((d) => d.severity === 'error').map((d) => d.code), []);
  const worker = startWorker();
  try {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const out = await worker.transform(
      { payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: { key: 'm', version: '1', text: mappingCsv(SLOW_EXPRESSION), fileName: 'slow.mapping.csv' } },
      { budgetMs: 300 },
    );
    clearInterval(ticker);
    assert.deepEqual(out, { status: 'timeout', budgetMs: 300, row: 1, event: 0 });
    assert.ok(ticks > 0, 'the caller’s event loop kept turning while the regex ran');
    assert.equal(worker.timeouts, 1);
    // Nothing is lost: the same client (a fresh worker behind it) answers the fixed mapping.
    const fixed = await worker.transform(
      { payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: { key: 'm', version: '2', text: mappingCsv(FAST_EXPRESSION), fileName: 'slow.mapping.csv' } },
      { budgetMs: 300 },
    );
    assert.equal(fixed.status, 'done');
    if (fixed.status === 'done') assert.deepEqual(fixed.result.events[0].xdm, { _id: 'unique_event_id_001', _acmemoe: { eventName: false, eventCode: 'MOE_EMAIL_SENT' } });
  } finally {
    worker.dispose();
  }
});

test('a newer request for the same preview stops a slow one that has already run, and is answered', async () => {
  const worker = startWorker(0);
  try {
    const slow = worker.transform(
      { payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: { key: 'm', version: '1', text: mappingCsv(SLOW_EXPRESSION), fileName: 'a.mapping.csv' } },
      { budgetMs: 60_000 },
    );
    // Let it start before the user "types" again.
    await new Promise((r) => setTimeout(r, 200));
    const fast = worker.transform({ payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: { key: 'm', version: '2', text: mappingCsv(FAST_EXPRESSION), fileName: 'a.mapping.csv' } });
    assert.deepEqual(await slow, { status: 'superseded' });
    const done = await fast;
    assert.equal(done.status, 'done');
  } finally {
    worker.dispose();
  }
});

test('requests queued for the same preview collapse to the newest', async () => {
  const worker = startWorker();
  try {
    const mapping = (v: string, expr: string) => ({ key: 'm', version: v, text: mappingCsv(expr), fileName: 'a.mapping.csv' });
    const first = worker.transform({ payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: mapping('1', FAST_EXPRESSION) });
    const middle = worker.transform({ payload: { key: 'p', version: '2', text: PAYLOAD.replace('unique_event_id_001', 'middle') }, mapping: mapping('1', FAST_EXPRESSION) });
    const last = worker.transform({ payload: { key: 'p', version: '3', text: PAYLOAD.replace('unique_event_id_001', 'last') }, mapping: mapping('1', FAST_EXPRESSION) });
    assert.equal((await first).status, 'done');
    assert.deepEqual(await middle, { status: 'superseded' });
    const l = await last;
    assert.ok(l.status === 'done' && l.result.events[0].xdm._id === 'last');
  } finally {
    worker.dispose();
  }
});

test('a mapping and schema sent once are reused by version; a text the worker evicted is sent again', async () => {
  const worker = startWorker();
  try {
    const mapping = { key: 'm', version: '1', text: DEFAULT_MAPPING, fileName: 'moengage-default.mapping.csv' };
    const schema = { key: 's', version: '1', text: exampleSchemaRoot() };
    // More payload documents than the worker keeps texts for: the mapping and schema get evicted on the way.
    for (let i = 0; i < 12; i++) {
      const text = PAYLOAD.replace('unique_event_id_001', `id_${i}`);
      const out = await worker.transform({ payload: { key: `p${i}`, version: '1', text }, mapping, schema });
      assert.ok(out.status === 'done' && out.result.events[0].xdm._id === `id_${i}`, `payload ${i}`);
      assert.ok(out.status === 'done' && out.result.events[0].issues.length === 0, `payload ${i} validated against the schema`);
    }
  } finally {
    worker.dispose();
  }
});

test('TransformCache: a version it holds needs no text, an edit recompiles, an unknown version asks for the text', () => {
  const cache = new TransformCache();
  const req = (id: number, mappingVersion: string, text?: string) => ({
    type: 'transform' as const,
    id,
    payload: { key: 'p', version: '1', text: id === 1 ? PAYLOAD : undefined },
    mapping: { key: 'm', version: mappingVersion, text, fileName: 'a.mapping.csv' },
  });
  assert.equal(cache.run(req(1, '1', mappingCsv(FAST_EXPRESSION))).events[0].xdm._id, 'unique_event_id_001');
  assert.equal(cache.run(req(2, '1')).events[0].xdm._id, 'unique_event_id_001');
  const edited = mappingCsv(FAST_EXPRESSION).replace('ATTRIBUTE,event_uuid,_id', 'ATTRIBUTE,id,_id');
  assert.equal(cache.run(req(3, '2', edited)).events[0].xdm._id, 'test_event_001');
  assert.throws(() => cache.run(req(4, '3')), MissingText);
  // compileMapping is the same code path the CLI uses: no surprise in the worker's compiled rows.
  assert.equal(compileMapping(readMappingDocument(edited, 'a.mapping.csv')).rows.length, 3);
});

test('the same texts asked twice while running share one run: a slow mapping costs one budget, not two', async () => {
  const worker = startWorker();
  try {
    const input = { payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: { key: 'm', version: '1', text: mappingCsv(SLOW_EXPRESSION), fileName: 'a.mapping.csv' } };
    const a = worker.transform(input, { budgetMs: 300 });
    const b = worker.transform(input, { budgetMs: 300 });
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra.status, 'timeout');
    assert.equal(ra, rb, 'one outcome for both callers');
    assert.equal(worker.timeouts, 1);
  } finally {
    worker.dispose();
  }
});

test('an edit that arrives just after a slow transform started does not wait out its budget', async () => {
  // The slow run is stopped once it has had supersedeAfterMs (300 ms here), not after its 60 s budget.
  const worker = startWorker(300);
  try {
    const mapping = (v: string, expr: string) => ({ key: 'm', version: v, text: mappingCsv(expr), fileName: 'a.mapping.csv' });
    const slow = worker.transform({ payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: mapping('1', SLOW_EXPRESSION) }, { budgetMs: 60_000 });
    const fixed = worker.transform({ payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: mapping('2', FAST_EXPRESSION) }, { budgetMs: 60_000 });
    assert.deepEqual(await slow, { status: 'superseded' });
    assert.equal((await fixed).status, 'done');
    assert.equal(worker.timeouts, 0);
  } finally {
    worker.dispose();
  }
});

test('a worker that dies before it starts a transform (e.g. its script mid-rebuild) is replaced and the request answered', async () => {
  const flag = path.join(os.tmpdir(), `moe-aep-worker-crash-${process.pid}-${Date.now()}`);
  // The first worker dies on start; the replacement finds the flag and loads the real worker.
  const boot = `const fs = require('fs'); if (!fs.existsSync(${JSON.stringify(flag)})) { fs.writeFileSync(${JSON.stringify(flag)}, ''); throw new Error('half-written bundle'); }
    require('tsx/cjs'); require(${JSON.stringify(path.join(root, 'src/core/worker/worker.ts'))});`;
  const worker = new PayloadWorker(boot, { eval: true });
  try {
    const out = await worker.transform({ payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: { key: 'm', version: '1', text: mappingCsv(FAST_EXPRESSION), fileName: 'a.mapping.csv' } });
    assert.ok(fs.existsSync(flag), 'the first worker did crash');
    assert.ok(out.status === 'done' && out.result.events[0].xdm._id === 'unique_event_id_001');
  } finally {
    worker.dispose();
    fs.rmSync(flag, { force: true });
  }
});

test('a mapping fix also stops another preview still running the old mapping on a different payload', async () => {
  const worker = startWorker(300);
  try {
    const mapping = (v: string, expr: string) => ({ key: 'm', version: v, text: mappingCsv(expr), fileName: 'a.mapping.csv' });
    const other = worker.transform({ payload: { key: 'other', version: '1', text: PAYLOAD }, mapping: mapping('1', SLOW_EXPRESSION) }, { budgetMs: 60_000 });
    const fixed = worker.transform({ payload: { key: 'p', version: '1', text: PAYLOAD }, mapping: mapping('2', FAST_EXPRESSION) }, { budgetMs: 60_000 });
    assert.deepEqual(await other, { status: 'superseded' });
    assert.equal((await fixed).status, 'done');
  } finally {
    worker.dispose();
  }
});
