import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CoreDiagnostic } from '../../../src/core/diagnostics';
import { PayloadValidator, validatePayload } from '../../../src/core/moengage/validate';
import { NOW, example, pretty, streamsBatch } from './helpers';

const shape = (ds: CoreDiagnostic[]) => ds.map((d) => [d.code, d.severity, d.range, d.message.replace(/"[0-9a-f-]{36}"/g, 'UUID')]);

function editor(text: string, fileName = 'p.moe.json') {
  const v = new PayloadValidator({ fileName, now: () => NOW });
  let current = text;
  v.validate(current);
  return {
    v,
    get text() {
      return current;
    },
    /** Replaces the first occurrence of `find` (after `from`) and checks incremental == full. */
    edit(find: string, replace: string, from = 0) {
      const at = current.indexOf(find, from);
      assert.ok(at >= 0, `"${find}" not found`);
      current = current.slice(0, at) + replace + current.slice(at + find.length);
      const inc = v.validate(current);
      const full = validatePayload(current, { fileName, now: NOW });
      assert.deepEqual(shape(inc), shape(full), `after replacing ${JSON.stringify(find)} by ${JSON.stringify(replace)}`);
      return { incremental: v.lastRunIncremental, diags: inc };
    },
  };
}

test('typing inside one event re-checks only that event and matches a full validation', () => {
  const e = editor(example('broken/problems.moe.json'));
  assert.equal(e.edit('Welcome Campaign', 'Welcome Campaign!').incremental, true);
  const r = e.edit('1731421200000', '1731421200');
  assert.equal(r.incremental, true);
  assert.ok(!r.diags.some((d) => d.code === 'moe.time-in-ms'), 'fixed ms timestamp disappears');
  assert.equal(e.edit('"MOE_EMAIL_SENTT"', '"MOE_EMAIL_SENT"').incremental, true);
  assert.equal(e.edit('"dup-0001"', '"dup-0003"', e.text.lastIndexOf('"dup-0001"')).incremental, true);
  assert.ok(!e.v.validate(e.text).some((d) => d.code === 'moe.duplicate-event-uuid'));
  // A new line inside an event moves every later diagnostic down by one.
  assert.equal(e.edit('"uid": "customer_123",', '"uid": "customer_123",\n      "extra": 1,').incremental, true);
  // Re-introduce a duplicate through an edit in the third event.
  assert.equal(e.edit('"dup-0003"', '"dup-0002"').incremental, true);
});

test('edits that change structure fall back to a full run and stay correct', () => {
  const e = editor(pretty(streamsBatch()));
  assert.equal(e.edit('"app_name": "Your App Name"', '"app_name": "Renamed"').incremental, false, 'envelope edit');
  assert.equal(e.edit('},\n    {', '},\n    {"x": 1},\n    {').incremental, false, 'new event');
  const broken = e.edit('"event_type": "CAMPAIGN_EVENT",', '"event_type": "CAMPAIGN_EVENT"');
  assert.ok(broken.diags.some((d) => d.code === 'moe.json-syntax'));
  const healed = e.edit('"event_type": "CAMPAIGN_EVENT"\n', '"event_type": "CAMPAIGN_EVENT",\n');
  assert.ok(!healed.diags.some((d) => d.code === 'moe.json-syntax'));
});

test('NDJSON: an edit inside a line is incremental; adding a line is not', () => {
  const e = editor(example('events.moe.ndjson'), 'events.moe.ndjson');
  assert.equal(e.edit('"MOE_EMAIL_OPEN"', '"MOE_EMAIL_OPN"').incremental, true);
  assert.equal(e.edit('"MOE_EMAIL_OPN"', '"MOE_EMAIL_OPEN"').incremental, true);
  assert.equal(e.edit('"SKU-1042"', '"SKU-1042"}\n{"a": 1').incremental, false);
});

test('single-line (minified) batches shift positions on the same line correctly', () => {
  const b = streamsBatch();
  b.events[3].event_time = 1731429000000;
  const e = editor(JSON.stringify(b));
  assert.equal(e.edit('"Welcome Campaign"', '"Welcome Campaign 2"').incremental, true);
  assert.equal(e.edit('"Order Shipped"', '"Order"').incremental, true);
});

