import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectMatches, metricCases, worstRelError } from '../../test/metrics-cases.js';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import {
  explainedVarianceScore,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanError,
  meanSquaredError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';

const FNS: Record<string, (...a: never[]) => unknown> = {
  explainedVarianceScore,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanError,
  meanSquaredError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
};

describe('regression metrics against scikit-learn 1.2', () => {
  const cases = metricCases(...Object.keys(FNS));
  it('has cases for every function', () => {
    for (const fn of Object.keys(FNS))
      expect(
        cases.some((c) => c.fn === fn),
        fn,
      ).toBe(true);
  });
  it.each(cases.map((c, i) => [i, c.fn, c.note, c] as const))('#%i %s (%s)', (_i, fn, _note, c) => {
    const f = FNS[fn] as (...a: unknown[]) => unknown;
    const got = f(...c.args);
    expectMatches(got, c.expected, {}, fn);
    expect(worstRelError(got, c.expected)).toBeLessThan(1e-9);
  });
});

describe('regression metrics by hand', () => {
  it('matches the sklearn docs and the edge cases of 1.2', () => {
    expect(meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.375);
    expect(meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.5);
    expect(medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.5);
    expect(maxError([3, 2, 7, 1], [4, 2, 7, 1])).toBe(1);
    expect(meanError([1, 2], [2, 4])).toBe(1.5);
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [1, 2, 3])).toBe(0);
    expect(r2Score([2, 2, 2], [1, 2, 3], { forceFinite: false })).toBe(Number.NEGATIVE_INFINITY);
    expect(r2Score([1], [1])).toBeNaN();
    expect(meanAbsolutePercentageError([0, 1], [1, 1])).toBeCloseTo(1 / 2.220446049250313e-16 / 2, 0);
  });

  it('keeps MSE ≥ MAE², RMSE = √MSE, r2 ≤ 1 and explained variance ≥ r2', () => {
    const pairs = fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })), {
      minLength: 2,
      maxLength: 40,
    });
    fc.assert(
      fc.property(pairs, (a) => {
        const t = a.map(([x]) => x);
        const p = a.map(([, y]) => y);
        const mse = meanSquaredError(t, p);
        const mae = meanAbsoluteError(t, p);
        expect(mse).toBeGreaterThanOrEqual(mae * mae * (1 - 1e-12));
        expect(rootMeanSquaredError(t, p)).toBeCloseTo(Math.sqrt(mse), 9);
        expect(r2Score(t, p)).toBeLessThanOrEqual(1);
        // Var(y − ŷ) ≤ mean((y − ŷ)²) makes EV ≥ r2 exactly, but the two divide different roundings
        // (averages vs sums), so allow a relative slack: for a nearly constant yTrue both are huge.
        // yTrue = [0, 0, 0, -1.1459023576751873e-152, 0, 0, 0], yPred = [99.99999663341985, 0, 0,
        // -99.9999999925078, 0, 0, 0] gives EV = -1.7769759282141752e+308 < r2 = -1.776975928214175e+308,
        // exactly as scikit-learn 1.2.1's explained_variance_score and r2_score do.
        const r2 = r2Score(t, p);
        expect(explainedVarianceScore(t, p)).toBeGreaterThanOrEqual(r2 - 1e-9 * Math.max(1, Math.abs(r2)));
        expect(maxError(t, p)).toBeGreaterThanOrEqual(medianAbsoluteError(t, p));
      }),
      { numRuns: 60 },
    );
  });
});

describe('regression metrics reject bad input', () => {
  it('names the argument at fault', () => {
    expect(() => meanSquaredError([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => meanSquaredError([], [])).toThrow(EmptySampleError);
    expect(() => meanSquaredError([1, Number.NaN], [1, 2])).toThrow('yTrue[1]');
    expect(() => meanAbsoluteError([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow('yPred[1]');
    expect(() => r2Score([1, 2], [1, 2], { sampleWeight: [1, Number.NaN] })).toThrow('sampleWeight[1]');
    expect(() => r2Score([1, 2], [1, 2], { sampleWeight: [0, 0] })).toThrow(/sampleWeight/);
    expect(() => meanSquaredError([1, 2], [1, 2], { squared: 'no' as never })).toThrow(/squared/);
    expect(() => meanSquaredError([1, 2], [1, 2], { sqared: true } as never)).toThrow(InvalidArgumentError);
  });
});
