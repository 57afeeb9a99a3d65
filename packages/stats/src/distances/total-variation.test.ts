import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { totalVariationDistance } from './total-variation.js';

interface VectorCase {
  name: string;
  p: number[];
  q: number[];
  tvd: number;
}
const fx = loadFixture<{ vectorDistances: VectorCase[] }>('distances');

describe('totalVariationDistance', () => {
  for (const c of fx.vectorDistances) {
    it(`${c.name} matches 0.5 * sum |p - q| (NumPy)`, () => {
      expectClose(totalVariationDistance(c.p, c.q), c.tvd);
    });
  }

  it('is 1 for disjoint support and bounded by [0, 1] (property)', () => {
    expect(totalVariationDistance([3, 0], [0, 5])).toBe(1);
    const counts = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(counts, counts, (p, q) => {
        const k = Math.min(p.length, q.length);
        const a = p.slice(0, k);
        const b = q.slice(0, k);
        a[0] = a[0]! + 1;
        b[0] = b[0]! + 1;
        const t = totalVariationDistance(a, b);
        expect(t).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThanOrEqual(1 + 1e-15);
        expectClose(totalVariationDistance(b, a), t, { rel: 1e-12, abs: 1e-15 });
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input', () => {
    expect(() => totalVariationDistance([0, 0], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => totalVariationDistance([1, 1], [1, Infinity])).toThrow(/q\[1\]/);
  });
});
