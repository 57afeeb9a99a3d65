import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';
import { sortFiniteInto, sortedCopy } from './sort.js';

function nativeSorted(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a).sort();
}

describe('sortedCopy', () => {
  it('sorts a large array exactly as the built-in sort, negatives, zeros and infinities included', () => {
    const rng = createRng(7);
    const n = 200_000; // above the radix threshold
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = rng.normal() * 10 ** rng.int(12);
    a[5] = -0;
    a[6] = 0;
    a[7] = Number.POSITIVE_INFINITY;
    a[8] = Number.NEGATIVE_INFINITY;
    a[9] = Number.MIN_VALUE;
    a[10] = -Number.MIN_VALUE;
    a[11] = Number.MAX_VALUE;
    const expected = nativeSorted(a);
    const got = sortedCopy(a);
    expect(got).toEqual(expected);
    // -0 sorts before +0, as in the built-in sort.
    const firstZero = got.indexOf(0);
    expect(Object.is(got[firstZero], -0)).toBe(true);
    expect(Object.is(got[firstZero + 1], 0)).toBe(true);
  });

  it('leaves its input untouched and handles many duplicates (integer-valued data)', () => {
    const rng = createRng(1);
    const a = Array.from({ length: 100_000 }, () => rng.int(5));
    const before = a.slice();
    expect(sortedCopy(a)).toEqual(nativeSorted(a));
    expect(a).toEqual(before);
  });

  it('matches the built-in sort on arbitrary small and large arrays (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 300 }), (a) => {
        expect(sortedCopy(a)).toEqual(nativeSorted(a));
      }),
      { numRuns: 200 },
    );
    // A large input through the radix path, driven by fast-check seeds.
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        const a = Float64Array.from({ length: 70_000 }, () => (rng.next() - 0.5) * 1e6);
        expect(sortedCopy(a)).toEqual(nativeSorted(a));
      }),
      { numRuns: 5 },
    );
  });

  it('orders values that share their high 32 bits by their low bits, positive and negative, short runs and long', () => {
    const rng = createRng(11);
    // 1 + k·2⁻⁵² and −(1 + k·2⁻⁵²) all share a high word per sign: two runs of 20 000, out of order.
    const a = new Float64Array(60_000);
    for (let i = 0; i < 40_000; i++) a[i] = (i % 2 === 0 ? 1 : -1) * (1 + rng.int(1 << 30) * 2 ** -52);
    // Short runs: a few values per high word, and exact duplicates.
    for (let i = 40_000; i < 60_000; i++) a[i] = rng.int(500) + rng.int(4) * 2 ** -40;
    expect(sortedCopy(a)).toEqual(nativeSorted(a));
  });

  it('sortFiniteInto writes the sorted values into the given array, or refuses NaN and infinities', () => {
    const rng = createRng(3);
    for (const n of [50, 100_000]) {
      const a = Float64Array.from({ length: n }, () => rng.normal());
      const before = a.slice();
      const out = new Float64Array(n);
      expect(sortFiniteInto(a, out)).toBe(true);
      expect(out).toEqual(nativeSorted(a));
      expect(a).toEqual(before);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const b = a.slice();
        b[n - 1] = bad;
        expect(sortFiniteInto(b, out)).toBe(false);
      }
    }
    expect(() => sortFiniteInto(new Float64Array(3), new Float64Array(2))).toThrow();
  });
});
