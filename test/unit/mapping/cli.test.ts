import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import transform from '../../../src/cli/commands/transform';
import mapping from '../../../src/cli/commands/mapping';
import { UsageError, type CliContext } from '../../../src/cli/io';

const root = path.join(__dirname, '../../..');
function ctx(): CliContext & { out: string; err: string } {
  const c = { out: '', err: '', env: {}, cwd: root, signal: new AbortController().signal } as CliContext & { out: string; err: string };
  c.stdout = (s) => void (c.out += s);
  c.stderr = (s) => void (c.err += s);
  return c;
}
const MAP = 'examples/mapping/moengage-default.mapping.csv';
const SCHEMA = 'examples/schema/moengage-events.schema.json';
const SEED = 'test/fixtures/mapping/seed-step6.moe.json';

test('moe-aep transform: the seed Step 6.1 payload gives one valid XDM object, exit 0', async () => {
  const c = ctx();
  assert.equal(await transform(['--mapping', MAP, '--schema', SCHEMA, SEED], c), 0, c.err);
  const xdm = JSON.parse(c.out);
  assert.equal(xdm._id, 'unique_event_id_001');
  assert.equal(xdm.timestamp, '2024-11-12T14:20:00Z');
  assert.equal(c.err, '');
});

test('moe-aep transform: a batch prints an array', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-map-'));
  const f = path.join(dir, 'b.moe.json');
  const seed = JSON.parse(fs.readFileSync(path.join(root, SEED), 'utf8'));
  fs.writeFileSync(f, JSON.stringify([seed, { ...seed, event_uuid: 'two' }]));
  const c = ctx();
  assert.equal(await transform(['--mapping', MAP, '--schema', SCHEMA, f], c), 0, c.err);
  assert.deepEqual(JSON.parse(c.out).map((x: { _id: string }) => x._id), ['unique_event_id_001', 'two']);
});

test('moe-aep transform: a broken mapping exits 1 with file:line:col diagnostics (1-based, header is line 1)', async () => {
  const c = ctx();
  assert.equal(await transform(['--mapping', 'examples/mapping/broken/broken.mapping.csv', '--schema', SCHEMA, SEED], c), 1);
  assert.match(c.err, /^examples\/mapping\/broken\/broken\.mapping\.csv:3:29 error map\.expression-syntax /m);
  assert.match(c.err, /^examples\/mapping\/broken\/broken\.mapping\.csv:4:22 error map\.unknown-destination .*eventCode/m);
  assert.match(c.err, /error xdm\.required required key \[timestamp\] not found/);
});

test('moe-aep transform --format json: diagnostics with 0-based ranges and the XDM in one document', async () => {
  const c = ctx();
  assert.equal(await transform(['--mapping', 'examples/mapping/broken/broken.mapping.csv', '--format', 'json', SEED], c), 1);
  const out = JSON.parse(c.out);
  assert.equal(out.valid, false);
  const d = out.diagnostics.find((x: { code: string }) => x.code === 'map.expression-syntax');
  assert.deepEqual(d.range.start, { line: 2, character: 28 });
  assert.equal(out.xdm._id, 'unique_event_id_001', 'the rows that work still produce output');
});

test('moe-aep transform: usage errors (missing --mapping, unreadable files, not a schema) are exit-2 UsageErrors', async () => {
  await assert.rejects(transform([SEED], ctx()), UsageError);
  await assert.rejects(transform(['--mapping', 'nope.csv', SEED], ctx()), /cannot read/);
  await assert.rejects(transform(['--mapping', MAP, '--schema', SEED, SEED], ctx()), /not an XDM schema/);
  await assert.rejects(transform(['--mapping', MAP, '--now', 'yesterday', SEED], ctx()), /--now/);
  const h = ctx();
  assert.equal(await transform(['--help'], h), 0);
  assert.match(h.out, /usage: moe-aep transform/);
});

test('moe-aep mapping convert: CSV → JSON → CSV through files gives the original back', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-map-'));
  const json = path.join(dir, 'm.mapping.json');
  const csv = path.join(dir, 'm.mapping.csv');
  assert.equal(await mapping(['convert', MAP, '--to', 'json', '--out', json], ctx()), 0);
  assert.equal(JSON.parse(fs.readFileSync(json, 'utf8')).mappings[0].destination, '_id');
  assert.equal(await mapping(['convert', json, '--to', 'csv', '--out', csv], ctx()), 0);
  assert.equal(fs.readFileSync(csv, 'utf8'), fs.readFileSync(path.join(root, MAP), 'utf8'));
});

test('moe-aep mapping convert refuses a malformed file (exit 1, located diagnostics) and bad options (usage)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-map-'));
  const bad = path.join(dir, 'bad.mapping.csv');
  fs.writeFileSync(bad, 'source,destination\n"event_uuid,_id\n');
  const c = ctx();
  assert.equal(await mapping(['convert', bad, '--to', 'json'], c), 1);
  assert.match(c.err, /:2:1 error map\.csv-unclosed-quote/);
  assert.equal(c.out, '');
  await assert.rejects(mapping(['convert', MAP, '--to', 'xml'], ctx()), UsageError);
  await assert.rejects(mapping(['explode', MAP], ctx()), UsageError);
});
