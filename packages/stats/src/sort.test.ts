import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';
import { sortedCopy } from './sort.js';

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
});
