import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyMapping, compileMapping, readMappingCsv, readMappingDocument, transformPayload, setPath, parsePath, getPath } from '../../../src/core/mapping';
import { loadXdmSchema } from '../../../src/core/xdm';

const root = path.join(__dirname, '../../..');
const schema = loadXdmSchema(fs.readFileSync(path.join(root, 'examples/schema/moengage-events.schema.json'), 'utf8'));
const seed = fs.readFileSync(path.join(root, 'test/fixtures/mapping/seed-step6.moe.json'), 'utf8');
const defaultCsv = fs.readFileSync(path.join(root, 'examples/mapping/moengage-default.mapping.csv'), 'utf8');
const csv = (rows: string) => readMappingCsv('sourceType,source,destination\n' + rows);

test('destinations build nested objects and arrays: identityMap.Email[0].id', () => {
  const xdm = applyMapping(compileMapping(csv('ATTRIBUTE,identities.email,identityMap.Email[0].id\nSTATIC,false,identityMap.Email[0].primary\n'), { schema }), { identities: { email: 'a@b.c' } }).xdm;
  assert.deepEqual(xdm, { identityMap: { Email: [{ id: 'a@b.c', primary: false }] } });
});

test('[*] wildcards spread arrays (§5.4 emails[*].name → pi[*].names) and \\. is a literal dot', () => {
  const out: Record<string, unknown> = {};
  setPath(out, parsePath('pi[*].names').segments, getPath({ emails: [{ name: 'a' }, { name: 'b' }] }, parsePath('emails[*].name').segments));
  assert.deepEqual(out, { pi: [{ names: 'a' }, { names: 'b' }] });
  const xdm = applyMapping(compileMapping(csv('ATTRIBUTE,user_attributes.first\\.name,_acmemoe.eventName\n')), { user_attributes: { 'first.name': 'Ann' } }).xdm;
  assert.deepEqual(xdm, { _acmemoe: { eventName: 'Ann' } });
});

test('a failing expression leaves that attribute empty and keeps the rest of the row (§5.1 home.md rule)', () => {
  const doc = csv('ATTRIBUTE,event_uuid,_id\nEXPRESSION,"to_integer(event_name)",_acmemoe.eventCode\nATTRIBUTE,event_code,eventType\n');
  const r = applyMapping(compileMapping(doc), { event_uuid: 'u1', event_name: 'not a number', event_code: 'X' });
  assert.equal(r.xdm._id, 'u1');
  assert.equal(r.xdm.eventType, 'X');
  assert.equal((r.xdm._acmemoe as Record<string, unknown> | undefined)?.eventCode, undefined);
  if (r.errors.length) {
    assert.equal(r.errors[0].row, 1, 'the error names the mapping row');
    assert.equal(r.errors[0].destination, '_acmemoe.eventCode');
  }
});

test('a runtime error names the row and the offsets inside the expression', () => {
  const doc = csv('EXPRESSION,"json_to_object(event_name)",_acmemoe.eventAttributesJson\n');
  const r = applyMapping(compileMapping(doc, { schema }), { event_name: '{not json' });
  assert.equal(r.xdm._acmemoe, undefined);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].row, 0);
  assert.equal(r.errors[0].code, 'map.transform-error');
  assert.equal(typeof r.errors[0].start, 'number');
});

test('object copy (§5.1): a source object onto an XDM object copies only same-named children; maps of strings get text', () => {
  const doc = csv('ATTRIBUTE,identities.externalId,identityMap.lumaCrmId[0].id\nATTRIBUTE,item,identityMap.lumaCrmId[0]\nATTRIBUTE,event_attributes,_acmemoe.eventAttributesJson\n');
  const r = applyMapping(compileMapping(doc, { schema }), {
    identities: { externalId: 'c1' },
    item: { primary: true, bogus: 1 },
    event_attributes: { campaign_id: 7, moe_campaign_tags: ['application'], ok: 'x' },
  });
  assert.deepEqual(r.xdm.identityMap, { lumaCrmId: [{ id: 'c1', primary: true }] });
  assert.deepEqual((r.xdm._acmemoe as Record<string, unknown>).eventAttributesJson, { campaign_id: '7', moe_campaign_tags: '["application"]', ok: 'x' });
});

test('STATIC values take the schema type: "true" into a boolean, text stays text', () => {
  const r = applyMapping(compileMapping(csv('STATIC,true,identityMap.X[0].primary\nSTATIC,system,producedBy\n'), { schema }), {});
  assert.deepEqual(r.xdm, { identityMap: { X: [{ primary: true }] }, producedBy: 'system' });
});

test('every expression is compiled once, not per event', () => {
  const compiled = compileMapping(readMappingCsv(defaultCsv), { schema });
  const exprs = compiled.rows.map((r) => r.expr);
  for (let i = 0; i < 3; i++) applyMapping(compiled, JSON.parse(seed));
  assert.deepEqual(compiled.rows.map((r) => r.expr), exprs);
  assert.equal(compiled.errors.length, 0);
});

test('the seed Step 6.1 payload with the default mapping yields a valid XDM event', () => {
  const r = transformPayload(seed, readMappingCsv(defaultCsv), schema);
  assert.equal(r.shape, 'flat');
  const ev = r.events[0];
  assert.deepEqual(ev.errors, []);
  assert.deepEqual(ev.issues, []);
  assert.equal(ev.xdm._id, 'unique_event_id_001');
  assert.equal(ev.xdm.timestamp, '2024-11-12T14:20:00Z', 'time 1731421200 s → ISO (dformat((time * 1000), …))');
  assert.equal(ev.xdm.eventType, 'directMarketing.emailSent', 'MOE_EMAIL_SENT → directMarketing.emailSent (moengage-streams.md §3.3, DOC)');
  assert.equal(ev.xdm.producedBy, 'system');
  const idm = ev.xdm.identityMap as Record<string, Array<{ id: string; primary?: boolean }>>;
  assert.equal(idm.lumaCrmId[0].id, 'customer_123');
  assert.equal(Object.values(idm).flat().filter((i) => i.primary === true).length, 1, 'exactly one primary identity');
});

