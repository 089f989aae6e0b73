import { createHash } from 'node:crypto';
import { FnError, isNull, toStr } from '../values';
import { fn, type FunctionDef } from './types';

/** Java String.getBytes(charset) for the four documented charsets (§5.2 Hashing). */
export function encode(s: string, charset: unknown): Buffer {
  const cs = isNull(charset) ? 'UTF-8' : toStr(charset).toUpperCase().replace(/_/g, '-');
  switch (cs) {
    case 'UTF-8':
    case 'UTF8':
      return Buffer.from(s, 'utf8');
    case 'UTF-16':
    case 'UTF16': {
      // Java's "UTF-16" encoder writes a big-endian byte-order mark first.
      const le = Buffer.from(s, 'utf16le');
      const be = Buffer.alloc(le.length + 2);
      be[0] = 0xfe;
      be[1] = 0xff;
      for (let i = 0; i < le.length; i += 2) {
        be[i + 2] = le[i + 1];
        be[i + 3] = le[i];
      }
      return be;
    }
    case 'ISO-8859-1':
    case 'LATIN1': {
      const b = Buffer.alloc(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        b[i] = c > 0xff ? 0x3f : c; // unmappable → '?', as Java does
      }
      return b;
    }
    case 'US-ASCII':
    case 'ASCII': {
      const b = Buffer.alloc(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        b[i] = c > 0x7f ? 0x3f : c;
      }
      return b;
    }
    default:
      throw new FnError(`unsupported charset "${toStr(charset)}"; use UTF-8, UTF-16, ISO-8859-1 or US-ASCII`, 'dataprep.bad-charset');
  }
}

let crcTable: Uint32Array | undefined;
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function digest(algo: string) {
  return (a: unknown[]): unknown => (isNull(a[0]) ? null : createHash(algo).update(encode(toStr(a[0]), a[1])).digest('hex'));
}

const C = 'Hashing';
const sig = (n: string): string[] => [`${n}(INPUT)`, `${n}(INPUT, CHARSET)`];
export const hashingFunctions: FunctionDef[] = [
  fn('sha1', C, [1, 2], sig('sha1'), 'String', 'SHA-1 of the input bytes in CHARSET (UTF-8 by default), lowercase hex.', digest('sha1')),
  fn('sha256', C, [1, 2], sig('sha256'), 'String', 'SHA-256 of the input bytes in CHARSET (UTF-8 by default), lowercase hex.', digest('sha256')),
  fn('sha512', C, [1, 2], sig('sha512'), 'String', 'SHA-512 of the input bytes in CHARSET (UTF-8 by default), lowercase hex.', digest('sha512')),
  fn('md5', C, [1, 2], sig('md5'), 'String', 'MD5 of the input bytes in CHARSET (UTF-8 by default), lowercase hex.', digest('md5')),
  // Output form is not in the reference: we give Java's Long.toHexString(CRC32.getValue()) [INFERENCE].
  fn('crc32', C, [1, 2], sig('crc32'), 'String', 'CRC-32 of the input bytes in CHARSET, as lowercase hex without leading zeros.', (a) =>
    isNull(a[0]) ? null : crc32(encode(toStr(a[0]), a[1])).toString(16)),
];
