import { deflateRawSync } from 'node:zlib';
import { InputError } from '../diagnostics';
import { crc32 } from './crc32';

export interface ZipEntry {
  /** Path inside the archive, "/"-separated. */
  name: string;
  data: Uint8Array | string;
  /** Modification time written as a DOS date/time (local fields, taken from the UTC parts so output is deterministic). */
  mtime?: Date;
}

const UTF8_FLAG = 0x0800; // general purpose bit 11: names are UTF-8 (APPNOTE 4.4.4)
const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY = (3 << 8) | 20; // host 3 = Unix, so external attributes carry file modes
const FILE_MODE = 0o100644;
const FIXED_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/**
 * DOS date/time fields. They have no time zone and 2-second resolution; we fill them from the UTC
 * parts so the same input gives the same bytes on every machine.
 */
export function dosDateTime(d: Date): { time: number; date: number } {
  const year = d.getUTCFullYear();
  if (Number.isNaN(year) || year < 1980) return dosDateTime(FIXED_EPOCH);
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function checkName(name: string): void {
  if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '')) {
    throw new InputError(`ZIP entry name "${name}" must be a relative "/"-separated path without "..".`, 'zip.bad-name');
  }
}

/**
 * Writes a ZIP archive (APPNOTE 6.3.x subset: deflate or stored, no ZIP64, no encryption). Entries
 * keep the given order, so the same entries always produce the same bytes.
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new InputError('A ZIP without ZIP64 holds at most 65535 entries.', 'zip.too-many');
  const seen = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    checkName(e.name);
    if (seen.has(e.name)) throw new InputError(`ZIP entry "${e.name}" appears twice.`, 'zip.duplicate');
    seen.add(e.name);
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    const deflated = deflateRawSync(raw, { level: 9 });
    // Stored when deflate does not help (tiny or already-compressed files), as zip(1) does.
    const method = deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated : raw;
    const crc = crc32(raw);
    const name = Buffer.from(e.name, 'utf8');
    const { time, date } = dosDateTime(e.mtime ?? FIXED_EPOCH);
    if (raw.length > 0xfffffffe || offset + 30 + name.length + body.length > 0xfffffffe) {
      throw new InputError('The bundle is larger than 4 GB, which needs ZIP64; leave out large files.', 'zip.too-large');
    }

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_FLAG, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(UTF8_FLAG, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number start, internal attributes: all 0
    central.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += 30 + name.length + body.length;
  }
  const cdSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
