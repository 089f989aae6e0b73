/**
 * Hostile files, generated in os.tmpdir() at test time: each is handled in a child process with a
 * 512 MB heap and a wall-clock limit, and must end with a clear, located message — never an OOM
 * abort, a stack overflow or a hang. CI uses a 20 MB payload; `npm run fuzz` sets
 * MOE_HOSTILE_FULL=1 for the 100 MB one and longer limits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as gen from '../../fixtures/hostile/generate';
import { runHostile, describeHostile, type HostileResult } from './hostile';

const FULL = process.env.MOE_HOSTILE_FULL === '1';
const LIMIT_MS = FULL ? 120_000 : 30_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-hostile-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

async function hostile(name: string, kind: string, make: (f: string) => void, limitMs = LIMIT_MS): Promise<HostileResult> {
  const file = path.join(dir, name);
  make(file);
  const r = await runHostile(kind, file, limitMs);
  console.log(describeHostile(`${name} (${(fs.statSync(file).size / 1048576).toFixed(1)} MB)`, r));
  fs.rmSync(file, { force: true });
  return r;
}

function assertHandled(r: HostileResult): NonNullable<HostileResult['result']> {
  assert.equal(r.timedOut, false, 'finished within the time limit');
  assert.equal(r.signal, null, `no abort (OOM or stack overflow): ${r.stderr.slice(-300)}`);
  assert.equal(r.exit, 0, `handled without an untyped exception: ${JSON.stringify(r.result)}`);
  assert.ok(r.result, 'printed a result');
  return r.result;
}

type Diag = { at: string; code: string; message: string };

test(`a ${FULL ? 100 : 20} MB payload gets the located "over 1 MB" error (§3) within a 512 MB heap`, async () => {
  const res = assertHandled(await hostile(`big-${FULL ? 100 : 20}mb.moe.json`, 'payload', (f) => gen.bigPayload(f, FULL ? 100 : 20)));
  const ds = res.diagnostics as Diag[];
  assert.ok(ds.some((d) => /1 MB|413/.test(d.message) && /^\d+:\d+$/.test(d.at)), `no size diagnostic: ${JSON.stringify(ds)}`);
  // Every event of this file lacks campaign_type and email_id: the problems past the first 1,000 are counted, not listed.
  const more = ds.find((d) => d.code === 'moe.too-many-problems');
  assert.ok(more && /^\d+:\d+$/.test(more.at) && /[\d,]+ more problems/.test(more.message), `no located summary of the unlisted problems: ${JSON.stringify(ds.slice(-3))}`);
});

test('10,000 levels of nesting inside an event: no stack overflow, the event is still checked', async () => {
  const res = assertHandled(await hostile('deep.moe.json', 'payload', (f) => gen.deepPayload(f, 10_000)));
  assert.equal(res.outcome, 'diagnostics');
});

test('invalid UTF-8 is reported at the line where the bad bytes are, and the rest is still checked', async () => {
  const res = assertHandled(await hostile('bad-utf8.moe.json', 'payload', (f) => gen.invalidUtf8(f)));
  const ds = res.diagnostics as Diag[];
  const enc = ds.find((d) => /utf-?8|encoding|replacement/i.test(d.message));
  assert.ok(enc, `no encoding diagnostic: ${JSON.stringify(ds)}`);
  assert.equal(enc.at.split(':')[0], '3', 'located on line 3, where the bytes are');
});

test('a schema with cyclic $refs loads with an xdm.cyclic-ref problem naming the cycle (§6.1)', async () => {
  const res = assertHandled(await hostile('cyclic.schema.json', 'schema', (f) => gen.cyclicSchema(f)));
  const problems = res.problems as { code: string; message: string }[];
  assert.ok(problems.some((p) => p.code === 'xdm.cyclic-ref' && /→/.test(p.message)), JSON.stringify(problems));
});

test(
  'a 1,000,000-row mapping CSV ends with a clear message within a 512 MB heap',
  async () => {
    const res = assertHandled(await hostile('huge.mapping.csv', 'mapping', (f) => gen.hugeCsv(f, 1_000_000), FULL ? LIMIT_MS : 6_000));
    assert.ok((res.count as number) > 0, 'says something about the size');
  },
);

test(
  'a 2.6 KB schema whose $refs double at each of 24 levels is refused, not expanded into 2^24 fields',
  async () => {
    const res = assertHandled(await hostile('ref-bomb.schema.json', 'schema', (f) => gen.refBombSchema(f, 24), FULL ? LIMIT_MS : 5_000));
    assert.ok((res.problems as unknown[]).length > 0);
  },
);
