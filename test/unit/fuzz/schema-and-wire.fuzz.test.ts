/**
 * XDM schema loading (aep-streaming-and-dataprep.md §6.1), DCS/IMS response parsing (§1.2, §1.3, §4),
 * webview messages (src/protocol) and the results journal reader: random and mutated input never
 * escapes as an untyped exception, and what is reported stays usable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadXdmSchema } from '../../../src/core/xdm/load';
import { describeError, parseBatch, parseSingleOk, flattenCauses } from '../../../src/core/aep/responses';
import { expiresInToMs } from '../../../src/core/aep/token';
import { parseRetryAfter } from '../../../src/core/aep/retry';
import { parseWebviewMessage, parseHostMessage } from '../../../src/protocol/messages';
import { parseJournal, buildRuns } from '../../../src/core/results/model';
import { fuzz, fc, mutatedText, typedOrValue } from './harness';

const schemaSeed = fs.readFileSync(path.join(__dirname, '../../../examples/schema/moengage-events.schema.json'), 'utf8');
const json = fc.jsonValue({ maxDepth: 4 });

// Raw-form schemas with $ref/allOf between a handful of definitions, including cycles (§6.1).
const rawSchema = fc
  .array(fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd'), refs: fc.array(fc.constantFrom('#/definitions/a', '#/definitions/b', '#/definitions/c', '#/definitions/d', 'https://ns.adobe.com/xdm/missing', '#/nope', '#'), { maxLength: 3 }), field: fc.string({ maxLength: 6 }) }), { minLength: 1, maxLength: 5 })
  .map((defs) => {
    const definitions: Record<string, unknown> = {};
    for (const d of defs) definitions[d.name] = { type: 'object', properties: { [d.field || 'f']: { type: 'string' } }, allOf: d.refs.map(($ref) => ({ $ref })) };
    return JSON.stringify({ $id: 'https://ns.adobe.com/acme/schemas/fuzz', type: 'object', definitions, allOf: [{ $ref: '#/definitions/a' }] });
  });

test('fuzz: loadXdmSchema throws only InputError and reports cycles/unresolved refs as problems', () => {
  fuzz('xdm.load', fc.oneof(mutatedText(fc.constant(schemaSeed)), rawSchema, json.map((v) => JSON.stringify(v))), (text) => {
    const s = typedOrValue(() => loadXdmSchema(text, { fileName: 'fuzz.schema.json', readRef: () => undefined }), text.slice(0, 300));
    if (!s) return;
    for (const p of s.problems) assert.ok(p.message.length > 0 && (p.code === 'xdm.cyclic-ref' || p.code === 'xdm.unresolved-ref'));
    // Using the loaded schema must be as safe as loading it.
    typedOrValue(() => s.validate({ _id: 1, timestamp: 'x', eventType: null }), text.slice(0, 300));
    typedOrValue(() => s.suggest('_acme.x.y'), text.slice(0, 300));
  }, 150);
});

test('an XDM schema with an invalid keyword value is reported when loaded, not thrown raw by validate', () => {
  // Regression guard. Minimal counterexamples found by fuzz seed 20261128 (xdm.load): a mutated
  // "type":"array" made ajv.compile throw out of validate(); fixed upstream.
  for (const bad of ['{"type":"object","properties":{"a":{"type":"#array"}}}', '{"type":"object","properties":{"a":{"type":"string","pattern":"("}}}', '{"type":"object","properties":{"a":{"minimum":"x"}}}']) {
    let s;
    try {
      s = loadXdmSchema(bad);
    } catch (e) {
      assert.equal((e as Error).name, 'InputError');
      continue;
    }
    assert.doesNotThrow(() => s.validate({ a: 1 }), bad);
  }
});

test('fuzz: XDM validate on random entities never throws and reports pointers of the §1.3 vocabulary', () => {
  const s = loadXdmSchema(schemaSeed);
  fuzz('xdm.validate', json, (entity) => {
    const issues = typedOrValue(() => s.validate(entity, { maxErrors: 50 }), entity) ?? [];
    for (const i of issues) assert.ok(i.pointerToViolation.startsWith('#'), `pointer ${i.pointerToViolation} is not in DCS "#/a/b" form`);
  });
});

// Bodies as DCS, the gateway, IMS, proxies and broken servers answer (§1.2, §1.3, §4).
const bodyArb = fc.oneof(
  json.map((v) => JSON.stringify(v)),
  fc.record({ responses: fc.array(fc.record({ xactionId: fc.option(fc.string({ maxLength: 8 })), statusCode: fc.option(fc.oneof(fc.integer({ min: 0, max: 999 }), fc.string({ maxLength: 4 }))), status: fc.option(fc.oneof(fc.integer({ min: 0, max: 999 }), fc.string({ maxLength: 4 }))), message: fc.option(json) }, { requiredKeys: [] }), { maxLength: 6 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ type: json, status: json, title: json, report: fc.record({ message: json, cause: fc.record({ _streamingValidation: json }) }, { requiredKeys: [] }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ error: json, error_description: json, error_code: json, message: json, access_token: json, expires_in: json }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }).map((s) => `<html><body>${s}</body></html>`),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

test('fuzz: DCS/IMS response parsers never throw and always produce a message (§1.2, §1.3, §4)', () => {
  fuzz('aep.responses', fc.tuple(fc.integer({ min: 100, max: 599 }), mutatedText(bodyArb), fc.nat({ max: 8 }), fc.constantFrom('', 'application/json', 'text/html')), ([status, text, count, ct]) => {
    const input = { status, text, count };
    const d = typedOrValue(() => describeError(status, text, ct), input);
    // Empty "message"/"detail" fields are a known, reported bug (todo below); keep looking for others.
    const knownEmpty = /"(message|detail)":""/.test(text) && d?.message === '';
    if (!knownEmpty) assert.ok(d && d.message.length > 0 && d.message.length < 5000, `describeError gave ${JSON.stringify(d?.message?.slice(0, 80))} for ${JSON.stringify(input).slice(0, 300)}`);
    const ok = typedOrValue(() => parseSingleOk(text), input);
    assert.ok(ok && ok.ok && typeof ok.message === 'string');
    const items = typedOrValue(() => parseBatch(text, count), input);
    if (items) {
      assert.equal(items.length, count, 'one outcome per message sent, whatever the server returned');
      for (const it of items) assert.ok(it.ok || (it.message && it.message.length > 0), 'a failed item must say why');
    }
  }, 300);
});

test('an error body with an empty "message" still yields a readable error (§1.3)', () => {
  for (const body of ['{"message":""}', '{"detail":""}', '{"error":0,"error_description":[],"message":""}']) assert.match(describeError(500, body).message, /\S/, body);
});

test('fuzz: deeply nested causingExceptions are flattened without a stack overflow (§1.3)', () => {
  fuzz('aep.causes', fc.integer({ min: 1, max: 20000 }), (depth) => {
    let node: unknown = { message: 'leaf', pointerToViolation: '#/x' };
    for (let i = 0; i < depth; i++) node = { message: `level ${i}`, causingExceptions: [node] };
    typedOrValue(() => flattenCauses([node]), depth);
  }, 20);
});

test('fuzz: Retry-After and expires_in parsing accept anything and stay finite and non-negative (§1.4, §4)', () => {
  fuzz('aep.headers', fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()), fc.double().map(String)), (v) => {
    const ra = typedOrValue(() => parseRetryAfter(v, Date.parse('2026-01-01T00:00:00Z')), v);
    if (ra !== undefined && ra !== null) assert.ok(Number.isFinite(ra) && ra >= 0, `Retry-After "${v}" became ${ra}`);
    const ms = typedOrValue(() => expiresInToMs(v), v);
    // Sub-millisecond positive values are a known todo below; everything else must stay positive.
    if (!(Number(v) > 0 && Number(v) < 0.0005)) assert.ok(ms !== undefined && Number.isFinite(ms) && ms > 0, `expires_in "${v}" became ${ms}`);
  });
});

test('a tiny positive expires_in never yields a zero token lifetime (§4)', () => {
  // Minimal counterexample found by fuzz seed 20261128 (aep.headers).
  assert.ok(expiresInToMs('5e-324') > 0);
  assert.ok(expiresInToMs(0.0001) > 0);
});

// The protocol is a trust boundary: a compromised webview can post anything (vscode-extension-practice.md §1e).
test('fuzz: webview and host messages are parsed without throwing; rejections never echo a planted secret', () => {
  const SECRET = 'pl4nted-S3CRET-value';
  const msgArb = fc.oneof(
    json,
    fc.record({ type: fc.constantFrom('ready', 'save', 'validate', 'autofill', 'testConnection', 'exportBundle', 'setSecret', 'clearSecret', 'selectEnvironment', 'result', 'init', 'x'), id: json, environment: json, profile: json, kind: json, includeSecret: json, secret: fc.oneof(json, fc.constant(SECRET)) }, { requiredKeys: ['type'] }),
    fc.constant({ type: 'setSecret', id: 1, environment: 'dev', secret: SECRET, extra: SECRET }),
    fc.constant({ type: 'setSecret', id: 1, environment: SECRET + '/..', secret: SECRET }),
  );
  fuzz('protocol.messages', msgArb, (m) => {
    for (const parse of [parseWebviewMessage, parseHostMessage]) {
      const r = typedOrValue(() => parse(m), m);
      assert.ok(r, 'parse must return an outcome');
      if (!r.ok) assert.ok(!r.error.includes(SECRET), `rejection "${r.error}" echoes the secret`);
    }
  }, 300);
});

test('fuzz: a journal with torn, mutated or foreign lines still reads (crash-safe results, src/core/results)', () => {
  const line = fc.oneof(
    fc.constantFrom(
      '{"type":"run-start","runId":"r1","startedAt":"2026-01-01T00:00:00Z","payloadFile":"a.moe.json","environment":"dev","mode":"batch","total":2}',
      '{"type":"message","runId":"r1","index":0,"status":"accepted","httpStatus":200,"xactionId":"x"}',
      '{"type":"run-end","runId":"r1","endedAt":"2026-01-01T00:00:01Z","state":"complete"}',
    ),
    json.map((v) => JSON.stringify(v)),
  );
  fuzz('results.journal', mutatedText(fc.array(line, { maxLength: 8 }).map((ls) => ls.join('\n'))), (text) => {
    const parsed = typedOrValue(() => parseJournal(text), text);
    if (!parsed) return;
    typedOrValue(() => buildRuns(parsed.records), text);
  });
});
