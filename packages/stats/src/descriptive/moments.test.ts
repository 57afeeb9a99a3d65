import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { kurtosis, mean, skewness, std, variance } from './moments.js';

interface DescCase {
  name: string;
  x: number[];
  mean: number;
  var: number;
  var_ddof1: number;
  std: number;
  skew: number;
  skew_unbiased: number;
  kurtosis: number;
  kurtosis_pearson: number;
  kurtosis_unbiased: number;
}
const fx = loadFixture<{ descriptive: DescCase[] }>('distances');

describe('moments vs NumPy 1.24 / SciPy 1.10', () => {
  for (const c of fx.descriptive) {
    it(c.name, () => {
      expectClose(mean(c.x), c.mean, {}, 'mean');
      // np.var is two-pass; Welford differs by rounding, relative to the spread (not the mean).
      expectClose(variance(c.x), c.var, {}, 'var');
      if (c.x.length > 1) expectClose(variance(c.x, { ddof: 1 }), c.var_ddof1, {}, 'var ddof 1');
      expectClose(std(c.x), c.std, {}, 'std');
      expectClose(skewness(c.x), c.skew, {}, 'skew');
      expectClose(skewness(c.x, { bias: false }), c.skew_unbiased, {}, 'skew unbiased');
      expectClose(kurtosis(c.x), c.kurtosis, {}, 'kurtosis');
      expectClose(kurtosis(c.x, { fisher: false }), c.kurtosis_pearson, {}, 'kurtosis pearson');
      expectClose(kurtosis(c.x, { bias: false }), c.kurtosis_unbiased, {}, 'kurtosis unbiased');
    });
  }

  it('scipy.stats.skew docstring values', () => {
    expect(skewness([1, 2, 3, 4, 5])).toBe(0);
    expectClose(skewness([2, 8, 0, 4, 1, 9, 9, 0]), 0.2650554122698573);
  });

  it('variance is shift-invariant and non-negative (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (x, s) => {
          const v = variance(x);
          expect(v).toBeGreaterThanOrEqual(0);
          expectClose(variance(x.map((t) => t + s)), v, { rel: 1e-6, abs: 1e-6 });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => mean([])).toThrow(EmptySampleError);
    expect(() => mean([1, Number.NaN])).toThrow(/x\[1\]/);
    expect(() => variance([1], { ddof: 1 })).toThrow(EmptySampleError);
    expect(() => variance([1, 2], { ddof: -1 })).toThrow(/options\.ddof/);
    expect(() => skewness([1, 2], { biased: true } as never)).toThrow(InvalidArgumentError);
  });

  it('reads a Float64Array in place with the same answers and errors as an array', () => {
    const x = [0.5, 2.25, -1, 7, 3.125];
    for (const ddof of [0, 1]) expect(variance(Float64Array.from(x), { ddof })).toBe(variance(x, { ddof }));
    expect(() => variance(Float64Array.from([1, 2, Number.NaN, 4]))).toThrow(/x\[2\]/);
    expect(() => std(Float64Array.from([Number.NaN]), { ddof: 1 })).toThrow(/x\[0\]/);
    expect(() => variance(new Float64Array(1), { ddof: 1 })).toThrow(EmptySampleError);
    // ±Infinity follows IEEE arithmetic, as for arrays.
    expect(variance(Float64Array.from([1, Number.POSITIVE_INFINITY]))).toBeNaN();
    expect(variance([1, Number.POSITIVE_INFINITY])).toBeNaN();
  });
});
