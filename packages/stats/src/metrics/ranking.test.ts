import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectMatches, metricCases, worstRelError } from '../../test/metrics-cases.js';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { dcgScore, hitRateAtK, meanAveragePrecisionAtK, meanReciprocalRank, ndcgScore, precisionAtK, recallAtK } from './ranking.js';

const FNS: Record<string, (...a: never[]) => unknown> = {
  dcgScore,
  hitRateAtK,
  meanAveragePrecisionAtK,
  meanReciprocalRank,
  ndcgScore,
  precisionAtK,
  recallAtK,
};

describe('ranking metrics against scikit-learn 1.2 and the reference formulas', () => {
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

describe('ranking metrics by hand', () => {
  it('matches hand-computed values', () => {
    // Gains 3, 1 ranked first and second: 3/log2(2) + 1/log2(3).
    expect(dcgScore([[1, 3]], [[0.2, 0.9]])).toBeCloseTo(3 + 1 / Math.log2(3), 14);
    // Tied scores share the mean gain 2 over both positions.
    expect(dcgScore([[1, 3]], [[0.5, 0.5]])).toBeCloseTo(2 + 2 / Math.log2(3), 14);
    // AP@3 for hits at ranks 1 and 3 of 2 relevant: (1/1 + 2/3) / 2.
    expect(meanAveragePrecisionAtK([['a', 'b']], [['a', 'x', 'b']], { k: 3 })).toBeCloseTo(5 / 6, 15);
    expect(meanReciprocalRank([[2], [9]], [[1, 2], [9]])).toBe(0.75);
    expect(hitRateAtK([[2], [9]], [[1, 2], [8]], { k: 1 })).toBe(0);
    expect(precisionAtK([[1, 2]], [[1, 1, 2]], { k: 3 })).toBeCloseTo(2 / 3, 15);
    expect(recallAtK([[1, 2, 3, 4]], [[1, 2]], { k: 2 })).toBe(0.5);
  });

  it('keeps NDCG and the @k metrics in [0, 1]; a perfect ranking has NDCG 1', () => {
    const grid = fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(grid, grid, (t, s) => {
        const n = Math.min(t.length, s.length);
        const tt = t.slice(0, n);
        const ss = s.slice(0, n);
        const v = ndcgScore(tt, ss);
        expect(v >= 0 && v <= 1 + 1e-12).toBe(true);
        const perfect = ndcgScore(
          tt,
          tt.map((r) => r.map((x, j) => x + j * 1e-3)),
        );
        const allZero = tt.every((r) => r.every((x) => x === 0));
        if (!allZero) expect(perfect).toBeGreaterThan(0);
        const rel = tt.map((r) => r.flatMap((x, j) => (x > 0 ? [j] : [])));
        const ranked = ss.map((r) => r.map((_x, j) => j));
        for (const f of [meanAveragePrecisionAtK, meanReciprocalRank, hitRateAtK, precisionAtK, recallAtK]) {
          const m = f(rel, ranked, { k: 3 });
          expect(m >= 0 && m <= 1).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('ranking metrics reject bad input', () => {
  it('names the argument at fault', () => {
    expect(() => ndcgScore([[1, 2]], [[1, 2, 3]])).toThrow(/yScore/);
    expect(() => ndcgScore([[1]], [[1]])).toThrow(/yTrue/);
    expect(() => ndcgScore([], [])).toThrow(EmptySampleError);
    expect(() => ndcgScore([[1, Number.NaN]], [[1, 2]])).toThrow('yTrue[0][1]');
    expect(() => ndcgScore([[1, 2]], [[1, 2]], { k: 0 })).toThrow(/k/);
    expect(() => dcgScore([[1, 2]], [[1, 2]], { logBase: 1 })).toThrow(/logBase/);
    expect(() => meanAveragePrecisionAtK([[1]], [[1], [2]])).toThrow(LengthMismatchError);
    expect(() => meanAveragePrecisionAtK([[1]], [[1]], { k: 1.5 })).toThrow(/k/);
    expect(() => precisionAtK([[1]], [[Number.NaN]])).toThrow('ranked[0][0]');
    expect(() => recallAtK([], [])).toThrow(EmptySampleError);
    expect(() => hitRateAtK([1] as never, [[1]])).toThrow(InvalidArgumentError);
  });
});