test('undo returns the earlier result from the cache', () => {
  const e = editor(example('broken/problems.moe.json'));
  const before = shape(e.v.validate(e.text));
  e.edit('1731421260', '17314212600000');
  const r = e.edit('17314212600000', '1731421260');
  assert.equal(r.incremental, true);
  assert.deepEqual(shape(r.diags), before);
});

test('random one-character edits: the incremental answer always equals a full validation', () => {
  // Seeded, so a failure is reproducible; edits hit keys, values, commas, brackets and line breaks.
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = ['1', '0', 'a', '"', ',', '{', '}', '\n', ' ', 'Z', ':', '\\'];
  for (const [name, start, fileName] of [
    ['broken', example('broken/problems.moe.json'), 'p.moe.json'],
    ['batch', pretty(streamsBatch()), 'p.moe.json'],
    ['ndjson', example('events.moe.ndjson'), 'e.moe.ndjson'],
  ] as const) {
    const v = new PayloadValidator({ fileName, now: () => NOW });
    let text: string = start;
    v.validate(text);
    for (let i = 0; i < 150; i++) {
      const at = Math.floor(rnd() * text.length);
      text = rnd() < 0.5 ? text.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      // Every third edit is undone, so the validator also sees texts it has seen before.
      const inc = shape(v.validate(text));
      const full = shape(validatePayload(text, { fileName, now: NOW }));
      assert.deepEqual(inc, full, `${name}, edit ${i}`);
      if (i % 3 === 2) {
        text = start;
        assert.deepEqual(shape(v.validate(text)), shape(validatePayload(text, { fileName, now: NOW })), `${name}, reset ${i}`);
      }
    }
  }
});

test('past the problem limit, problems are counted by code in one located moe.too-many-problems diagnostic', async () => {
  const { PayloadValidator } = await import('../../../src/core/moengage/validate');
  const { streamsBatch, pretty, NOW } = await import('./helpers');
  const b = streamsBatch();
  // Every event has one problem (ms timestamp); 30 events, limit 10.
  b.events = Array.from({ length: 30 }, (_, i) => ({ ...b.events[0], event_uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, event_time: 1731421200000 + i }));
  const text = pretty(b);
  const val = new PayloadValidator({ fileName: 'p.moe.json', now: () => NOW, maxProblems: 10 });
  const ds = val.validate(text);
  const ms = ds.filter((d) => d.code === 'moe.time-in-ms');
  assert.equal(ms.length, 10, 'the first 10 are listed with their messages and fixes');
  assert.ok(ms.every((d) => d.fixes?.length));
  const summary = ds.filter((d) => d.code === 'moe.too-many-problems');
  assert.equal(summary.length, 1);
  assert.match(summary[0].message, /^20 more problems from here on are not listed \(20 × moe\.time-in-ms\)/);
  assert.equal(summary[0].severity, 'error', 'as severe as the worst problem it hides');
  const eleventh = text.split('\n').findIndex((l, i, all) => l.includes('"event_uuid": "00000000-0000-4000-8000-000000000010"') && all[i]);
  assert.ok(summary[0].range.start.line < eleventh && summary[0].range.start.line > eleventh - 5, 'placed at the 11th event, the first one not listed');
  // Fixing the first listed problem brings the next hidden one into the list, with its own message and fix.
  const fixed = text.replace('"event_time": 1731421200000,', '"event_time": 1731421200,');
  const after = val.validate(fixed);
  assert.equal(val.lastRunIncremental, true);
  const ms2 = after.filter((d) => d.code === 'moe.time-in-ms');
  assert.equal(ms2.length, 10);
  assert.ok(ms2.some((d) => d.message.includes('1731421200010')), 'the 11th event is now listed in full');
  assert.ok(ms2.every((d) => d.fixes?.length));
  assert.match(after.find((d) => d.code === 'moe.too-many-problems')!.message, /^19 more problems/);
  // 0 lists everything.
  assert.equal(new PayloadValidator({ fileName: 'p.moe.json', now: () => NOW, maxProblems: 0 }).validate(text).filter((d) => d.code === 'moe.time-in-ms').length, 30);
});
