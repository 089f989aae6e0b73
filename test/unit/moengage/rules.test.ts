import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { validatePayload } from '../../../src/core/moengage/validate';
import { NOW, applyFix, codes, example, only, pretty, seedEvent, streamsBatch, textAt } from './helpers';

const v = (text: string, fileName = 'p.moe.json') => validatePayload(text, { fileName, now: NOW });

test('every example payload is clean (no diagnostics at all)', () => {
  for (const f of ['email-sent.moe.json', 'push-clicked.moe.json', 'sms-delivered.moe.json', 'inapp-shown.moe.json', 'user-action.moe.json', 'streams-batch.moe.json', 'events.moe.ndjson'])
    assert.deepEqual(v(example(f), f), [], f);
});

test('moe.time-in-ms: milliseconds are an error on the value, and the fix divides by 1000 (seed Step 5)', () => {
  const e = seedEvent();
  e.time = 1731421200123;
  const text = pretty(e);
  const [d] = only(v(text), 'moe.time-in-ms');
  assert.equal(d.severity, 'error');
  assert.equal(textAt(text, d), '1731421200123');
  assert.ok(d.fixes?.[0].preferred);
  const fixed = applyFix(text, d.fixes![0]);
  assert.equal(JSON.parse(fixed).time, 1731421200);
  assert.deepEqual(v(fixed), []);
});

test('moe.time-in-future and moe.time-too-old warn on the time value (aep-streaming-and-dataprep.md §6.3)', () => {
  const e = seedEvent();
  e.time = Math.floor(NOW.getTime() / 1000) + 3600;
  const [f] = only(v(pretty(e)), 'moe.time-in-future');
  assert.equal(f.severity, 'warning');
  e.time = 946684800; // 2000-01-01
  const [o] = only(v(pretty(e)), 'moe.time-too-old');
  assert.equal(o.severity, 'warning');
  assert.equal(textAt(pretty(e), o), '946684800');
});

test('moe.unknown-event-code: typo gets "did you mean" and a fix; custom user actions are left alone (§2.4)', () => {
  const e = seedEvent();
  e.event_code = 'MOE_EMAIL_SENTT';
  const text = pretty(e);
  const [d] = only(v(text), 'moe.unknown-event-code');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /did you mean "MOE_EMAIL_SENT"/);
  assert.equal(textAt(text, d), '"MOE_EMAIL_SENTT"');
  assert.equal(JSON.parse(applyFix(text, d.fixes![0])).event_code, 'MOE_EMAIL_SENT');
  e.event_code = 'moe_email_open';
  assert.match(only(v(pretty(e)), 'moe.unknown-event-code')[0].message, /MOE_EMAIL_OPEN/);
  assert.deepEqual(v(example('user-action.moe.json')), []);
  e.event_code = 'MOE_SOMETHING_NEW';
  assert.equal(only(v(pretty(e)), 'moe.unknown-event-code').length, 1, 'system-looking codes still warn');
});

test('moe.missing-campaign-attributes: campaign event without campaign_id, fix inserts the keys (§1.6)', () => {
  const e = seedEvent();
  delete e.event_attributes.campaign_id;
  delete e.event_attributes.campaign_type;
  const text = pretty(e);
  const [d] = only(v(text), 'moe.missing-campaign-attributes');
  assert.equal(d.severity, 'warning');
  assert.equal(textAt(text, d), '"event_attributes"');
  assert.match(d.message, /campaign_id, campaign_type/);
  const fixed = JSON.parse(applyFix(text, d.fixes![0]));
  assert.ok('campaign_id' in fixed.event_attributes && 'campaign_type' in fixed.event_attributes);
  assert.equal(fixed.event_attributes.campaign_name, 'Welcome Campaign', 'existing keys are kept');
  delete e.event_attributes;
  const t2 = pretty(e);
  const [d2] = only(v(t2), 'moe.missing-campaign-attributes');
  assert.equal(JSON.parse(applyFix(t2, d2.fixes![0])).event_attributes.campaign_channel, 'Email');
});

