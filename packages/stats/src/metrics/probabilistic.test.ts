import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectMatches, metricCases, worstRelError } from '../../test/metrics-cases.js';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { brierScoreLoss, calibrationCurve, expectedCalibrationError, logLoss } from './probabilistic.js';

const FNS: Record<string, (...a: never[]) => unknown> = { brierScoreLoss, calibrationCurve, expectedCalibrationError, logLoss };

describe('probabilistic metrics against scikit-learn 1.2', () => {
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

describe('probabilistic metrics by hand', () => {
  it('matches hand-computed values', () => {
    // −(ln 0.9 + ln 0.8 + ln 0.65 + ln 0.9) / 4
    expect(logLoss([0, 1, 1, 0], [0.1, 0.8, 0.65, 0.1])).toBeCloseTo(-(2 * Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4, 14);
    expect(brierScoreLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).toBeCloseTo((0.01 + 0.01 + 0.04 + 0.09) / 4, 15);
    // Bins [0, .5] and (.5, 1]: |0 − 0.2| · 2/4 + |1 − 0.8| · 2/4.
    expect(expectedCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.7, 0.9], { nBins: 2 })).toBeCloseTo(0.2, 15);
    expect(expectedCalibrationError([0, 1], [0, 1])).toBe(0);
  });

  it('keeps the calibration curve and ECE inside [0, 1]', () => {
    const data = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(data, fc.integer({ min: 1, max: 12 }), fc.constantFrom('uniform' as const, 'quantile' as const), (a, nBins, strategy) => {
        const y = a.map(([v]) => v);
        const p = a.map(([, v]) => v);
        const { probTrue, probPred } = calibrationCurve(y, p, { nBins, strategy });
        for (const v of [...probTrue, ...probPred]) expect(v >= 0 && v <= 1).toBe(true);
        const ece = expectedCalibrationError(y, p, { nBins, strategy });
        expect(ece >= 0 && ece <= 1).toBe(true);
        const b = brierScoreLoss(y, p, { posLabel: 1 });
        expect(b >= 0 && b <= 1).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('probabilistic metrics reject bad input', () => {
  it('names the argument at fault', () => {
    expect(() => logLoss([0, 1], [0.1, 1.2])).toThrow('yPred[1]');
    expect(() => logLoss([1, 1], [0.1, 0.2])).toThrow(/labels/);
    expect(() => logLoss([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/yPred/);
    expect(() =>
      logLoss(
        [0, 1],
        [
          [0.5, 0.5],
          [0.2, 0.8],
        ],
        { labels: [0, 1, 2] },
      ),
    ).toThrow(/columns/);
    expect(() => logLoss([0, 1, 3], [0.1, 0.2, 0.3], { labels: [0, 1] })).toThrow('yTrue[2]');
    expect(() => logLoss([0, 1], [0.1, Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => brierScoreLoss([0, 1], [0.1, -0.2])).toThrow('yProb[1]');
    expect(() => brierScoreLoss([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/binary/);
    expect(() => brierScoreLoss(['a', 'b'], [0.1, 0.2])).toThrow(/posLabel/);
    expect(() => calibrationCurve([1, 2], [0.1, 0.2])).toThrow(/posLabel/);
    expect(() => calibrationCurve([0, 1], [0.1, 0.2], { nBins: 0 })).toThrow(/nBins/);
    expect(() => calibrationCurve([0, 1], [0.1, 0.2], { strategy: 'kmeans' as never })).toThrow(/strategy/);
    expect(() => expectedCalibrationError([0, 1], [0.1])).toThrow(LengthMismatchError);
    expect(() => expectedCalibrationError([], [])).toThrow(EmptySampleError);
  });
});
