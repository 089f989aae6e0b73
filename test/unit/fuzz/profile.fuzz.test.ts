/**
 * The integration file (moengage-aep.json, src/core/handoff) and the results tree's payload splitter
 * (src/core/results/payloadEvents): both read files the user edits by hand. Never an untyped
 * exception, diagnostics inside the document, edits that keep the file readable, and event
 * offsets / AEP pointer ranges (§1.3 `pointerToViolation`) that stay inside the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseIntegrationFile, updateEnvironmentText } from '../../../src/core/handoff/integrationFile';
import { splitPayload, rangeOfPointerInEvent } from '../../../src/core/results/payloadEvents';
import { fuzz, fc, mutatedText, typedOrValue, assertDiagnosticsInside } from './harness';

const profileSeed = fs.readFileSync(path.join(__dirname, '../../../examples/moengage-aep.json'), 'utf8');
const payloadDir = path.join(__dirname, '../../../examples/payloads');
const payloadSeeds = fs.readdirSync(payloadDir).filter((f) => /\.(nd)?json$/.test(f)).map((f) => ({ f, text: fs.readFileSync(path.join(payloadDir, f), 'utf8') }));

test('fuzz: parseIntegrationFile — only diagnostics, all inside the file', () => {
  const withComments = fc.constant(profileSeed.replace('{', '{\n  // edited by hand\n'));
  fuzz('profile.parse', mutatedText(fc.oneof(fc.constant(profileSeed), withComments, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)))), (text) => {
    const r = typedOrValue(() => parseIntegrationFile(text), text);
    if (r) assertDiagnosticsInside(text, r.diagnostics, 'parseIntegrationFile');
  });
});

test('fuzz: updateEnvironmentText keeps the file parseable and the patched values readable', () => {
  const patch = fc.dictionary(fc.constantFrom('endpoint', 'datasetId', 'sandbox', 'schemaId', 'flowId', 'notes'), fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })), { maxKeys: 4 });
  fuzz('profile.update', fc.tuple(fc.constantFrom(profileSeed, '', '{}', '{\r\n  "activeEnvironment": "dev"\r\n}'), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), patch), ([text, env, p]) => {
    const out = typedOrValue(() => updateEnvironmentText(text, env, p), { text, env, p });
    if (out === undefined) return;
    const back = JSON.parse(out.replace(/^\s*\/\/.*$/gm, '')) as { environments: Record<string, Record<string, unknown>> };
    for (const [k, v] of Object.entries(p)) assert.deepEqual(back.environments[env][k], v, `${k} not written as given`);
  }, 150);
});

test('fuzz: splitPayload and rangeOfPointerInEvent stay inside the text for any pointer', () => {
  const pointer = fc.oneof(fc.constantFrom('#/_id', '#/timestamp', '#/event_attributes/campaign_id', '#', '#/events/0', '/identities/email', '#/a~1b/~0c', '#/%25'), fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }).map((s) => `#/${s.join('/')}`));
  const doc = fc.constantFrom(...payloadSeeds);
  fuzz('results.split', fc.tuple(doc, mutatedText(doc.map((d) => d.text)), pointer), ([seed, text, ptr]) => {
    const split = typedOrValue(() => splitPayload(text, seed.f), text);
    if (!split) return;
    for (const e of split.events) {
      assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end, `event ${e.index} at ${e.start}-${e.end} outside ${text.length} chars`);
      const r = typedOrValue(() => rangeOfPointerInEvent(text, e, ptr), { text, ptr });
      if (r) assert.ok(r.start >= 0 && r.end <= text.length && r.start <= r.end, `pointer ${ptr} → ${r.start}-${r.end} outside the text`);
    }
  });
});
