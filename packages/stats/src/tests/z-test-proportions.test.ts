import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { zTestProportions } from './z-test-proportions.js';
import type { ProportionsAlternative } from './z-test-proportions.js';

interface ZCase {
  count: [number, number];
  nobs: [number, number];
  alternative: ProportionsAlternative;
  statistic: number;
  pvalue: number;
}

const fixture = loadFixture<{ zTestProportions: ZCase[] }>('tests_a');

describe('zTestProportions', () => {
  it('matches the statsmodels proportions_ztest formulas (pooled, value = 0)', () => {
    expect(fixture.zTestProportions.length).toBeGreaterThan(150);
    for (const c of fixture.zTestProportions) {
      const r = zTestProportions(c.count, c.nobs, { alternative: c.alternative });
      const label = `${c.count} / ${c.nobs} ${c.alternative}`;
      expectClose(r.statistic, c.statistic, {}, `${label} statistic`);
      expectClose(r.pvalue, c.pvalue, {}, `${label} pvalue`);
    }
  });

  it('returns (0, 1) when both samples are constant and equal, as Evidently does', () => {
    expect(zTestProportions([0, 0], [10, 20])).toEqual({ statistic: 0, pvalue: 1 });
    expect(zTestProportions([10, 20], [10, 20])).toEqual({ statistic: 0, pvalue: 1 });
  });

  it('keeps tiny two-sided p-values that 2·(1 − cdf) would round to 0', () => {
    const r = zTestProportions([900, 100], [1000, 1000]);
    expect(r.pvalue).toBeGreaterThan(0);
    expect(r.pvalue).toBeLessThan(1e-100);
  });

  it('keeps p in [0, 1], is antisymmetric in the samples, and splits two-sided p into the one-sided ones', () => {
    const n = fc.integer({ min: 1, max: 5000 });
    fc.assert(
      fc.property(n, n, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n1, n2, f1, f2) => {
        const c1 = Math.floor(f1 * n1);
        const c2 = Math.floor(f2 * n2);
        const r = zTestProportions([c1, c2], [n1, n2]);
        const s = zTestProportions([c2, c1], [n2, n1]);
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
        expect(s.statistic).toBeCloseTo(-r.statistic, 9);
        const less = zTestProportions([c1, c2], [n1, n2], { alternative: 'less' }).pvalue;
        const greater = zTestProportions([c1, c2], [n1, n2], { alternative: 'greater' }).pvalue;
        if (r.statistic !== 0) expectClose(2 * Math.min(less, greater), r.pvalue, { rel: 1e-12 });
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() => zTestProportions([1, 2], [0, 5])).toThrow(/nobs\[0\]/);
    expect(() => zTestProportions([6, 2], [5, 5])).toThrow(/count\[0\]/);
    expect(() => zTestProportions([-1, 2], [5, 5])).toThrow(InvalidArgumentError);
    expect(() => zTestProportions([1, 2, 3], [5, 5, 5])).toThrow(/count/);
    expect(() => zTestProportions([1, Number.NaN], [5, 5])).toThrow(/count\[1\]/);
    expect(() => zTestProportions([1, 2], [5, 5], { alternative: 'larger' as ProportionsAlternative })).toThrow(/options\.alternative/);
  });
});
