/** The emulator's seeded PRNG (mulberry32): the same inputs on every machine and run. */
export { seededRandom } from '../../src/emulator/rng';

export function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/** A UUID-shaped string from the PRNG (crypto.randomUUID would make inputs differ between runs). */
export function seededUuid(rnd: () => number): string {
  const h = () => Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0');
  const a = h() + h() + h() + h();
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${a.slice(17, 20)}-${a.slice(20, 32)}`;
}
