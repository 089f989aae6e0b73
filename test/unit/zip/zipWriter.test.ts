import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeZip, dosDateTime } from '../../../src/core/zip/zipWriter';
import { crc32 } from '../../../src/core/zip/crc32';
import { InputError } from '../../../src/core/diagnostics';

function tmpZip(buf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-zip-'));
  const file = path.join(dir, 'out.zip');
  fs.writeFileSync(file, buf);
  return file;
}

test('crc32 matches the well-known check value of "123456789"', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test('the real unzip -t accepts the archive and unzip -p returns every file byte for byte', () => {
  const big = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ i, v: `value ${i}` })) });
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff));
  const entries = [
    { name: 'HANDOFF.md', data: '# Handoff\n' },
    { name: 'data/big.json', data: big },
    { name: 'data/binary.bin', data: binary },
    { name: 'empty.txt', data: '' },
    { name: 'ünïcødé/名前.txt', data: 'utf-8 names' },
  ];
  const file = tmpZip(writeZip(entries));
  const t = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
  assert.match(t, /No errors detected/);
  assert.equal(execFileSync('unzip', ['-p', file, 'data/big.json'], { encoding: 'utf8' }), big);
  assert.deepEqual(execFileSync('unzip', ['-p', file, 'data/binary.bin']), binary);
  assert.equal(execFileSync('unzip', ['-p', file, 'HANDOFF.md'], { encoding: 'utf8' }), '# Handoff\n');
  // UTF-8 flag: unzip lists the name as written, not as CP437 mojibake.
  const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.deepEqual(list, entries.map((e) => e.name));
});

test('compressible entries are deflated, incompressible ones stored, and both round-trip', () => {
  const text = 'a'.repeat(10_000);
  const zip = writeZip([{ name: 'a.txt', data: text }]);
  assert.ok(zip.length < 1000, `expected deflate to shrink 10 kB of "a", got ${zip.length} bytes`);
  assert.equal(zip.readUInt16LE(8), 8);
  const noise = randomBytes(4096); // incompressible, like an already-compressed file
  const stored = writeZip([{ name: 'n.bin', data: noise }]);
  assert.equal(stored.readUInt16LE(8), 0);
  assert.deepEqual(execFileSync('unzip', ['-p', tmpZip(stored), 'n.bin']), noise);
});

test('the same entries and times give identical bytes; the DOS time is what unzip shows', () => {
  const mtime = new Date('2024-11-12T14:20:50Z');
  const a = writeZip([{ name: 'x.txt', data: 'x', mtime }]);
  const b = writeZip([{ name: 'x.txt', data: 'x', mtime }]);
  assert.ok(a.equals(b));
  const listing = execFileSync('unzip', ['-l', tmpZip(a)], { encoding: 'utf8' });
  assert.match(listing, /2024-11-12 14:20|11-12-2024 14:20/);
  assert.deepEqual(dosDateTime(new Date('1970-01-01T00:00:00Z')), dosDateTime(new Date('1980-01-01T00:00:00Z')));
});

test('unsafe or duplicate entry names are refused with an InputError, not written', () => {
  for (const name of ['../evil', '/abs', 'a\\b', 'a//b', '']) {
    assert.throws(() => writeZip([{ name, data: 'x' }]), InputError, name);
  }
  assert.throws(() => writeZip([{ name: 'a', data: '1' }, { name: 'a', data: '2' }]), /appears twice/);
});
