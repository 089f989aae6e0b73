import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { main } from '../../../src/cli/index';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-send-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function ndjson(name: string, n: number, broken?: number): string {
  const lines = Array.from({ length: n }, (_, i) => (i === broken ? '{"event_code": "MOE_X", oops' : JSON.stringify({ event_name: 'Email Sent', event_code: 'MOE_EMAIL_SENT', event_uuid: `uuid-${i}`, uid: `u${i}`, event_time: 1731421200 + i })));
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env, cwd: tmp, signal: new AbortController().signal });
  return { code, out, err };
}

const uuids = (e: EmulatorHandle) => e.dataset().map((r) => (r as { event_uuid: string }).event_uuid);

describe('moe-aep send', () => {
  test('raw NDJSON in batch mode: every event accepted, exit 0; --resume with the journal sends nothing twice', async () => {
    const emu = await startEmulator({ kind: 'raw' });
    try {
      const file = ndjson('ten.ndjson', 10);
      const journal = path.join(tmp, 'ten.journal');
      const a = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f1', '--batch', '--journal', journal, file]);
      assert.equal(a.code, 0, a.out + a.err);
      assert.match(a.out, /10 accepted, 0 failed/);
      const lines = fs.readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.filter((l) => l.status === 'sent').length, 10);
      assert.equal(lines.filter((l) => l.status === 'accepted').length, 10);
      const b = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f1', '--batch', '--journal', journal, '--resume', file]);
      assert.equal(b.code, 0);
      assert.match(b.out, /10 skipped/);
      assert.equal(emu.dataset().length, 10);
    } finally {
      await emu.close();
    }
  });

  test('a broken NDJSON line is reported at its line, the other events are still sent, exit 1', async () => {
    const emu = await startEmulator({ kind: 'raw' });
    try {
      const file = ndjson('broken.ndjson', 5, 2);
      const r = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f1', file]);
      assert.equal(r.code, 1);
      assert.match(r.out, /broken\.ndjson:3:\d+ error/);
      assert.match(r.out, /4 accepted, 1 failed/);
      assert.deepEqual(uuids(emu).sort(), ['uuid-0', 'uuid-1', 'uuid-3', 'uuid-4']);
    } finally {
      await emu.close();
    }
  });

  test('--format json lists every message outcome; AEP rejections exit 1 with the DCS message', async () => {
    const emu = await startEmulator({ kind: 'raw' });
    try {
      const file = ndjson('two.ndjson', 2);
      const r = await cli(['send', '--endpoint', emu.url, '--format', 'json', file]); // no --flow-id: §2.2 rejection
      assert.equal(r.code, 1);
      const j = JSON.parse(r.out);
      assert.equal(j.messages.length, 2);
      assert.equal(j.messages[0].status, 'failed');
      assert.equal(j.messages[0].httpStatus, 400);
      assert.match(j.messages[0].message, /x-adobe-flow-id/);
      assert.deepEqual(j.summary, { total: 2, accepted: 0, failed: 2, pending: 0, skipped: 0 });
      assert.equal(j.diagnostics[0].range.start.line, 0);
    } finally {
      await emu.close();
    }
  });

  test('credentials come from the environment and never appear in the output', async () => {
    const secret = 'env-secret-never-printed-91';
    const emu = await startEmulator({ kind: 'raw', auth: true, clientSecret: secret });
    try {
      const file = ndjson('auth.ndjson', 3);
      const env = { MOE_AEP_CLIENT_ID: emu.clientId, MOE_AEP_CLIENT_SECRET: secret, MOE_AEP_SCOPES: 'openid', MOE_AEP_TOKEN_ENDPOINT: emu.tokenEndpoint };
      const r = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f', '--format', 'json', '--verbose', file], env);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.err, /POST .*\/ims\/token\/v3 → 200/);
      assert.ok(!(r.out + r.err).includes(secret));
      const noCreds = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f', file]);
      assert.equal(noCreds.code, 1);
      assert.match(noCreds.out, /Ims service token is empty/);
      const half = await cli(['send', '--endpoint', emu.url, file], { MOE_AEP_CLIENT_ID: 'x' });
      assert.equal(half.code, 2);
    } finally {
      await emu.close();
    }
  });

  test('usage errors exit 2: sync validation with --batch, plain http to a remote host, bearer to a foreign host, missing file', async () => {
    const file = ndjson('u.ndjson', 1);
    const sync = await cli(['send', '--endpoint', 'https://dcs.adobedc.net/collection/abc', '--sync-validation', '--batch', file]);
    assert.equal(sync.code, 2);
    assert.match(sync.err, /single-message endpoint/);
    const http = await cli(['send', '--endpoint', 'http://dcs.adobedc.net/collection/abc', file]);
    assert.equal(http.code, 2);
    assert.match(http.err, /plain http/);
    const bearer = await cli(['send', '--endpoint', 'https://collector.example.com/collection/abc', file], { MOE_AEP_CLIENT_ID: 'c', MOE_AEP_CLIENT_SECRET: 'secret-value' });
    assert.equal(bearer.code, 2);
    assert.match(bearer.err, /allowBearerToHosts|not an Adobe host/);
    const missing = await cli(['send', '--endpoint', 'https://dcs.adobedc.net/collection/abc', path.join(tmp, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no such file/);
  });

  test('kill -9 in the middle of a send, then --resume: every event in the dataset exactly once', async () => {
    const emu = await startEmulator({ kind: 'raw' });
    try {
      const N = 30;
      const file = ndjson('kill.ndjson', N);
      const journal = path.join(tmp, 'kill.journal');
      // Requests 1-8 answer at once; the 9th hangs, so the child is killed with that message in flight.
      emu.injectFaults([{}, {}, {}, {}, {}, {}, {}, {}, { delayMs: 60_000 }]);
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/index.ts'), 'send', '--endpoint', emu.url, '--flow-id', 'f1', '--concurrency', '1', '--journal', journal, file], { stdio: 'ignore' });
      const lines = () => (fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"accepted"')).length : 0);
      for (let i = 0; i < 600 && lines() < 8; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      assert.equal(lines(), 8);
      const r = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f1', '--journal', journal, '--resume', file]);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /8 skipped/);
      // The 9th message was dispatched but never answered: the resume says so.
      assert.match(r.out, /^1 event was in flight when the previous run stopped; AEP may hold it twice — its _id is stable \(event_uuid\)/m);
      const ids = uuids(emu);
      const dup = ids.length - new Set(ids).size;
      console.log(`kill -9 figures: events=${N} stored=${ids.length} duplicated=${dup} journal=${lines()}`);
      assert.equal(new Set(ids).size, N);
      assert.equal(dup, 0);
    } finally {
      await emu.close();
    }
  });
});

describe('moe-aep send: kill -9 while AEP holds a stored batch whose answer never arrived (§1.5)', () => {
  /** ~40 KB events, so the 1 MB request cap (§3) splits 60 of them into several batches. */
  function bigNdjson(name: string, n: number): string {
    const pad = 'x'.repeat(40_000);
    const file = path.join(tmp, name);
    fs.writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify({ event_name: 'Email Sent', event_code: 'MOE_EMAIL_SENT', event_uuid: `uuid-${i}`, uid: `u${i}`, event_time: 1731421200 + i, event_attributes: { pad } })).join('\n') + '\n');
    return file;
  }

  /** First batch answered; the second is STORED and its answer held, and the CLI is killed inside that window. */
  async function killInsideHeldAnswer(name: string, resumeArgs: string[]) {
    const emu = await startEmulator({ kind: 'raw' });
    const N = 60;
    const file = bigNdjson(`${name}.ndjson`, N);
    const journal = path.join(tmp, `${name}.journal`);
    try {
      emu.injectFaults([{}, { holdAnswerMs: 120_000 }]);
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/index.ts'), 'send', '--endpoint', emu.url, '--flow-id', 'f1', '--batch', '--journal', journal, file], { stdio: 'ignore' });
      const accepted = () => (fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"accepted"')).length : 0);
      for (let i = 0; i < 1200 && !(accepted() > 0 && emu.stats().stored > accepted()); i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const answered = accepted();
      const storedAtKill = emu.stats().stored;
      assert.ok(answered > 0 && storedAtKill > answered, `the kill landed inside the held answer (answered ${answered}, stored ${storedAtKill})`);
      const r = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f1', '--batch', '--journal', journal, '--resume', '--format', 'json', ...resumeArgs, file]);
      const out = JSON.parse(r.out) as { summary: Record<string, number>; inFlight: { count: number; action: string; events: { event: number; key: string }[] } };
      const ids = uuids(emu);
      const perId = new Map<string, number>();
      for (const id of ids) perId.set(id, (perId.get(id) ?? 0) + 1);
      const lost = Array.from({ length: N }, (_, i) => `uuid-${i}`).filter((id) => !perId.has(id));
      const duplicates = ids.length - perId.size;
      return { r, out, answered, storedAtKill, lost, duplicates, perId, N };
    } finally {
      await emu.close();
    }
  }

  test('--resume reports exactly the in-flight events, resends them, loses nothing; duplicates ≤ the reported count', async () => {
    const k = await killInsideHeldAnswer('held', []);
    assert.equal(k.r.code, 0, k.r.err);
    assert.deepEqual(k.lost, [], 'no event lost');
    // The in-flight batch is what AEP stored beyond the journaled answers: exactly those are reported.
    assert.equal(k.out.inFlight.count, k.storedAtKill - k.answered);
    assert.equal(k.out.inFlight.action, 'resent');
    assert.equal(new Set(k.out.inFlight.events.map((e) => e.key)).size, k.out.inFlight.count, 'each in-flight event named by its key');
    assert.deepEqual(k.out.inFlight.events.map((e) => e.event), Array.from({ length: k.out.inFlight.count }, (_, i) => k.answered + i));
    assert.equal(k.out.summary.skipped, k.answered);
    assert.ok(k.duplicates > 0 && k.duplicates <= k.out.inFlight.count, `duplicates ${k.duplicates} vs reported ${k.out.inFlight.count}`);
    for (const e of k.out.inFlight.events) assert.equal(k.perId.get(`uuid-${e.event}`), 2, 'the duplicates are exactly the reported events');
  });

  test('--skip-in-flight does not resend them: no duplicate, each one named with a warning, and nothing else is skipped', async () => {
    const k = await killInsideHeldAnswer('held-skip', ['--skip-in-flight']);
    assert.equal(k.r.code, 0, k.r.err);
    assert.equal(k.out.inFlight.action, 'skipped');
    assert.equal(k.out.summary.skippedInFlight, k.out.inFlight.count);
    assert.equal(k.duplicates, 0);
    assert.deepEqual(k.lost, [], 'here AEP had stored them, so skipping lost nothing');
    const human = await cli(['send', '--endpoint', 'http://127.0.0.1:9/collection/x', '--skip-in-flight', path.join(tmp, 'held-skip.ndjson')]);
    assert.equal(human.code, 2, 'only meaningful with --resume');
    assert.match(human.err, /--skip-in-flight only applies with --resume/);
  });
});

describe('moe-aep emulator', () => {
  test('prints exactly "listening on http://127.0.0.1:PORT/collection/<inletId>" and stops on abort', async () => {
    const ac = new AbortController();
    let out = '';
    const done = main(['emulator', '--port', '0', '--kind', 'raw'], { stdout: (s) => (out += s), stderr: () => undefined, env: {}, cwd: tmp, signal: ac.signal });
    for (let i = 0; i < 100 && !out; i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(out, /^listening on http:\/\/127\.0\.0\.1:\d+\/collection\/[0-9a-f]{64}\n$/);
    ac.abort();
    assert.equal(await done, 0);
  });

  test('bad options exit 2 with a reason', async () => {
    const r = await cli(['emulator', '--inlet', 'xyz']);
    assert.equal(r.code, 2);
    assert.match(r.err, /64 hex/);
  });
});
