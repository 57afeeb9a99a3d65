// lowerBound and upperBound against NumPy's searchsorted, on whole arrays and sub-ranges.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, upperBound } from './search-sorted.js';

describe('lowerBound / upperBound', () => {
  it('find bounds like numpy searchsorted', () => {
    const s = [1, 2, 2, 2, 3];
    expect(lowerBound(s, 2)).toBe(1);
    expect(upperBound(s, 2)).toBe(4);
    expect(lowerBound(s, 0)).toBe(0);
    expect(upperBound(s, 9)).toBe(5);
  });

  it('agree with a linear scan on any sub-range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), fc.integer({ min: -6, max: 6 }), fc.nat(), fc.nat(), (xs, v, p, q) => {
        const s = [...xs].sort((a, b) => a - b);
        const from = s.length === 0 ? 0 : p % (s.length + 1);
        const to = from + (q % (s.length - from + 1));
        let lo = from;
        while (lo < to && (s[lo] as number) < v) lo++;
        let hi = from;
        while (hi < to && (s[hi] as number) <= v) hi++;
        expect(lowerBound(s, v, from, to)).toBe(lo);
        expect(upperBound(s, v, from, to)).toBe(hi);
      }),
      { numRuns: 200 },
    );
  });
});
