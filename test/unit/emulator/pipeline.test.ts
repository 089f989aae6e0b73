import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { request, getGlobalDispatcher } from 'undici';
import { startEmulator } from '../../../src/emulator';
import { loadPipeline } from '../../../src/emulator/pipeline';

after(() => getGlobalDispatcher().close());

const read = (f: string) => ({ text: fs.readFileSync(f, 'utf8'), fileName: f });

test('raw inlet with the example mapping + schema: a MoEngage event is mapped, validated and stored as XDM (§2.2, §8)', async () => {
  const p = loadPipeline({ schema: read('examples/schema/moengage-events.schema.json'), mapping: read('examples/mapping/moengage-default.mapping.csv') });
  const emu = await startEmulator({ kind: 'raw', transform: p.transform, validate: p.validate });
  try {
    const event = JSON.parse(fs.readFileSync('examples/payloads/email-sent.moe.json', 'utf8'));
    const post = async (body: unknown) => {
      const res = await request(`${emu.url}?syncValidation=true`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-adobe-flow-id': 'f' } });
      return { status: res.statusCode, json: (await res.body.json()) as any };
    };
    const ok = await post(event);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.deepEqual(ok.json.syncValidation, { status: 'pass' });
    const [stored] = emu.dataset() as Record<string, unknown>[];
    assert.equal(stored._id, event.event_uuid);
    assert.equal(stored.timestamp, '2024-11-12T14:20:00Z');
    // Nothing to map: the XDM lacks the ExperienceEvent's required _id and timestamp (§6.3).
    const bad = await post({ unrelated: true });
    assert.equal(bad.status, 400);
    const causes = bad.json.report.cause._streamingValidation[0].causingExceptions as { message: string }[];
    assert.ok(causes.length >= 1 && causes.length <= 5);
    assert.equal(emu.dataset().length, 1);
  } finally {
    await emu.close();
  }
});

test('an unreadable schema is an InputError naming the file, not a crash', () => {
  assert.throws(() => loadPipeline({ schema: { text: '{ nope', fileName: 'bad.schema.json' } }), (e: Error) => e.name === 'InputError' && /bad\.schema\.json/.test(e.message));
});
