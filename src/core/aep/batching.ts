/** `{"messages":[` + `]}` around the comma-joined messages (SPEC `BatchMessage`, §2.1). */
const WRAPPER_BYTES = Buffer.byteLength('{"messages":[]}');

export interface SerializedMessage {
  index: number;
  json: string;
  bytes: number;
}

export function serialize(index: number, body: unknown): SerializedMessage {
  const json = JSON.stringify(body);
  return { index, json, bytes: Buffer.byteLength(json) };
}

export function batchBody(items: readonly SerializedMessage[]): string {
  return `{"messages":[${items.map((m) => m.json).join(',')}]}`;
}

export function batchBytes(count: number, payloadBytes: number): number {
  return WRAPPER_BYTES + payloadBytes + Math.max(0, count - 1);
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
