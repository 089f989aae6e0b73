import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Journal } from '../../../src/core/results/journal';
import { tempJournals } from './tempJournals';
import { messageRecordOf } from '../../../src/core/results/fromClient';
import { parseJournal, pendingForResume } from '../../../src/core/results/model';
import type { JournalRecord, MessageRecord, RunStartRecord } from '../../../src/core/results/types';

const temp = tempJournals('moe-groups-');
const open = temp.open;

function start(runId: string, total: number): RunStartRecord {
  return { type: 'run-start', runId, at: '2026-11-28T10:00:00.000Z', endpoint: 'http://127.0.0.1/collection/x', mode: 'batch', file: 'a.moe.json', total, eventKeys: Array.from({ length: total }, (_, i) => `uuid-${i}`) };
}
/** What the client reports for the items of one 207 answer (aep-streaming-and-dataprep.md §1.2). */
function accepted(runId: string, index: number, exchangeId: string, extra: Partial<MessageRecord> = {}): MessageRecord {
  return { type: 'message', runId, index, eventKey: `uuid-${index}`, status: 'accepted', httpStatus: 200, xactionId: `x:${index}`, errors: [], exchangeId, at: '2026-11-28T10:00:01.000Z', ...extra };
}
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('grouped message lines in the results journal', () => {
  it('the accepted items of a batch answer take a few lines, not one per event, and read back as the same records', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    const recs: JournalRecord[] = [start('r1', 1000)];
    for (let i = 0; i < 1000; i++) {
      const extra: Partial<MessageRecord> = i % 3 === 0 ? { eventCode: 'MOE_EMAIL_SENT', eventId: `id-${i}` } : i % 3 === 1 ? { xactionId: undefined } : { eventId: `id-${i}` };
      recs.push(accepted('r1', i, `ex-${Math.floor(i / 500)}`, extra));
    }
    await Promise.all(recs.map((r) => j.append(r)));
    await j.close();
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    assert.ok(lines.length <= 4, `1,000 outcomes of two batch answers took ${lines.length} lines`);
    const old = recs.map((r) => JSON.stringify(r) + '\n').join('');
    assert.ok(Buffer.byteLength(text) < Buffer.byteLength(old) / 2, 'the journal is less than half the size of one line per event');
    const parsed = parseJournal(text);
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual(parsed.records, plain(recs));
  });

  it('reads a journal written before grouped lines existed (one line per message) exactly as before', async () => {
    const file = path.join(temp.dir(), 'old.ndjson');
    // Lines as the previous version wrote them, from a user's disk: messageRecordOf output, one per line.
    const recs: JournalRecord[] = [start('old', 4)];
    recs.push(messageRecordOf('old', { index: 0, status: 'accepted', httpStatus: 200, xactionId: 'x0', attempts: 1, exchangeId: 'e1' }, { key: 'uuid-0' }, '2026-01-01T00:00:00.000Z')!);
    recs.push(messageRecordOf('old', { index: 1, status: 'failed', httpStatus: 400, retryable: false, attempts: 1, message: 'bad', errors: [{ message: 'missing _id', pointerToViolation: '#/_id' }] }, { key: 'uuid-1' }, '2026-01-01T00:00:00.000Z')!);
    recs.push(messageRecordOf('old', { index: 2, status: 'failed', httpStatus: 503, retryable: true, attempts: 5, message: 'gave up' }, { key: 'uuid-2' }, '2026-01-01T00:00:00.000Z')!);
    fs.writeFileSync(file, recs.map((r) => JSON.stringify(r) + '\n').join(''));
    const snap = await open(file).read();
    assert.deepEqual(snap.warnings, []);
    assert.deepEqual(snap.records, plain(recs));
    const run = snap.runs[0];
    assert.equal(run.state, 'interrupted');
    assert.deepEqual(run.counts, { accepted: 1, rejected: 1, error: 1, pending: 1 });
    // Resume sends the 503 one (no definitive answer) and the one never answered, not the others.
    assert.deepEqual(pendingForResume(run).map((e) => e.index), [2, 3]);
  });

  it('a new session appending to an old journal: old and grouped lines read together', async () => {
    const file = path.join(temp.dir(), 'mixed.ndjson');
    fs.writeFileSync(file, [start('r1', 3), accepted('r1', 0, 'e0')].map((r) => JSON.stringify(r) + '\n').join(''));
    const j = open(file);
    await j.append(accepted('r1', 1, 'e1'), accepted('r1', 2, 'e1'), { type: 'run-end', runId: 'r1', at: 'now', counts: { accepted: 3, rejected: 0, error: 0, pending: 0 } });
    const snap = await j.read();
    assert.equal(snap.runs[0].state, 'complete');
    assert.deepEqual(snap.runs[0].messages.map((m) => [m.index, m.exchangeId, m.xactionId]), [[0, 'e0', 'x:0'], [1, 'e1', 'x:1'], [2, 'e1', 'x:2']]);
  });

  it('a crash tearing a grouped line loses only its events, which resume then sends again', async () => {
    const file = path.join(temp.dir(), 'torn.ndjson');
    const j = open(file);
    await j.append(start('r1', 6), accepted('r1', 0, 'e0'), accepted('r1', 1, 'e0'), accepted('r1', 2, 'e0'));
    await j.close();
    const full = new Journal(path.join(temp.dir(), 'scratch.ndjson'));
    await full.append(accepted('r1', 3, 'e1'), accepted('r1', 4, 'e1'));
    await full.close();
    const groupLine = fs.readFileSync(path.join(temp.dir(), 'scratch.ndjson'), 'utf8');
    fs.appendFileSync(file, groupLine.slice(0, groupLine.length - 12)); // killed mid-write
    const snap = await open(file).read();
    assert.equal(snap.warnings.length, 1);
    assert.match(snap.warnings[0].message, /torn last line/);
    assert.deepEqual(pendingForResume(snap.runs[0]).map((e) => e.index), [3, 4, 5]);
  });

  it('an unreadable entry in a grouped line is skipped with a warning and its event counts as unanswered', () => {
    const line = { type: 'messages', runId: 'r1', status: 'accepted', httpStatus: 200, items: [[0, 'uuid-0', 'x0'], ['one', 'uuid-1'], [2, 'uuid-2', 7]] };
    const bad = { type: 'messages', runId: 'r1', status: 'maybe', items: [[3, 'uuid-3']] };
    const text = [start('r1', 4), line, bad].map((r) => JSON.stringify(r)).join('\n') + '\n';
    const parsed = parseJournal(text);
    assert.deepEqual(parsed.records.filter((r) => r.type === 'message').map((r) => (r as MessageRecord).index), [0]);
    assert.equal(parsed.warnings.length, 2);
    assert.match(parsed.warnings[0].message, /line 2: 2 message result\(s\) unreadable/);
    assert.match(parsed.warnings[1].message, /line 3 .*cannot read/);
  });

  it('outcomes with errors keep their own line and every field of their errors', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file);
    const rejected: MessageRecord = { ...accepted('r1', 1, 'e0'), status: 'rejected', httpStatus: 400, xactionId: undefined, errors: [{ message: 'missing _id', pointer: '#/_id', keyword: 'required', schemaLocation: '#/required' }] };
    const recs: JournalRecord[] = [start('r1', 3), accepted('r1', 0, 'e0'), rejected, accepted('r1', 2, 'e0')];
    await j.append(...recs);
    const snap = await j.read();
    assert.deepEqual(snap.records, plain(recs));
  });

  it('a grouped line holds no known secret, even inside an event key', async () => {
    const secret = 'p8e-SuperSecretValue123';
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file, { secrets: () => [secret] });
    await j.append(start('r1', 2), accepted('r1', 0, 'e0', { eventKey: `k-${secret}` }), accepted('r1', 1, 'e0', { eventId: `"${secret}"` }));
    await j.close();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(secret), 'secret leaked into a grouped line');
    assert.equal(parseJournal(text).records.filter((r) => r.type === 'message').length, 2);
  });

  it('an outcome changed by the caller after append is journaled as it was at the call', async () => {
    const j = open(path.join(temp.dir(), 'j.ndjson'));
    const m = accepted('r1', 0, 'e0', { eventId: 'before' });
    const p = j.append(start('r1', 1), m);
    m.eventId = 'after';
    m.xactionId = 'changed';
    await p;
    const got = (await j.read()).runs[0].messages[0];
    assert.equal(got.eventId, 'before');
    assert.equal(got.xactionId, 'x:0');
  });

  it('compaction keeps the kept runs grouped and identical', async () => {
    const file = path.join(temp.dir(), 'j.ndjson');
    const j = open(file, { maxBytes: 3000, keepRuns: 2 });
    const byRun: JournalRecord[][] = [];
    for (let r = 0; r < 5; r++) {
      const recs: JournalRecord[] = [start(`r${r}`, 40)];
      for (let i = 0; i < 40; i++) recs.push(accepted(`r${r}`, i, `e${r}`));
      recs.push({ type: 'run-end', runId: `r${r}`, at: 'now', counts: { accepted: 40, rejected: 0, error: 0, pending: 0 } });
      byRun.push(recs);
      await j.append(...recs);
    }
    await j.compact();
    const text = fs.readFileSync(file, 'utf8');
    assert.deepEqual(parseJournal(text).records, plain([...byRun[3], ...byRun[4]]));
    assert.ok(text.split('\n').filter(Boolean).length <= 6, 'compaction wrote one line per event again');
  });
});
