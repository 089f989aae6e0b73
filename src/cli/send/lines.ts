import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a file, read on demand through ONE reused buffer. `readline` over a file stream was the
 * first choice, but (1) each stream chunk is a fresh ArrayBuffer — a gigabyte of short-lived external
 * memory that only a full GC returns — and (2) readline also breaks lines at a lone `\r`, where
 * `parsePayload` (whose event numbers the resume keys use) breaks only at `\n`. Splitting here is at `\n`
 * only; the caller trims `\r` like `parsePayload` does. Nothing is read until a line is asked for, so
 * reading never runs ahead of the consumer by more than one chunk.
 */
export async function* fileLines(abs: string, chunkBytes: number, progress?: { bytesRead: number }): AsyncGenerator<string> {
  const fh = await fs.promises.open(abs, 'r');
  const buf = Buffer.allocUnsafe(chunkBytes);
  const decoder = new StringDecoder('utf8');
  // Pieces of a line that spans chunks, joined once the line ends (a long line is not re-flattened per chunk).
  let head: string[] = [];
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      if (progress) progress.bytesRead += bytesRead;
      const text = decoder.write(buf.subarray(0, bytesRead));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (head.length) {
          head.push(text.slice(start, nl));
          const line = head.join('');
          head = [];
          yield line;
        } else yield text.slice(start, nl);
        start = nl + 1;
      }
      if (start < text.length) head.push(text.slice(start));
    }
    head.push(decoder.end());
    const last = head.join('');
    if (last.length) yield last;
  } finally {
    await fh.close();
  }
}
