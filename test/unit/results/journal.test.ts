import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { tempJournals } from './tempJournals';
import { parseJournal, pendingForResume } from '../../../src/core/results/model';
import type { JournalRecord, MessageRecord, RunStartRecord } from '../../../src/core/results/types';

const temp = tempJournals('moe-journal-');
const open = temp.open;

function start(runId: string, total: number, keys = Array.from({ length: total }, (_, i) => `uuid-${i}`)): RunStartRecord {
  return { type: 'run-start', runId, at: '2024-11-12T14:20:00Z', endpoint: 'http://127.0.0.1/collection/x', mode: 'batch', file: 'a.moe.json', total, eventKeys: keys };
}
function msg(runId: string, index: number, status: MessageRecord['status']): MessageRecord {
  return { type: 'message', runId, index, eventKey: `uuid-${index}`, status, errors: [], xactionId: status === 'accepted' ? `x:${index}` : undefined };
}

describe('results journal', () => {
  it('rebuilds a finished run from the file after the journal is reopened (history survives reloads)', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    await j.append(start('r1', 2), msg('r1', 0, 'accepted'), msg('r1', 1, 'rejected'));
    await j.append({ type: 'run-end', runId: 'r1', at: 'now', counts: { accepted: 1, rejected: 1, error: 0, pending: 0 } });
    await j.close();
    const snap = await open(file).read();
    assert.equal(snap.runs.length, 1);
    assert.equal(snap.runs[0].state, 'complete');
    assert.deepEqual(snap.runs[0].counts, { accepted: 1, rejected: 1, error: 0, pending: 0 });
    assert.equal(snap.runs[0].messages[0].xactionId, 'x:0');
  });

  it('marks a run without run-end as interrupted and resumes only unacknowledged events', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    await j.append(start('r1', 4), msg('r1', 0, 'accepted'), msg('r1', 1, 'rejected'), msg('r1', 2, 'error'));
    const snap = await j.read();
    const run = snap.runs[0];
    assert.equal(run.state, 'interrupted');
    assert.deepEqual(pendingForResume(run).map((e) => e.index), [2, 3]);
    // Still running in this session: not reported as interrupted.
    assert.equal((await j.read(new Set(['r1']))).runs[0].state, 'running');
  });

  it('ignores a torn last line after a crash, says so, and keeps appending on a fresh line', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    fs.writeFileSync(file, JSON.stringify(start('r1', 2)) + '\n' + JSON.stringify(msg('r1', 0, 'accepted')) + '\n{"type":"message","runId":"r1","ind');
    const j = open(file);
    let snap = await j.read();
    assert.equal(snap.runs[0].messages.length, 1);
    assert.equal(snap.warnings.length, 1);
    assert.match(snap.warnings[0].message, /torn last line/);
    await j.append(msg('r1', 1, 'accepted'));
    snap = await j.read();
    assert.deepEqual(snap.runs[0].messages.map((m) => m.index), [0, 1]);
    assert.equal(pendingForResume(snap.runs[0]).length, 0);
  });

  it('never writes the client secret or the bearer token, even when the client forgot to redact', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const secret = 'p8e-SuperSecretValue123';
    const token = 'eyJhbGciOiJSUzI1NiJ9.secret-token-body';
    const j = open(file, { secrets: () => [secret, token] });
    const x: JournalRecord = {
      type: 'exchange',
      id: 'x1',
      runId: 'r1',
      request: {
        method: 'POST',
        url: 'https://ims-na1.adobelogin.com/ims/token/v3',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=abc&client_secret=${encodeURIComponent(secret)}&scope=openid`,
      },
      response: { status: 200, headers: {}, body: JSON.stringify({ access_token: token, expires_in: 86399 }) },
    };
    await j.append(start('r1', 1), x, { ...msg('r1', 0, 'error'), errors: [{ message: `echo ${secret}` }] });
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(secret), 'client secret leaked');
    assert.ok(!text.includes(token), 'token leaked');
    assert.ok(!text.includes('secret-token-body'));
    assert.match(text, /client_id=abc/, 'non-secret fields are kept');
  });

  it('compacts past the size bound, keeping the last K runs and their exchanges', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file, { maxBytes: 4000, keepRuns: 3 });
    for (let r = 0; r < 20; r++) {
      const id = `run-${r}`;
      await j.append(start(id, 1), { type: 'exchange', id: `x-${r}`, runId: id, request: { method: 'POST', url: 'http://127.0.0.1/c', headers: {}, body: 'x'.repeat(200) } }, msg(id, 0, 'accepted'));
      await j.append({ type: 'run-end', runId: id, at: 'now', counts: { accepted: 1, rejected: 0, error: 0, pending: 0 } });
    }
    assert.ok(fs.statSync(file).size <= 4000 + 1000, `journal stays bounded (${fs.statSync(file).size} bytes)`);
    const snap = await j.read();
    const ids = snap.runs.map((r) => r.start.runId);
    assert.ok(ids.length <= 10 && ids.length >= 3);
    assert.equal(ids[ids.length - 1], 'run-19', 'the newest run survives compaction');
    const kept = new Set(ids);
    for (const rec of snap.records) assert.ok(kept.has(rec.runId), 'no orphan records of dropped runs');
    await j.compact();
    assert.deepEqual((await j.read()).runs.map((r) => r.start.runId), ['run-17', 'run-18', 'run-19']);
  });

  it('cuts huge exchange bodies so one batch cannot evict the history', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file, { maxBodyChars: 100 });
    await j.append({ type: 'exchange', id: 'x', runId: 'r', request: { method: 'POST', url: 'http://127.0.0.1/c', headers: {}, body: 'y'.repeat(5000) } });
    const snap = await j.read();
    const x = snap.records[0];
    assert.ok(x.type === 'exchange' && x.request.body!.length < 200 && /not kept/.test(x.request.body!));
  });

  it('clear forgets all runs', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    await j.append(start('r1', 1));
    await j.clear();
    assert.equal((await j.read()).runs.length, 0);
    await j.append(start('r2', 1));
    assert.deepEqual((await j.read()).runs.map((r) => r.start.runId), ['r2']);
  });

  it('keeps every line intact when many appends race', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    await j.append(start('r1', 200));
    await Promise.all(Array.from({ length: 200 }, (_, i) => j.append(msg('r1', i, 'accepted'))));
    const snap = await j.read();
    assert.equal(snap.warnings.length, 0);
    assert.equal(snap.runs[0].messages.length, 200);
  });
});

describe('results journal shared with another writer', () => {
  it('starts a fresh line when another process left a torn line while the journal was open', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    await j.append(start('r1', 2), msg('r1', 0, 'accepted'));
    fs.appendFileSync(file, '{"type":"message","runId":"r1","in'); // the CLI crashed mid-write
    await j.append(msg('r1', 1, 'accepted'));
    const snap = await j.read();
    assert.deepEqual(snap.runs[0].messages.map((m) => m.index), [0, 1], 'our record after the fragment was kept');
    assert.equal(snap.warnings.length, 1);
  });
});

describe('results journal group commit', () => {
  it('writes a burst of appends made while a write is in flight completely and in append order', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    const n = 2000;
    const appended: JournalRecord[] = [start('r1', n)];
    for (let i = 0; i < n; i++) appended.push(msg('r1', i, i % 7 ? 'accepted' : 'rejected'));
    appended.push({ type: 'run-end', runId: 'r1', at: 'now', counts: { accepted: 0, rejected: 0, error: 0, pending: 0 } });
    await Promise.all(appended.map((r) => j.append(r)));
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'), 'the file ends with a complete line');
    // Every record comes back as appended (JSON drops undefined fields), in order.
    assert.deepEqual(parseJournal(text).records, JSON.parse(JSON.stringify(appended)));
    const snap = await j.read();
    assert.equal(snap.warnings.length, 0);
    assert.deepEqual(snap.runs[0].messages.map((m) => m.index), Array.from({ length: n }, (_, i) => i));
    assert.equal(snap.runs[0].state, 'complete');
  });

  it('keeps records appended right after clear() and forgets only the earlier ones', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    const before = j.append(start('old', 1));
    const cleared = j.clear();
    const after = j.append(start('new', 1));
    await Promise.all([before, cleared, after]);
    assert.deepEqual((await j.read()).runs.map((r) => r.start.runId), ['new']);
  });

  it('close() writes everything appended before it, even when nobody awaited the appends', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    void j.append(start('r1', 3));
    for (let i = 0; i < 3; i++) void j.append(msg('r1', i, 'accepted'));
    await j.close();
    const snap = await open(file).read();
    assert.equal(snap.runs[0].messages.length, 3);
  });

  it('writes a record as it was when appended, not as the caller changed it later', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    const m = msg('r1', 0, 'accepted');
    const p = j.append(start('r1', 1), m);
    m.status = 'error';
    await p;
    assert.equal((await j.read()).runs[0].messages[0].status, 'accepted');
  });

  it('past the size bound with fewer runs than it keeps, every record of every run stays', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file, { maxBytes: 2000, keepRuns: 5 });
    for (let r = 0; r < 3; r++) {
      const id = `big-${r}`;
      await j.append(start(id, 40), ...Array.from({ length: 40 }, (_, i) => msg(id, i, 'accepted')));
      await j.append({ type: 'run-end', runId: id, at: 'now', counts: { accepted: 40, rejected: 0, error: 0, pending: 0 } });
    }
    const snap = await j.read();
    assert.deepEqual(snap.runs.map((r) => [r.start.runId, r.messages.length]), [['big-0', 40], ['big-1', 40], ['big-2', 40]]);
  });
});