test('moe.missing-recipient: Shape A email/SMS/push events need email_id/mobile_number/push_id (§1.5)', () => {
  const b = streamsBatch();
  delete b.events[0].email_id;
  delete b.events[1].push_id;
  b.events[2].mobile_number = '';
  const text = pretty(b);
  const ds = only(v(text), 'moe.missing-recipient');
  assert.deepEqual(ds.map((d) => textAt(text, d)), ['"MOE_EMAIL_OPEN"', '"NOTIFICATION_RECEIVED_MOE"', '"SMS_SENT"']);
  assert.ok(ds.every((d) => d.severity === 'warning'));
  // Shape B carries identities instead: no recipient rule there.
  assert.deepEqual(v(example('sms-delivered.moe.json')), []);
});

test('moe.no-identity: empty identities is an error in Shape B, missing uid a warning in Shape A', () => {
  const e = seedEvent();
  e.identities = { externalId: '', email: null };
  const text = pretty(e);
  const [d] = only(v(text), 'moe.no-identity');
  assert.equal(d.severity, 'error');
  assert.equal(textAt(text, d), '"identities"');
  const b = streamsBatch();
  delete b.events[3].uid;
  const [w] = only(v(pretty(b)), 'moe.no-identity');
  assert.equal(w.severity, 'warning');
});

test('moe.invalid-email and moe.invalid-phone (E.164) warn on the value; phone fix strips punctuation', () => {
  const e = seedEvent();
  e.identities.email = 'test@example';
  e.identities.phone = '+1 (415) 555-0100';
  const text = pretty(e);
  const ds = v(text);
  assert.equal(textAt(text, only(ds, 'moe.invalid-email')[0]), '"test@example"');
  const [p] = only(ds, 'moe.invalid-phone');
  assert.equal(JSON.parse(applyFix(text, p.fixes![0])).identities.phone, '+14155550100');
  const b = streamsBatch();
  b.events[2].mobile_number = '4155550100';
  const [p2] = only(v(pretty(b)), 'moe.invalid-phone');
  assert.equal(p2.fixes, undefined, 'no country code: no safe fix');
});

test('moe.unexpected-source: source/event_source compared case-insensitively to MOENGAGE (§1.4)', () => {
  const e = seedEvent();
  e.event_source = 'MoEngage';
  assert.deepEqual(v(pretty(e)), [], 'the glossary spelling "MoEngage" is fine');
  e.source = 'segment';
  const text = pretty(e);
  const [d] = only(v(text), 'moe.unexpected-source');
  assert.equal(textAt(text, d), '"segment"');
  assert.equal(JSON.parse(applyFix(text, d.fixes![0])).source, 'MOENGAGE');
  const b = streamsBatch();
  b.source = 'other';
  assert.equal(only(v(pretty(b)), 'moe.unexpected-source').length, 1, 'batch envelope too');
});