test('the JSON mapping set gives the same XDM as the CSV', () => {
  const json = fs.readFileSync(path.join(root, 'examples/mapping/moengage-default.mapping.json'), 'utf8');
  assert.deepEqual(transformPayload(seed, readMappingDocument(json, 'm.mapping.json'), schema).events[0].xdm, transformPayload(seed, readMappingCsv(defaultCsv), schema).events[0].xdm);
});

test('Shape A batch: events see the top-level app_name, event_time is converted, unknown codes get moengage.<code>', () => {
  const batch = JSON.stringify({
    app_name: 'App',
    source: 'MOENGAGE',
    moe_request_id: 'r1',
    events: [
      { event_name: 'SMS Sent', event_code: 'SMS_SENT', event_uuid: 'e1', event_time: 1580967474, event_type: 'CAMPAIGN_EVENT', event_source: 'MOENGAGE', uid: 'c9', mobile_number: '+100' },
      { event_name: 'Email Opened', event_code: 'MOE_EMAIL_OPEN', event_uuid: 'e2', event_time: 1580967475, event_type: 'CAMPAIGN_EVENT', event_source: 'MOENGAGE', uid: 'c9' },
    ],
  });
  const r = transformPayload(batch, readMappingCsv(defaultCsv), schema);
  assert.equal(r.shape, 'batch');
  assert.equal(r.events.length, 2);
  assert.deepEqual(r.events.map((e) => e.issues), [[], []]);
  assert.equal(r.events[0].xdm.timestamp, '2020-02-06T05:37:54Z');
  assert.equal(r.events[0].xdm.eventType, 'moengage.SMS_SENT');
  assert.equal(r.events[1].xdm.eventType, 'directMarketing.emailOpened');
  assert.equal((r.events[0].xdm._acmemoe as Record<string, unknown>).appName, 'App');
  assert.deepEqual((r.events[0].xdm.identityMap as Record<string, unknown>).Phone, [{ id: '+100' }]);
});

test('NDJSON and top-level arrays are split into events; a bad NDJSON line is reported with its offsets', () => {
  const one = JSON.parse(seed);
  const nd = JSON.stringify(one) + '\n{oops\n' + JSON.stringify({ ...one, event_uuid: 'x2' }) + '\n';
  const r = transformPayload(nd, readMappingCsv(defaultCsv), schema);
  assert.equal(r.shape, 'ndjson');
  assert.equal(r.events.length, 2);
  assert.equal(r.payloadProblems.length, 1);
  assert.equal(nd.slice(r.payloadProblems[0].start, r.payloadProblems[0].end), '{oops');
  assert.equal(transformPayload(JSON.stringify([one, one]), readMappingCsv(defaultCsv), schema).events.length, 2);
});

test('schema issues are traced to the mapping row and the payload field they came from', () => {
  const doc = csv('ATTRIBUTE,event_uuid,_id\nEXPRESSION,"dformat((time * 1000), ""yyyy-MM-dd\'T\'HH:mm:ssX"")",timestamp\nATTRIBUTE,time,_acmemoe.eventCode\n');
  const payload = '{"event_uuid":"u","time":1731421200}';
  const r = transformPayload(payload, doc, schema);
  const issue = r.events[0].issues[0];
  assert.equal(issue.message, 'expected type: String, found: Long');
  assert.equal(issue.row, 2);
  assert.deepEqual(issue.sourceFields, ['time']);
  assert.equal(payload.slice(issue.payloadRange!.start, issue.payloadRange!.end), '1731421200');
});

test('every example payload transforms to valid XDM with the default mapping', () => {
  const dir = path.join(root, 'examples/payloads');
  if (!fs.existsSync(dir)) return;
  const compiled = compileMapping(readMappingCsv(defaultCsv), { schema });
  const files = fs.readdirSync(dir).filter((f) => /\.(moe|moengage)\.(nd)?json$/.test(f));
  assert.ok(files.length > 0);
  for (const f of files) {
    const r = transformPayload(fs.readFileSync(path.join(dir, f), 'utf8'), compiled, schema);
    for (const ev of r.events) {
      assert.deepEqual(ev.errors, [], `${f} event ${ev.index}`);
      assert.deepEqual(ev.issues, [], `${f} event ${ev.index}`);
    }
  }
});

test('5,000 events transform with one compiled mapping (throughput is measured in bench, not asserted here)', () => {
  const one = JSON.parse(seed);
  const events = Array.from({ length: 5_000 }, (_, i) => ({ ...one, event_uuid: `e${i}` }));
  const r = transformPayload(JSON.stringify(events), compileMapping(readMappingCsv(defaultCsv), { schema }), schema);
  assert.equal(r.events.length, 5_000);
  assert.equal(r.events[4_999].xdm._id, 'e4999');
  assert.equal(r.events.filter((e) => e.issues.length || e.errors.length).length, 0);
});

test('a row with a broken destination writes nothing instead of crashing the transform', () => {
  const r = transformPayload('{"event_uuid":"u"}', csv('ATTRIBUTE,event_uuid,_id\nATTRIBUTE,event_uuid,\nATTRIBUTE,event_uuid,a..b\n'));
  assert.deepEqual(r.events[0].xdm, { _id: 'u' });
  assert.ok(r.mappingErrors.some((e) => e.code === 'map.destination-syntax' && e.row === 2));
});
