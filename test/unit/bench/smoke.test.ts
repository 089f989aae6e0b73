import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

// Every case of `npm run bench` still runs end to end (small inputs): a case whose code path broke
// shows up here, not on the day someone needs the figures. No timing is asserted (speed lives in the bench).
test('npm run bench --quick produces every row with numeric figures', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-bench-smoke-')), 'result.json');
  const p = spawnSync(process.execPath, [path.join(root, 'scripts/bench.mjs'), '--quick', '--no-write', '--json-file', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(p.status, 0, `bench exited with ${p.status}:\n${p.stdout.slice(-3000)}\n${p.stderr.slice(-3000)}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { rows: { id: string; ours: string; figures: Record<string, number>; notes: string[] }[] };
  const ids = result.rows.map((r) => r.id);
  assert.deepEqual(ids, ['validate-full', 'validate-incremental', 'transform-vs-handwritten', 'transform-vs-jsonata', 'send-batch', 'stream-rss', 'activation', 'bundle-size', 'eventloop-block']);
  for (const r of result.rows) {
    assert.notEqual(r.ours, 'error', `${r.id}: ${r.notes.join(' ')}`);
    const figures = Object.entries(r.figures);
    assert.ok(figures.length > 0, `${r.id} has no figures`);
    for (const [k, v] of figures) assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${r.id}.${k} = ${v}`);
  }
  // The table a user reads lists every case.
  for (const r of result.rows) assert.ok(p.stdout.includes(r.ours), `table is missing ${r.id}`);
});
