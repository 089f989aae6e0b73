import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import run from '../../../src/cli/commands/validate';
import { main } from '../../../src/cli/index';
import { root } from './helpers';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const ctx = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), env: {}, cwd: root, signal: new AbortController().signal };
  const code = await main(['validate', ...args], ctx);
  return { code, out, err };
}

test('validate: clean examples exit 0 and print no diagnostics', async () => {
  const files = fs.readdirSync(path.join(root, 'examples/payloads')).filter((f) => /\.moe\.(nd)?json$/.test(f)).map((f) => `examples/payloads/${f}`);
  assert.ok(files.length >= 7);
  const r = await cli(files);
  assert.equal(r.code, 0);
  assert.equal(r.out, '');
  assert.match(r.err, /0 error/);
});

test('validate: human output is file:line:col severity code message (1-based), exit 1 on errors', async () => {
  const r = await cli(['examples/payloads/broken/problems.moe.json']);
  assert.equal(r.code, 1);
  const first = r.out.split('\n')[0];
  assert.match(first, /^examples\/payloads\/broken\/problems\.moe\.json:10:21 error moe\.time-in-ms event_time 1731421200000 is in milliseconds/);
});

test('validate --format json: one array with 0-based ranges', async () => {
  const r = await cli(['--format', 'json', 'examples/payloads/broken/problems.moe.json', 'examples/payloads/email-sent.moe.json']);
  assert.equal(r.code, 1);
  const arr = JSON.parse(r.out);
  assert.ok(Array.isArray(arr));
  assert.deepEqual(arr[0].range, { start: { line: 9, character: 20 }, end: { line: 9, character: 33 } });
  assert.deepEqual(Object.keys(arr[0]).sort(), ['code', 'file', 'message', 'range', 'severity']);
  assert.equal(arr.length, 4);
});

test('validate: usage errors and unreadable files exit 2 with one clear line, no stack', async () => {
  for (const args of [[], ['--format', 'xml', 'a.json'], ['--nope', 'a.json'], ['missing.moe.json'], ['examples']]) {
    const r = await cli(args);
    assert.equal(r.code, 2, JSON.stringify(args));
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    assert.match(r.err, /moe-aep validate: /);
  }
  const r = await cli(['missing.moe.json']);
  assert.match(r.err, /missing\.moe\.json: cannot read \(no such file\)/);
});

test('validate: bytes are read as bytes, so binary and invalid UTF-8 get located errors (exit 1)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-validate-'));
  try {
    fs.writeFileSync(path.join(dir, 'bin.moe.json'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    fs.writeFileSync(path.join(dir, 'latin1.moe.json'), Buffer.concat([Buffer.from('{"app_name": "Caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    let out = '';
    const ctx = { stdout: (s: string) => void (out += s), stderr: () => {}, env: {}, cwd: dir, signal: new AbortController().signal };
    const code = await run(['bin.moe.json', 'latin1.moe.json'], ctx);
    assert.equal(code, 1);
    assert.match(out, /^bin\.moe\.json:1:4 error moe\.binary/m);
    assert.match(out, /^latin1\.moe\.json:1:18 error moe\.encoding/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('validate --help documents the options and exit codes', async () => {
  const r = await cli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /--format json/);
  assert.match(r.out, /Exit status: 0/);
});

test('validate --max-problems: lists N and counts the rest; 0 lists all; a bad value is a usage error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-aep-max-'));
  const events = Array.from({ length: 12 }, (_, i) => ({ event_name: 'Email Sent', event_code: 'MOE_EMAIL_SENT', event_uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, event_time: 1731421200000, event_type: 'CAMPAIGN_EVENT', uid: 'u1', email_id: 'a@b.co', event_source: 'MOENGAGE', event_attributes: { campaign_id: 'c', campaign_name: 'n', campaign_type: 'General', campaign_channel: 'Email' } }));
  const file = path.join(dir, 'many.moe.json');
  fs.writeFileSync(file, JSON.stringify({ app_name: 'a', source: 'MOENGAGE', moe_request_id: 'r', events }, null, 2));
  const three = await cli(['--max-problems', '3', file]);
  assert.equal(three.code, 1);
  const lines = three.out.trim().split('\n');
  assert.equal(lines.filter((l) => / error moe\.time-in-ms /.test(l)).length, 3);
  assert.match(three.out, /moe\.too-many-problems 9 more problems from here on are not listed \(9 × moe\.time-in-ms\)/);
  const all = await cli(['--max-problems', '0', file]);
  assert.equal(all.out.trim().split('\n').filter((l) => / error moe\.time-in-ms /.test(l)).length, 12);
  assert.doesNotMatch(all.out, /too-many-problems/);
  const bad = await cli(['--max-problems', 'lots', file]);
  assert.equal(bad.code, 2);
  fs.rmSync(dir, { recursive: true, force: true });
});
