import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePayload } from '../../../src/core/moengage/parse';
import { validatePayload } from '../../../src/core/moengage/validate';
import { NOW, codes, example, only, pretty, seedEvent, streamsBatch, textAt } from './helpers';

const v = (text: string, fileName = 'p.moe.json') => validatePayload(text, { fileName, now: NOW });

test('shape detection: events[] = batch, event_code object = flat, array = several flat events (§5.2)', () => {
  assert.equal(parsePayload(example('streams-batch.moe.json')).shape, 'batch');
  assert.equal(parsePayload(example('email-sent.moe.json')).shape, 'flat');
  const arr = pretty([seedEvent(), { ...seedEvent(), event_uuid: 'other' }]);
  const p = parsePayload(arr);
  assert.equal(p.shape, 'array');
  assert.deepEqual(p.events.map((e) => e.kind), ['flat', 'flat']);
  assert.deepEqual(v(arr), []);
  assert.equal(parsePayload(example('events.moe.ndjson'), { fileName: 'events.moe.ndjson' }).shape, 'ndjson');
});

test('batch events are Shape A (event_time), flat events Shape B (time)', () => {
  const b = streamsBatch();
  b.events[0].time = b.events[0].event_time;
  delete b.events[0].event_time;
  const ds = only(v(pretty(b)), 'moe.schema');
  assert.ok(ds.some((d) => /Missing "event_time"/.test(d.message)));
});

test('NDJSON: blank lines allowed, a broken line gets its own located error, other lines still checked', () => {
  const good = example('events.moe.ndjson').split('\n');
  const broken = [good[0], '', '{"event_code": "MOE_EMAIL_SENT",', good[1].replace('"MOE_EMAIL_OPEN"', '"MOE_EMAIL_OPN"')].join('\n');
  const ds = v(broken, 'x.moe.ndjson');
  const syn = only(ds, 'moe.json-syntax');
  assert.equal(syn.length, 1);
  assert.equal(syn[0].range.start.line, 2);
  assert.match(syn[0].message, /end of the line/);
  const typo = only(ds, 'moe.unknown-event-code');
  assert.equal(typo.length, 1);
  assert.equal(typo[0].range.start.line, 3);
  assert.equal(textAt(broken, typo[0]), '"MOE_EMAIL_OPN"');
});

test('NDJSON content without the extension is recognised instead of failing as one JSON value', () => {
  const nd = example('events.moe.ndjson');
  assert.deepEqual(v(nd, 'untitled.json'), []);
});

test('invalid JSON: one located moe.json-syntax error, never a throw', () => {
  const text = '{\n  "app_name": "x"\n  "source": "MOENGAGE"\n}';
  const ds = v(text);
  assert.deepEqual(codes(ds), ['moe.json-syntax']);
  assert.deepEqual(ds[0].range.start, { line: 2, character: 2 });
  assert.match(ds[0].message, /Expected ',' or '}'/);
});

test('empty and whitespace-only files: one moe.empty error', () => {
  for (const t of ['', '   \n\t\r\n']) {
    const ds = v(t);
    assert.deepEqual(codes(ds), ['moe.empty']);
    assert.equal(ds[0].severity, 'error');
  }
  assert.deepEqual(codes(v('\n\n', 'x.moe.ndjson')), ['moe.empty']);
});

test('binary input (NUL bytes): one moe.binary error at the first NUL', () => {
  const text = Buffer.from([0x7b, 0x22, 0x61, 0x00, 0x01, 0xff, 0x00]).toString('latin1');
  const ds = v(text);
  assert.deepEqual(codes(ds), ['moe.binary']);
  assert.deepEqual(ds[0].range.start, { line: 0, character: 3 });
});

test('invalid UTF-8 (decoded as U+FFFD): moe.encoding at the bad byte, and the rest is still checked', () => {
  const bytes = Buffer.concat([Buffer.from(pretty(seedEvent()).replace('Welcome Campaign', 'Welcome XCampaign').replace('MOE_EMAIL_SENT"', 'MOE_EMAIL_SENTT"'))]);
  const i = bytes.indexOf('XCampaign');
  bytes[i] = 0xff;
  const text = bytes.toString('utf8');
  const ds = v(text);
  const [enc] = only(ds, 'moe.encoding');
  assert.equal(textAt(text, enc), '\ufffd');
  assert.equal(only(ds, 'moe.unknown-event-code').length, 1);
});

