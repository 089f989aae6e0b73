import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { batchBody, EncodedBody, messageText, packBatches, Serializer } from '../../../src/core/aep/batching';

// What goes on the wire and what the exchange log records are the same bytes/characters (§2.1 batch body,
// §3 1 MB limit), whatever the text holds: ASCII, accents, CJK, emoji (surrogate pairs), escapes.
const anyText = fc.string({ unit: 'grapheme', maxLength: 60 });

test('batch body bytes are exactly the UTF-8 of {"messages":[…]} and their count is what packing counted (§3)', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ s: anyText, n: fc.integer() }), { minLength: 1, maxLength: 40 }), (msgs) => {
      const ser = new Serializer();
      const items = msgs.map((m, i) => ser.serialize(i, m));
      const body = EncodedBody.batch(items);
      const text = `{"messages":[${msgs.map((m) => JSON.stringify(m)).join(',')}]}`;
      assert.equal(body.bytes.toString('utf8'), text);
      assert.equal(body.bytes.length, Buffer.byteLength(text));
      assert.equal(body.chars, text.length);
      assert.equal(batchBody(items), text);
      assert.equal(JSON.stringify(JSON.parse(body.bytes.toString('utf8')).messages), JSON.stringify(msgs));
    }),
    { numRuns: 200 },
  );
});

test('the recorded prefix of a body equals the first characters of its text, at any clip length', () => {
  fc.assert(
    fc.property(fc.array(anyText, { minLength: 1, maxLength: 20 }), fc.nat({ max: 1500 }), fc.boolean(), (strs, max, single) => {
      const ser = new Serializer();
      const items = strs.map((s, i) => ser.serialize(i, { s }));
      const body = single ? EncodedBody.single(items[0]) : EncodedBody.batch(items);
      const text = single ? JSON.stringify({ s: strs[0] }) : batchBody(items);
      assert.equal(body.head(max), text.slice(0, max));
      assert.equal(body.head(body.chars), text);
    }),
    { numRuns: 300 },
  );
});

test('messages serialized one after another never overwrite each other (shared encoding buffers)', () => {
  const ser = new Serializer();
  // Enough and large enough to cross several encoding buffers, plus one that gets its own.
  const bodies = Array.from({ length: 3000 }, (_, i) => ({ i, pad: 'é'.repeat(i % 700), emoji: '😀'.repeat(i % 5) }));
  bodies.push({ i: 3000, pad: 'x'.repeat(400_000), emoji: '' });
  const items = bodies.map((b, i) => ser.serialize(i, b));
  items.forEach((m, i) => {
    assert.deepEqual(JSON.parse(messageText(m)), bodies[i]);
    assert.equal(m.bytes, Buffer.byteLength(JSON.stringify(bodies[i])));
  });
  for (const chunk of packBatches(items, 1_000_000, 500)) {
    const body = EncodedBody.batch(chunk);
    assert.ok(body.bytes.length <= 1_000_000 || chunk.length === 1, 'a packed batch stays under the 1 MB limit (§3)');
    assert.deepEqual(JSON.parse(body.bytes.toString('utf8')).messages.map((m: { i: number }) => m.i), chunk.map((m) => m.index));
  }
});

test('a message with no JSON form is refused with a message naming it, not a crash deep in Buffer', () => {
  assert.throws(() => new Serializer().serialize(7, undefined), /message 7 is not JSON-serialisable/);
});
