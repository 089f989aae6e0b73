import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/index';
import { startEmulator } from '../../../src/emulator';
import { createAepClient } from '../../../src/core/aep/client';
import { NdjsonSource } from '../../../src/cli/send/ndjsonSource';
import { shouldStream, sniffNdjson } from '../../../src/cli/send/detect';

const root = path.resolve(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-send-stream-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MAPPING = path.join(root, 'examples/mapping/moengage-default.mapping.csv');
const SCHEMA = path.join(root, 'examples/schema/moengage-events.schema.json');
/** A Shape B event as in the integration guide's NDJSON example (examples/payloads/events.moe.ndjson). */
const TEMPLATE = JSON.parse(fs.readFileSync(path.join(root, 'examples/payloads/events.moe.ndjson'), 'utf8').split('\n')[0]) as Record<string, unknown>;

function flat(i: number): Record<string, unknown> {
  const uuid = `11111111-2222-4333-8444-${String(i).padStart(12, '0')}`;
  return { ...TEMPLATE, id: `evt_${i}`, event_uuid: uuid, time: 1731421200 + i };
}

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {}, cwd: tmp, signal: new AbortController().signal });
  return { code, out, err };
}

describe('moe-aep send streams NDJSON (issue 7)', () => {
  /**
   * 40 events on 41 lines (a blank line 5 does not count as an event): line 9 is broken JSON, the
   * event on line 14 has no `time`, so the default mapping writes no `timestamp` and the schema's
   * required field fails locally (aep-streaming-and-dataprep.md §2.1: XDM messages must satisfy the schema).
   */
  const BROKEN = '{"event_code": "MOE_EMAIL_SENT", "id": oops}';
  function mixedFile(name: string): { file: string; uuids: string[] } {
    const lines: string[] = [];
    const uuids: string[] = [];
    for (let i = 0; lines.length < 41; i++) {
      if (lines.length === 4) lines.push('   ');
      if (lines.length === 8) {
        lines.push(BROKEN);
        continue;
      }
      const ev = flat(i);
      if (lines.length === 13) delete ev.time;
      else uuids.push(String(ev.event_uuid));
      lines.push(JSON.stringify(ev));
    }
    const file = path.join(tmp, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return { file, uuids };
  }

  const xdmArgs = (url: string) => ['send', '--endpoint', url, '--batch', '--mode', 'xdm', '--mapping', MAPPING, '--schema', SCHEMA, '--dataset-id', 'ds1'];

  test('xdm + mapping: a broken line and a schema failure are located and not sent, every other event lands; --resume sends nothing again', async () => {
    const emu = await startEmulator({ kind: 'xdm' });
    try {
      const { file, uuids } = mixedFile('replay.ndjson');
      const journal = path.join(tmp, 'replay.journal');
      const a = await cli([...xdmArgs(emu.url), '--journal', journal, file]);
      assert.equal(a.code, 1, a.out + a.err);
      // 1-based file:line:col: the broken line is the 9th, and the error points at `oops`.
      const col = BROKEN.indexOf('oops') + 1;
      assert.match(a.out, new RegExp(`replay\\.ndjson:9:${col} error moe\\.json-syntax Unexpected word 'oops'`));
      assert.match(a.out, /replay\.ndjson:9:1 error aep\.failed event 7: this event is not valid JSON and was not sent/);
      assert.match(a.out, /replay\.ndjson:14:1 error aep\.failed event 12: not sent: the mapped XDM fails the schema locally — .*timestamp/);
      assert.match(a.out, /40 message\(s\) to .*: 38 accepted, 2 failed/);
      const stored = emu.dataset().map((r) => (r as { _id?: string })._id);
      assert.deepEqual([...stored].sort(), [...uuids].sort(), 'exactly the 38 good events are in the dataset, mapped (_id = event_uuid)');
      const requests = emu.stats().requests;

      const b = await cli([...xdmArgs(emu.url), '--journal', journal, '--resume', file]);
      assert.match(b.out, /40 message\(s\) to .*: 0 accepted, 2 failed, 38 skipped \(accepted in an earlier run\)/);
      assert.equal(emu.stats().requests, requests, 'the resumed run sent no request: the journal keys of a streamed run match');
      assert.equal(emu.dataset().length, 38);
    } finally {
      await emu.close();
    }
  });

  test('--format json for a streamed file lists only the messages that were not accepted; the summary counts all', async () => {
    const emu = await startEmulator({ kind: 'xdm' });
    try {
      const { file } = mixedFile('json.jsonl');
      const r = await cli([...xdmArgs(emu.url), '--format', 'json', file]);
      assert.equal(r.code, 1, r.err);
      const j = JSON.parse(r.out);
      assert.deepEqual(j.summary, { total: 40, accepted: 38, failed: 2, pending: 0, skipped: 0 });
      assert.deepEqual(j.messages.map((m: { event: number; status: string }) => [m.event, m.status]), [[7, 'failed'], [12, 'failed']]);
      assert.equal(j.messages[1].validation, 'failed');
      const codes = j.diagnostics.map((d: { code: string; range: { start: { line: number } } }) => `${d.range.start.line}:${d.code}`);
      assert.deepEqual(codes.sort(), ['13:aep.failed', '8:aep.failed', '8:moe.json-syntax']);
    } finally {
      await emu.close();
    }
  });

  test('CRLF NDJSON: the journal keys are eventKey(absFile, event, parsed value), as a whole-file run writes them', async () => {
    const emu = await startEmulator({ kind: 'raw' });
    try {
      const events = Array.from({ length: 5 }, (_, i) => flat(i));
      const file = path.join(tmp, 'same.ndjson');
      const journal = path.join(tmp, 'same.journal');
      fs.writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\r\n') + '\r\n');
      const a = await cli(['send', '--endpoint', emu.url, '--flow-id', 'f', '--journal', journal, file]);
      assert.equal(a.code, 0, a.out);
      const keys = fs.readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.status === 'accepted').map((l) => l.key as string);
      const { eventKey } = await import('../../../src/core/aep/resume');
      assert.deepEqual(keys.sort(), events.map((e, i) => eventKey(file, i, e)).sort(), 'CRLF lines give the keys of the parsed events');
    } finally {
      await emu.close();
    }
  });

  test('events held at once stay bounded by what is in flight, not by the file (3,000 events, batches of 50, 2 in flight)', async () => {
    const emu = await startEmulator({ kind: 'raw' });
    try {
      const file = path.join(tmp, 'bounded.ndjson');
      const N = 3000;
      fs.writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify(flat(i))).join('\n') + '\n');
      const client = createAepClient({ endpoint: emu.url, inletKind: 'raw', flowId: 'f' }, { maxBatchMessages: 50 });
      let settled = 0;
      const src = new NdjsonSource(
        [{ file: 'bounded.ndjson', abs: file }],
        { keys: false, resume: () => 'send', prepare: (value) => ({ body: value }), diagnostic: () => assert.fail('no problem expected'), local: () => assert.fail('no local failure expected') },
        0,
        16 * 1024,
      );
      const summary = await client.sendAll(src.items(), {
        mode: 'batch',
        concurrency: 2,
        onOutcome: (o) => {
          assert.equal(o.status, 'accepted');
          src.settle(o.index);
          settled++;
        },
      });
      await client.close();
      assert.equal(summary.acknowledged, N);
      assert.equal(settled, N);
      assert.equal(emu.dataset().length, N);
      assert.equal(src.stats.held, 0, 'nothing is remembered once every event settled');
      // 2 requests of ≤ 50 messages plus the one item the client holds back for the next batch.
      assert.ok(src.stats.maxHeld <= 2 * 50 + 1, `held at most ${src.stats.maxHeld} events`);
      assert.ok(src.stats.maxHeld >= 50, `the client did fill its batches (${src.stats.maxHeld})`);
      const size = fs.statSync(file).size;
      console.log(`stream bound figures: events=${N} maxHeld=${src.stats.maxHeld} maxReadAheadBytes=${src.stats.maxReadAheadBytes} fileBytes=${size}`);
      assert.ok(src.stats.maxReadAheadBytes <= 16 * 1024, `read ahead at most ${src.stats.maxReadAheadBytes} of ${size} bytes: one 16 KB chunk, reading waits for sending`);
    } finally {
      await emu.close();
    }
  });

  test('which files stream: .ndjson/.jsonl by name; a small .json is read whole as before', () => {
    const small = path.join(tmp, 'small.json');
    fs.writeFileSync(small, '{"a":1}\n{"a":2}\n');
    assert.equal(shouldStream(small, 'small.json'), false);
    const nd = path.join(tmp, 'x.JSONL');
    fs.writeFileSync(nd, '{"a":1}\n');
    assert.equal(shouldStream(nd, 'x.JSONL'), true);
    assert.equal(shouldStream(path.join(tmp, 'missing.ndjson'), 'missing.ndjson'), false, 'an unreadable file goes the whole-file way, which reports it (exit 2)');
    // Over the size threshold the content decides (moengage-streams.md §0: exports need not say .ndjson).
    const write = (name: string, text: string) => (fs.writeFileSync(path.join(tmp, name), text), path.join(tmp, name));
    assert.equal(sniffNdjson(write('nd.json', '\ufeff{"a":1}\n{"a":2}\n')), true);
    assert.equal(sniffNdjson(write('pretty.json', '{\n  "events": [\n    {"a": 1}\n  ]\n}\n')), false, 'a pretty-printed Streams batch is one document');
    assert.equal(sniffNdjson(write('one.json', '{"events":[{"a":1}]}\n')), false, 'one minified document and a newline');
    assert.equal(sniffNdjson(write('arr.json', '[{"a":1},\n{"a":2}]\n')), false);
  });

  test('an empty or unreadable streamed file stops the run before anything is sent (exit 2)', async () => {
    const empty = path.join(tmp, 'empty.ndjson');
    fs.writeFileSync(empty, '\n  \n');
    const r = await cli(['send', '--endpoint', 'http://127.0.0.1:9/collection/x', '--flow-id', 'f', empty]);
    assert.equal(r.code, 2);
    assert.match(r.out, /empty\.ndjson:1:1 error moe\.empty/);
    assert.match(r.err, /nothing was sent/);
  });
});
