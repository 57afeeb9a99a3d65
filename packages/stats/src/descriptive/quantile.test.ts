import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { median, quantile } from './quantile.js';
import type { QuantileMethod } from './quantile.js';

interface DescCase {
  name: string;
  x: number[];
  q: number[];
  quantiles: Record<string, number[]>;
  nearestRank: number[];
  median: number;
}
const fx = loadFixture<{ descriptive: DescCase[] }>('distances');

describe('quantile vs numpy.quantile (1.24), all methods', () => {
  for (const c of fx.descriptive) {
    it(c.name, () => {
      for (const [method, expected] of Object.entries(c.quantiles)) {
        const got = quantile(c.x, c.q, { method: method as QuantileMethod });
        for (let i = 0; i < expected.length; i++) expectClose(got[i]!, expected[i]!, {}, `${method} q=${c.q[i]}`);
        expectClose(quantile(c.x, c.q[3]!, { method: method as QuantileMethod }), expected[3]!, {}, `${method} scalar`);
      }
      const nr = quantile(c.x, c.q, { method: 'nearest-rank' });
      expect(Array.from(nr)).toEqual(c.nearestRank);
      expectClose(median(c.x), c.median, {}, 'median');
    });
  }

  it("nearest-rank is the guide's P_k = x(ceil(k n / 100))", () => {
    const x = [15, 20, 35, 40, 50];
    expect(quantile(x, 0.05, { method: 'nearest-rank' })).toBe(15);
    expect(quantile(x, 0.3, { method: 'nearest-rank' })).toBe(20);
    expect(quantile(x, 0.4, { method: 'nearest-rank' })).toBe(20);
    expect(quantile(x, 0.5, { method: 'nearest-rank' })).toBe(35);
    expect(quantile(x, 1, { method: 'nearest-rank' })).toBe(50);
  });

  it('is monotone in q and within [min, max] for every method (property)', () => {
    const methods = ['linear', 'lower', 'higher', 'nearest', 'midpoint', 'hazen', 'weibull', 'median_unbiased', 'inverted_cdf', 'nearest-rank'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          for (const method of methods) {
            const ql = quantile(x, lo, { method });
            const qh = quantile(x, hi, { method });
            expect(ql).toBeLessThanOrEqual(qh);
            expect(ql).toBeGreaterThanOrEqual(Math.min(...x));
            expect(qh).toBeLessThanOrEqual(Math.max(...x));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => quantile([], 0.5)).toThrow(EmptySampleError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/x\[1\]/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/^q/);
    expect(() => quantile([1, 2], [0.5, -0.1])).toThrow(/q\[1\]/);
    expect(() => quantile([1, 2], 0.5, { method: 'cubic' as QuantileMethod })).toThrow(InvalidArgumentError);
    expect(() => median([Number.NaN])).toThrow(/x\[0\]/);
  });
});