test('moe.missing-event-uuid: error with a fix that inserts a fresh UUID', () => {
  const e = seedEvent();
  delete e.event_uuid;
  const text = pretty(e);
  const ds = v(text);
  const [d] = only(ds, 'moe.missing-event-uuid');
  assert.equal(d.severity, 'error');
  assert.equal(only(ds, 'moe.schema').length, 0, 'not reported twice by the schema');
  const fixed = JSON.parse(applyFix(text, d.fixes![0]));
  assert.match(fixed.event_uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(v(applyFix(text, d.fixes![0])), []);
});

test('moe.duplicate-event-uuid: error on the second and later uses, naming the first line (§0.4)', () => {
  const b = streamsBatch();
  b.events[2].event_uuid = b.events[0].event_uuid;
  b.events[3].event_uuid = b.events[0].event_uuid;
  const text = pretty(b);
  const ds = only(v(text), 'moe.duplicate-event-uuid');
  assert.equal(ds.length, 2);
  assert.ok(ds.every((d) => textAt(text, d) === JSON.stringify(b.events[0].event_uuid)));
  const firstLine = text.split('\n').findIndex((l) => l.includes(b.events[0].event_uuid)) + 1;
  assert.match(ds[0].message, new RegExp(`line ${firstLine}\\b`));
  assert.ok(ds[0].range.start.line > firstLine - 1);
});

test('moe.attribute-key-needs-escape: information with the exact ${…} form (aep-streaming-and-dataprep.md §5.1)', () => {
  const e = seedEvent();
  e.event_attributes['Campaign ID'] = 'x';
  e.device_attributes['os.version'] = '1';
  e.user_attributes['first-name'] = 'A';
  e.user_attributes['1st_visit'] = true;
  e.user_attributes['size'] = 3;
  const text = pretty(e);
  const ds = only(v(text), 'moe.attribute-key-needs-escape');
  assert.ok(ds.every((d) => d.severity === 'information'));
  const byKey = new Map(ds.map((d) => [textAt(text, d), d.message]));
  assert.match(byKey.get('"Campaign ID"')!, /event_attributes\.\$\{Campaign ID\}/);
  assert.match(byKey.get('"os.version"')!, /device_attributes\.\$\{os\\\.version\}/);
  assert.match(byKey.get('"first-name"')!, /dash/);
  assert.match(byKey.get('"1st_visit"')!, /digit/);
  assert.match(byKey.get('"size"')!, /reserved word/);
});

test('moe.unknown-event-type: outside both documented sets warns; a case slip gets a fix (§1.5)', () => {
  const e = seedEvent();
  e.event_type = 'campaign_event';
  const text = pretty(e);
  const [d] = only(v(text), 'moe.unknown-event-type');
  assert.equal(JSON.parse(applyFix(text, d.fixes![0])).event_type, 'CAMPAIGN_EVENT');
  e.event_type = 'LIFECYCLE';
  assert.equal(only(v(pretty(e)), 'moe.unknown-event-type').length, 0, 'glossary set accepted');
});

test('moe.event-too-large (>10 KB) warns; moe.payload-too-large (>1 MB) is an error that says to batch (§3)', () => {
  const e = seedEvent();
  e.user_attributes.notes = 'x'.repeat(11 * 1024);
  const [w] = only(v(pretty(e)), 'moe.event-too-large');
  assert.equal(w.severity, 'warning');
  e.user_attributes.notes = 'x'.repeat(1100 * 1024);
  const ds = v(pretty(e));
  const [big] = only(ds, 'moe.payload-too-large');
  assert.equal(big.severity, 'error');
  assert.match(big.message, /413/);
  assert.match(big.message, /batches/);
});

test('moe.batch-over-100: information on the events key (moengage-streams.md §1.8)', () => {
  const b = streamsBatch();
  const base = b.events[3];
  b.events = Array.from({ length: 101 }, (_, i) => ({ ...base, event_uuid: `uuid-${i}` }));
  const text = pretty(b);
  const [d] = only(v(text), 'moe.batch-over-100');
  assert.equal(d.severity, 'information');
  assert.equal(textAt(text, d), '"events"');
  b.events.length = 100;
  assert.equal(only(v(pretty(b)), 'moe.batch-over-100').length, 0);
});

test('moe.schema: missing and mistyped fields are located errors that say what to do', () => {
  const e = seedEvent();
  delete e.event_name;
  e.time = '1731421200';
  const text = pretty(e);
  const ds = only(v(text), 'moe.schema');
  assert.ok(ds.some((d) => /Missing "event_name"/.test(d.message) && d.range.start.line === 0));
  const t = ds.find((d) => /"time" must be an integer/.test(d.message));
  assert.ok(t);
  assert.equal(textAt(text, t), '"1731421200"');
  const b = streamsBatch();
  delete b.moe_request_id;
  b.events[0].event_time = 1.5;
  const bt = pretty(b);
  const bs = only(v(bt), 'moe.schema');
  assert.ok(bs.some((d) => /moe_request_id/.test(d.message)));
  assert.equal(textAt(bt, bs.find((d) => /event_time/.test(d.message))!), '1.5');
  const empty = pretty({ app_name: 'a', source: 'MOENGAGE', moe_request_id: 'r', events: [] });
  assert.match(only(v(empty), 'moe.schema')[0].message, /at least one event/);
});

test('the broken example reports exactly its known problems', () => {
  const text = example('broken/problems.moe.json');
  const ds = v(text);
  assert.deepEqual(codes(ds), ['moe.time-in-ms', 'moe.unknown-event-code', 'moe.duplicate-event-uuid', 'moe.missing-campaign-attributes']);
  assert.deepEqual(ds.map((d) => textAt(text, d)), ['1731421200000', '"MOE_EMAIL_SENTT"', '"dup-0001"', '"event_attributes"']);
});
