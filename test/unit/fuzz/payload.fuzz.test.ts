/**
 * Payload JSON/NDJSON: random and mutated MoEngage payloads never crash the validator, and every
 * diagnostic (and quick-fix edit) lies inside the document.
 * Shapes from moengage-streams.md §1.3 (Streams batch "events"), §5 (flat AEP test payload), NDJSON.
 */
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validatePayload, PayloadValidator } from '../../../src/core/moengage/validate';
import { findSyntaxProblem } from '../../../src/core/json/syntax';
import { fuzz, fc, mutatedText, typedOrValue, assertDiagnosticsInside } from './harness';

const examplesDir = path.join(__dirname, '../../../examples/payloads');
const seeds = fs.readdirSync(examplesDir).filter((f) => /\.(nd)?json$/.test(f)).map((f) => ({ name: f, text: fs.readFileSync(path.join(examplesDir, f), 'utf8') }));

// moengage-streams.md §1.5: per-event keys; values deliberately wrong-typed half of the time.
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null));
const eventArb = fc.record(
  {
    event_name: fc.oneof(fc.constantFrom('Email Sent', 'Notification Clicked Android', 'Purchase', ''), scalar),
    event_code: fc.oneof(fc.constantFrom('MOE_EMAIL_SENT', 'NOTIFICATION_CLICKED_MOE', 'SMS_DELIVERED', 'x'), scalar),
    event_uuid: fc.oneof(fc.uuid(), scalar),
    event_time: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.string({ maxLength: 30 }), scalar),
    event_type: fc.oneof(fc.constantFrom('CAMPAIGN_EVENT', 'USER_ACTION_EVENT', 'nope'), scalar),
    uid: scalar,
    email_id: scalar,
    event_source: fc.oneof(fc.constantFrom('MOENGAGE', 'SDK'), scalar),
    event_attributes: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }),
    user_attributes: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }),
  },
  { requiredKeys: [] },
);
const batchArb = fc.record({ app_name: scalar, export_doc_id: scalar, moe_request_id: scalar, events: fc.array(eventArb, { maxLength: 4 }) }, { requiredKeys: [] });
const jsonPayload = fc.oneof(
  batchArb.map((b) => JSON.stringify(b, null, 2)),
  eventArb.map((e) => JSON.stringify(e, null, 1)),
  fc.array(eventArb, { maxLength: 4 }).map((a) => JSON.stringify(a)),
  fc.constantFrom(...seeds.filter((s) => s.name.endsWith('.json')).map((s) => s.text)),
);
const ndjsonPayload = fc.oneof(
  fc.array(eventArb, { maxLength: 5 }).chain((evs) => fc.constantFrom('\n', '\r\n').map((eol) => evs.map((e) => JSON.stringify(e)).join(eol))),
  fc.constantFrom(...seeds.filter((s) => s.name.endsWith('.ndjson')).map((s) => s.text)),
);

test('fuzz: payload JSON — validatePayload never throws untyped errors and keeps every range inside the document', () => {
  fuzz('payload.json', mutatedText(jsonPayload), (text) => {
    const diags = typedOrValue(() => validatePayload(text, { fileName: 'fuzz.moe.json', now: new Date('2026-01-01T00:00:00Z') }), text);
    if (diags) assertDiagnosticsInside(text, diags, 'validatePayload(.moe.json)');
  });
});

test('fuzz: payload NDJSON — a broken line is located on that line and never crashes the rest', () => {
  fuzz('payload.ndjson', mutatedText(ndjsonPayload), (text) => {
    const diags = typedOrValue(() => validatePayload(text, { fileName: 'fuzz.moe.ndjson', now: new Date('2026-01-01T00:00:00Z') }), text);
    if (diags) assertDiagnosticsInside(text, diags, 'validatePayload(.moe.ndjson)');
  });
});

test('fuzz: incremental re-validation after a random edit equals a fresh validation', () => {
  // The editor calls PayloadValidator.validate on each keystroke; a cache bug would show stale or shifted ranges.
  const edit = fc.tuple(jsonPayload, fc.nat(), fc.nat({ max: 6 }), fc.string({ maxLength: 6 }));
  fuzz('payload.incremental', edit, ([text, at, del, ins]) => {
    const i = text.length ? at % (text.length + 1) : 0;
    const edited = text.slice(0, i) + ins + text.slice(i + del);
    const now = () => new Date('2026-01-01T00:00:00Z');
    const v = new PayloadValidator({ fileName: 'f.moe.json', now });
    typedOrValue(() => v.validate(text), text);
    const incremental = typedOrValue(() => v.validate(edited), edited);
    const fresh = typedOrValue(() => new PayloadValidator({ fileName: 'f.moe.json', now }).validate(edited), edited);
    if (!incremental || !fresh) return;
    assertDiagnosticsInside(edited, incremental, 'incremental validate');
    const key = (d: { code: string; range: unknown }) => `${d.code}@${JSON.stringify(d.range)}`;
    // uuid-based fixes differ run to run; compare where and what, not the generated text.
    if (JSON.stringify(incremental.map(key).sort()) !== JSON.stringify(fresh.map(key).sort())) {
      throw new Error(`incremental result differs from a fresh run after editing at ${i} (-${del} +${JSON.stringify(ins)}):\n${JSON.stringify(edited)}\nincremental: ${incremental.map(key).join(', ')}\nfresh: ${fresh.map(key).join(', ')}`);
    }
  }, 150);
});

test('fuzz: JSON syntax locator agrees with JSON.parse on validity and points inside the text', () => {
  fuzz('json.syntax', mutatedText(jsonPayload), (text) => {
    const p = typedOrValue(() => findSyntaxProblem(text), text);
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    if (valid && p) throw new Error(`findSyntaxProblem reports ${JSON.stringify(p)} for valid JSON ${JSON.stringify(text.slice(0, 200))}`);
    if (!valid && !p) throw new Error(`findSyntaxProblem finds nothing wrong in invalid JSON ${JSON.stringify(text.slice(0, 200))}`);
    if (p && (p.offset < 0 || p.length < 0 || p.offset + p.length > text.length + 1)) throw new Error(`syntax problem at ${p.offset}+${p.length} outside a ${text.length}-char text`);
  });
});