test('a JSON scalar or an event that is not an object is a located schema error', () => {
  assert.deepEqual(codes(v('42')), ['moe.schema']);
  const ds = v('[1, {"event_code": "x"}]');
  assert.ok(only(ds, 'moe.schema').some((d) => d.range.start.character === 1));
});

test('BOM and CRLF: positions stay exact', () => {
  const e = seedEvent();
  e.time = 1731421200000;
  const text = '\ufeff' + pretty(e).replace(/\n/g, '\r\n');
  const [d] = only(v(text), 'moe.time-in-ms');
  assert.equal(textAt(text, d), '1731421200000');
});

test('a generated 50 MB batch gives a result with the 1 MB request-limit error, without blowing up', () => {
  const file = path.join(os.tmpdir(), `moe-aep-50mb-${process.pid}.moe.json`);
  try {
    // Written from a template in 1 MB chunks: generating 50 MB must not dominate the test's time.
    const template = pretty({ ...streamsBatch().events[3], event_uuid: '@UUID@' });
    const [head, tail] = template.split('@UUID@');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '{"app_name": "A", "source": "MOENGAGE", "moe_request_id": "r", "events": [\n');
    let written = 0;
    for (let i = 0; written < 50 * 1024 * 1024; ) {
      let s = '';
      while (s.length < 1 << 20) s += (i === 0 ? '' : ',\n') + head + 'u-' + i++ + tail;
      fs.writeSync(fd, s);
      written += s.length;
    }
    fs.writeSync(fd, '\n]}\n');
    fs.closeSync(fd);
    const text = fs.readFileSync(file, 'utf8');
    const t0 = process.hrtime.bigint();
    const ds = v(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.deepEqual(codes(ds).sort(), ['moe.batch-over-100', 'moe.payload-too-large']);
    console.log(`# 50 MB validated in ${ms.toFixed(0)} ms`);
    assert.match(only(ds, 'moe.payload-too-large')[0].message, /MB: AEP answers 413/);
  } finally {
    fs.rmSync(file, { force: true });
  }
});

test('a batch whose layout fools the fast pretty-printed split is still read right (nested "},\\n  {" at the events indentation)', () => {
  const b = streamsBatch();
  const ev = b.events[0];
  const second = { ...ev, event_uuid: '11111111-2222-4333-8444-555555555555', event_code: 'MOE_EMAIL_SENTT' };
  // Objects nested in an array inside the first event, written at the same indentation as the events themselves.
  const nested = '[\n  {"k": 1},\n  {"k": 2}]';
  const text = `{\n"app_name": "x", "source": "MOENGAGE", "events": [\n  ${JSON.stringify({ ...ev, event_attributes: { ...ev.event_attributes, list: '@@' } }).replace('"@@"', nested)},\n  ${JSON.stringify(second)}\n]}`;
  JSON.parse(text); // valid JSON
  const ds = v(text);
  const typo = only(ds, 'moe.unknown-event-code');
  assert.equal(typo.length, 1, JSON.stringify(ds));
  assert.equal(typo[0].range.start.line, text.slice(0, text.indexOf('MOE_EMAIL_SENTT')).split('\n').length - 1, 'located on the second event’s line');
  assert.equal(textAt(text, typo[0]), '"MOE_EMAIL_SENTT"');
});

test('a NUL byte deep inside a large batch is still reported as binary at its place', () => {
  const b = streamsBatch();
  b.events = Array.from({ length: 400 }, (_, i) => ({ ...b.events[0], event_uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
  let text = pretty(b);
  const at = text.lastIndexOf('"uid"');
  assert.ok(at > 100_000, 'the NUL is far from the start');
  text = text.slice(0, at + 1) + '\u0000' + text.slice(at + 1);
  const ds = v(text);
  assert.deepEqual(codes(ds), ['moe.binary']);
  assert.equal(textAt(text, ds[0]), '\u0000');
});

test('NDJSON with a lone \\r inside a line (JSON whitespace, but a line break to the editor): diagnostics land on the right line', () => {
  const bad = JSON.stringify({ ...seedEvent(), time: 1731421200000 });
  const text = ['{"event_code":"MOE_EMAIL_SENT",\r"x":1}', bad, ''].join('\r\n');
  const ds = v(text, 'x.moe.ndjson');
  const ms = only(ds, 'moe.time-in-ms');
  assert.equal(ms.length, 1);
  assert.equal(ms[0].range.start.line, 2, 'the editor sees lines 0, 1 (after the lone \\r) and 2');
  assert.equal(textAt(text, ms[0]), '1731421200000');
});
