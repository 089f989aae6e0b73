import * as fs from 'node:fs';
import { looksLikeNdjsonName } from '../../core/moengage/parse';

/**
 * Above this size a payload is not read whole if it sniffs as NDJSON: V8 strings stop at ~512 M
 * characters and a whole-file send also keeps every event's body, so a day of events could not be
 * replayed at all.
 */
export const STREAM_THRESHOLD_BYTES = 64 * 1024 * 1024;
const SNIFF_BYTES = 256 * 1024;

/**
 * Whether `send` streams this file line by line: `.ndjson`/`.jsonl` always (the same one-event-per-line
 * reading `parsePayload` gives them), any other file only when it is big and its first line is a whole
 * JSON object followed by another line (moengage-streams.md §0: NDJSON exports carry no extension
 * guarantee). Unreadable files answer false: the whole-file path reports them with its usual exit 2.
 */
export function shouldStream(absFile: string, name: string): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(absFile);
  } catch {
    return false;
  }
  if (!st.isFile()) return false;
  if (looksLikeNdjsonName(name)) return true;
  if (st.size <= STREAM_THRESHOLD_BYTES) return false;
  return sniffNdjson(absFile);
}

/** First line a whole JSON object, and more text after it: NDJSON, not one (pretty or minified) document. */
export function sniffNdjson(absFile: string): boolean {
  const buf = Buffer.alloc(SNIFF_BYTES);
  let n = 0;
  const fd = fs.openSync(absFile, 'r');
  try {
    n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  const text = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  const first = text.slice(0, nl).trim();
  if (!first.startsWith('{')) return false;
  try {
    JSON.parse(first);
  } catch {
    return false;
  }
  return /\S/.test(text.slice(nl + 1));
}
