import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fieldReader } from '../../../src/core/dataprep/fieldAccess';
import { resolveFieldPath } from '../../../src/core/dataprep';

describe('fast field readers agree with resolveFieldPath', () => {
  const records: unknown[] = [
    { a: 1, b: { c: 2 }, arr: [{ x: 1 }] },
    { b: null },
    { b: [1, 2] },
    [1, 2, 3],
    null,
    'text',
    42,
    new Map([['a', 'from map']]),
    { b: new Map([['c', 'inner map']]) },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}'),
  ];
  const paths = [['a'], ['b', 'c'], ['missing'], ['b', 'missing'], ['0'], ['constructor'], ['__proto__'], ['toString'], ['arr', '0', 'x'], ['b', 'length'], ['length']];
  test('on odd records: arrays, null, scalars, Maps, prototype keys', () => {
    for (const p of paths) {
      const read = fieldReader(p);
      for (const r of records) assert.deepEqual(read(r), resolveFieldPath(r, p), `${p.join('.')} on ${JSON.stringify(r)}`);
    }
  });
  test('more distinct paths than reader slots still read the right keys', () => {
    const rec: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) rec['k' + i] = { v: i };
    const readers = Array.from({ length: 100 }, (_, i) => [fieldReader(['k' + i]), fieldReader(['k' + i, 'v'])] as const);
    readers.forEach(([one, two], i) => {
      assert.deepEqual(one(rec), { v: i });
      assert.equal(two(rec), i);
    });
  });
});
