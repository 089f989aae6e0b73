/**
 * The default MoEngage mapping (examples/mapping) applied to random MoEngage-like events, with the
 * example XDM schema: applyMapping never throws — Data Prep turns a failing row into a null
 * attribute and keeps the rest (aep-streaming-and-dataprep.md §5.1 "Error semantics") — and every
 * transform error names a row that exists and a range inside that row's expression.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMappingCsv } from '../../../src/core/mapping/readCsv';
import { compileMapping, applyMapping } from '../../../src/core/mapping/apply';
import { transformPayload } from '../../../src/core/mapping/transform';
import { loadXdmSchema } from '../../../src/core/xdm/load';
import { fuzz, fc, typedOrValue, mutatedText } from './harness';

const ex = path.join(__dirname, '../../../examples');
const mapping = readMappingCsv(fs.readFileSync(path.join(ex, 'mapping/moengage-default.mapping.csv'), 'utf8'));
const schema = loadXdmSchema(fs.readFileSync(path.join(ex, 'schema/moengage-events.schema.json'), 'utf8'));
const compiled = compileMapping(mapping, { schema });
const ctx = { now: () => new Date('2026-01-01T00:00:00Z'), uuid: () => '00000000-0000-4000-8000-000000000000' };

const value: fc.Arbitrary<unknown> = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }));
// moengage-streams.md §1.5 (Streams) and §5 (flat AEP test payload) keys, each possibly of the wrong type.
const event = fc.record(
  {
    event_name: value,
    event_code: fc.oneof(fc.constantFrom('MOE_EMAIL_SENT', 'NOTIFICATION_CLICKED_MOE', 'MOE_IN_APP_SHOWN', 'n_i_s', 'UNKNOWN'), value),
    event_uuid: fc.oneof(fc.uuid(), value),
    event_time: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), value),
    time: fc.oneof(fc.integer({ min: -1e12, max: 1e13 }), value),
    id: value,
    uid: value,
    app_name: value,
    source: value,
    identities: fc.record({ externalId: value, email: value, phone: value, moengageUserId: value }, { requiredKeys: [] }),
    event_attributes: fc.dictionary(fc.constantFrom('campaign_id', 'campaign_name', 'campaign_type', 'campaign_channel', 'x'), value, { maxKeys: 5 }),
    user_attributes: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 3 }), value),
    device_attributes: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 3 }), value),
  },
  { requiredKeys: [] },
);

test('fuzz: the default mapping applied to random events never throws; errors point at real rows (§5.1)', () => {
  assert.deepEqual(compiled.errors, [], 'the example mapping compiles');
  fuzz('mapping.apply', event, (e) => {
    const r = typedOrValue(() => applyMapping(compiled, e, ctx), e);
    if (!r) return;
    for (const err of r.errors) {
      const row = mapping.rows[err.row];
      assert.ok(row, `error names row ${err.row}, which does not exist`);
      if (err.start !== undefined) assert.ok(err.start >= 0 && (err.end ?? err.start) <= row.source.length, `error range ${err.start}-${err.end} outside row ${err.row} "${row.source.slice(0, 60)}"`);
    }
  });
});

test('fuzz: transformPayload on mutated payload text never throws untyped errors', () => {
  const text = fc.oneof(event.map((e) => JSON.stringify(e, null, 2)), fc.array(event, { maxLength: 3 }).map((es) => JSON.stringify({ events: es })));
  fuzz('mapping.transform', mutatedText(text), (t) => {
    typedOrValue(() => transformPayload(t, compiled, schema, { ctx }), t);
  }, 150);
});
