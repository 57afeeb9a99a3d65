// pairwiseSum and pairwiseMean against np.sum / np.mean (NumPy 1.24), bit for bit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures.js';
import { pairwiseMean, pairwiseSum } from './pairwise-sum.js';

const fixture = loadFixture<{ pairwiseSum: { x: number[]; sum: number; mean: number }[] }>('tests_a');

describe('pairwiseSum', () => {
  it('reproduces np.sum and np.mean bit for bit on cancelling data of 1 to 700 values', () => {
    for (const c of fixture.pairwiseSum) {
      expect(pairwiseSum(c.x), `n=${c.x.length}`).toBe(c.sum);
      expect(pairwiseMean(c.x), `n=${c.x.length}`).toBe(c.mean);
    }
  });

  it('sums all-(−0) input to +0, as NumPy 1.24 does (np.sum(np.array([-0.0] * n)) is 0.0 for n = 1, 3, 8, 9, 200)', () => {
    for (const n of [1, 3, 8, 9, 200]) expect(Object.is(pairwiseSum(new Float64Array(n).fill(-0)), 0), `n=${n}`).toBe(true);
  });

  it('sums a sub-range like the whole of its slice, and integers exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 400 }), fc.nat(), fc.nat(), (xs, p, q) => {
        const lo = xs.length === 0 ? 0 : p % xs.length;
        const hi = lo + (xs.length - lo === 0 ? 0 : q % (xs.length - lo + 1));
        expect(pairwiseSum(xs, lo, hi)).toBe(xs.slice(lo, hi).reduce((s, v) => s + v, 0));
      }),
      { numRuns: 100 },
    );
  });
});
