import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isXdmDateTime, loadXdmSchema, streamingValidationReport } from '../../../src/core/xdm';

const schema = loadXdmSchema(fs.readFileSync(path.join(__dirname, '../../../examples/schema/moengage-events.schema.json'), 'utf8'));
const valid = () => ({
  _id: 'unique_event_id_001',
  timestamp: '2024-11-12T14:20:00Z',
  eventType: 'directMarketing.emailSent',
  identityMap: { lumaCrmId: [{ id: 'customer_123', primary: true, authenticatedState: 'authenticated' }] },
  _acmemoe: { eventCode: 'MOE_EMAIL_SENT', userAttributesJson: { tier: 'premium' } },
});

test('a valid event has no issues', () => {
  assert.deepEqual(schema.validate(valid()), []);
});

test('type errors read like DCS (§1.3): "expected type: String, found: Long" at #/_id', () => {
  const issues = schema.validate({ ...valid(), _id: 12345 });
  assert.deepEqual(issues, [{ schemaLocation: '#/properties/_id', pointerToViolation: '#/_id', causingExceptions: [], keyword: 'type', message: 'expected type: String, found: Long' }]);
});

test('unknown keys are "extraneous key [x] is not permitted" at the parent (§1.3)', () => {
  const issues = schema.validate({ ...valid(), workEmail: 'a@b.c' });
  assert.equal(issues.length, 1);
  assert.equal(issues[0].keyword, 'additionalProperties');
  assert.equal(issues[0].pointerToViolation, '#');
  assert.equal(issues[0].message, 'extraneous key [workEmail] is not permitted');
});

test('missing required _id/timestamp are reported', () => {
  const e = valid() as Record<string, unknown>;
  delete e.timestamp;
  const issues = schema.validate(e);
  assert.equal(issues[0].keyword, 'required');
  assert.equal(issues[0].message, 'required key [timestamp] not found');
});

test('date-time follows the accepted formats of the DCS error (§1.3), with its "Expected [...]" text', () => {
  for (const ok of ['2024-11-12T14:20:00Z', '2024-11-12T14:20:00.123Z', '2024-11-12T14:20:00+05:30', '2024-11-12T14:20:00.123456789-08:00']) assert.ok(isXdmDateTime(ok), ok);
  for (const bad of ['2018-00-23T22:07:01Z', '2024-11-12T14:20:00', '2024-11-12 14:20:00Z', '2024-11-12T14:20:00+0000', '2024-02-30T00:00:00Z', '1731421200']) assert.ok(!isXdmDateTime(bad), bad);
  const issues = schema.validate({ ...valid(), timestamp: '2018-00-23T22:07:01Z' });
  assert.equal(issues[0].message, "[2018-00-23T22:07:01Z] is not a valid date-time. Expected [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1-9}Z, yyyy-MM-dd'T'HH:mm:ss[+-]HH:mm, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}[+-]HH:mm]");
  assert.equal(issues[0].pointerToViolation, '#/timestamp');
  assert.equal(issues[0].schemaLocation, '#/properties/timestamp');
});

test('eventType meta:enum is extensible (§6.3): custom strings pass; JSON enum (authenticatedState) is enforced', () => {
  assert.deepEqual(schema.validate({ ...valid(), eventType: 'moengage.SMS_SENT' }), []);
  const issues = schema.validate({ ...valid(), identityMap: { Email: [{ id: 'x', authenticatedState: 'maybe' }] } });
  assert.equal(issues[0].keyword, 'enum');
  assert.equal(issues[0].pointerToViolation, '#/identityMap/Email/0/authenticatedState');
});

test('maps of strings reject nested objects; the root report counts violations like DCS', () => {
  const issues = schema.validate({ ...valid(), _acmemoe: { userAttributesJson: { x: { y: 1 } } } });
  assert.equal(issues[0].message, 'expected type: String, found: JSONObject');
  const report = streamingValidationReport([...issues, ...schema.validate({ ...valid(), _id: 1 })]);
  assert.equal(report.message, '2 schema violations found');
  assert.equal(report.causingExceptions.length, 2);
});
