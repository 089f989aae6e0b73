import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import run from '../../../src/cli/commands/eval';
import { UsageError } from '../../../src/cli/io';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx = { stdout: (s: string) => (out += s), stderr: (s: string) => (err += s), env: {}, cwd: process.cwd(), signal: new AbortController().signal };
  try {
    const code = await run(args, ctx);
    return { code, out, err };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out, err: e.message };
    throw e;
  }
}

describe('moe-aep eval', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-eval-'));
  const input = path.join(dir, 'event.json');
  fs.writeFileSync(input, JSON.stringify({ time: 1571829875, event_code: 'MOE_EMAIL_SENT', user: { 'First Name': 'Ann' } }));

  test('prints the JSON value, field refs resolving against --input', async () => {
    const r = await cli([`dformat(time * 1000, "yyyy-MM-dd'T'HH:mm:ssX")`, '--input', input]);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out), '2019-10-23T11:24:35Z');
  });
  test('objects print as JSON', async () => {
    const r = await cli(['to_object("n", ${user.First Name})', '--input', input]);
    assert.deepEqual(JSON.parse(r.out), { n: 'Ann' });
  });
  test('--now pins now()', async () => {
    const r = await cli(['now()', '--now', '2021-10-26T10:10:24Z']);
    assert.equal(JSON.parse(r.out), '2021-10-26T10:10:24Z');
  });
  test('a syntax error exits 1 with <expr>:1:COL and a caret line', async () => {
    const r = await cli(['concat(a b)']);
    assert.equal(r.code, 1);
    const lines = r.err.split('\n');
    assert.match(lines[0], /^<expr>:1:10 error dataprep\.expected-token Expected ',' or '\)'/);
    assert.equal(lines[1], '  concat(a b)');
    assert.equal(lines[2], '           ^');
  });
  test('an evaluation error exits 1, located, and explains the AEP consequence', async () => {
    const r = await cli(['upper(to_integer("x"))']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^<expr>:1:7 error dataprep\.bad-number/);
    assert.match(r.err, /set to null and the rest of the row ingested/);
  });
  test('--format json gives diagnostics with 0-based ranges', async () => {
    const r = await cli(['uper(x)', '--format', 'json']);
    assert.equal(r.code, 1);
    const d = JSON.parse(r.out).diagnostics[0];
    assert.equal(d.code, 'dataprep.unknown-function');
    assert.deepEqual(d.range.start, { line: 0, character: 0 });
  });
  test('usage errors exit 2: no expression, bad --now, unreadable or invalid input', async () => {
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(['1', '--now', 'yesterday'])).code, 2);
    assert.equal((await cli(['1', '--input', path.join(dir, 'missing.json')])).code, 2);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{oops');
    const r = await cli(['1', '--input', path.join(dir, 'bad.json')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /not valid JSON/);
  });
  test('--help', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /usage: moe-aep eval/);
  });
});
