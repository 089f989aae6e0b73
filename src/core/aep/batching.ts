/** `{"messages":[` + `]}` around the comma-joined messages (SPEC `BatchMessage`, §2.1). */
const OPEN = '{"messages":[';
const CLOSE = ']}';
const WRAPPER_BYTES = OPEN.length + CLOSE.length;

export interface SerializedMessage {
  index: number;
  /**
   * The message's JSON as UTF-8 is `buf[start, start + bytes)`: what goes on the wire. A range, not
   * a `subarray`, because a view object per message was measurable garbage at 200,000 messages.
   */
  buf: Buffer;
  start: number;
  /** What the 1 MB limit counts (aep-streaming-and-dataprep.md §3). */
  bytes: number;
  /** Length of the JSON as a JavaScript string (what `maxRecordedBodyChars` counts). */
  chars: number;
}

/** The message's JSON text, decoded again from its bytes (tests, the exchange log's prefix). */
export function messageText(m: SerializedMessage): string {
  return m.buf.toString('utf8', m.start, m.start + m.bytes);
}

/** Encoding arenas: one allocation for many messages. */
const ARENA_BYTES = 1 << 20;
/** Messages whose worst-case UTF-8 size exceeds this get their own buffer instead of a fresh arena. */
const ARENA_MAX_MESSAGE = ARENA_BYTES >> 2;

/**
 * Turns messages into UTF-8 once, when they are pulled. `Buffer.byteLength` on every message cost
 * about as much as half of `JSON.stringify` in the send bench (~5 µs for a 1 KB event), while writing
 * into a buffer with room for the worst case (3 bytes per UTF-16 unit) is ~20× cheaper and yields
 * the byte count as its result. The batch body is then a copy of bytes, never a string to re-encode.
 * Slices keep their arena alive only while a message of it is in flight (a few MB at most).
 */
export class Serializer {
  private arena = Buffer.allocUnsafe(0);
  private off = 0;

  serialize(index: number, body: unknown): SerializedMessage {
    const json = JSON.stringify(body);
    // `undefined` (or a function) has no JSON; it used to throw in Buffer.byteLength, now it says why.
    if (typeof json !== 'string') throw new TypeError(`message ${index} is not JSON-serialisable (${typeof body})`);
    const worst = json.length * 3;
    if (worst > ARENA_MAX_MESSAGE) {
      const own = Buffer.from(json, 'utf8');
      return { index, buf: own, start: 0, bytes: own.length, chars: json.length };
    }
    if (this.off + worst > this.arena.length) {
      this.arena = Buffer.allocUnsafe(ARENA_BYTES);
      this.off = 0;
    }
    const start = this.off;
    const bytes = this.arena.write(json, start, 'utf8');
    this.off += bytes;
    return { index, buf: this.arena, start, bytes, chars: json.length };
  }
}

/** One message on its own (tests, single sends); the client keeps a {@link Serializer} to share arenas. */
export function serialize(index: number, body: unknown): SerializedMessage {
  return new Serializer().serialize(index, body);
}

/** The batch body as text (tests; the exchange log uses {@link EncodedBody.head}). */
export function batchBody(items: readonly SerializedMessage[]): string {
  return `${OPEN}${items.map(messageText).join(',')}${CLOSE}`;
}

export function batchBytes(count: number, payloadBytes: number): number {
  return WRAPPER_BYTES + payloadBytes + Math.max(0, count - 1);
}

/**
 * A request body already encoded for the wire, plus what the exchange log needs: its length in
 * characters and the first characters as text. Joining messages into a string and letting undici
 * encode it cost ~30× more than copying the bytes (the joined string is built, flattened, scanned and
 * copied again); the log keeps a clipped prefix, so `head` decodes only that prefix.
 */
export class EncodedBody {
  private constructor(
    readonly bytes: Buffer,
    readonly chars: number,
    private readonly items: readonly SerializedMessage[],
    private readonly wrapped: boolean,
  ) {}

  /** `{"messages":[…]}` for `/collection/batch/` (§2.1), encoded into one buffer of the size packing computed. */
  static batch(items: readonly SerializedMessage[]): EncodedBody {
    let payload = 0;
    let chars = WRAPPER_BYTES + Math.max(0, items.length - 1);
    for (const m of items) {
      payload += m.bytes;
      chars += m.chars;
    }
    const buf = Buffer.allocUnsafe(batchBytes(items.length, payload));
    // The wrapper is ASCII: one byte per character.
    let off = buf.write(OPEN, 0, 'latin1');
    for (let i = 0; i < items.length; i++) {
      if (i) buf[off++] = 0x2c;
      const m = items[i];
      off += m.buf.copy(buf, off, m.start, m.start + m.bytes);
    }
    buf.write(CLOSE, off, 'latin1');
    return new EncodedBody(buf, chars, items, true);
  }

  /** One message for the single-message endpoint (§1.1): its own bytes, no copy. */
  static single(m: SerializedMessage): EncodedBody {
    return new EncodedBody(m.buf.subarray(m.start, m.start + m.bytes), m.chars, [m], false);
  }

  /** The first `max` characters of the body as text (all of it when shorter). */
  head(max: number): string {
    const parts: string[] = [];
    let len = 0;
    if (this.wrapped) {
      parts.push(OPEN);
      len += OPEN.length;
    }
    for (let i = 0; i < this.items.length && len < max; i++) {
      if (this.wrapped && i) {
        parts.push(',');
        len++;
      }
      const m = this.items[i];
      parts.push(messageText(m));
      len += m.chars;
    }
    if (this.wrapped && len < max) parts.push(CLOSE);
    const s = parts.join('');
    return s.length > max ? s.slice(0, max) : s;
  }
}

/**
 * Greedy packing in order under the request limit (§3). Callers refuse a message that alone
 * exceeds the limit before calling this; such a message would still get its own chunk here.
 */
export function packBatches(items: readonly SerializedMessage[], maxBytes: number, maxCount = Infinity): SerializedMessage[][] {
  const chunks: SerializedMessage[][] = [];
  let cur: SerializedMessage[] = [];
  let curBytes = 0;
  for (const m of items) {
    const next = batchBytes(cur.length + 1, curBytes + m.bytes);
    if (cur.length > 0 && (next > maxBytes || cur.length >= maxCount)) {
      chunks.push(cur);
      cur = [];
      curBytes = 0;
    }
    cur.push(m);
    curBytes += m.bytes;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}
