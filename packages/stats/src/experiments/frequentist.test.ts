import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose } from '../../test/fixtures.js';
import { ESTIMATE, expectFrequentist, expectRounded, fixture } from '../../test/experiments-fixture.js';
import { frequentistVariance } from './effect-moments.js';
import { experimentTest, sequentialRho } from './frequentist.js';
import type { ExperimentTestResult } from './frequentist.js';

// gbstats tests/frequentist/test_tests.py: A and B of TestTwoSidedTTest.
const A = { sum: 1396.87, sumSquares: 52377.9767, n: 3407 };
const B = { sum: 2422.7, sumSquares: 134698.29, n: 3461 };

function expectGb(r: ExperimentTestResult, e: { expected: number; se: number; ci: [number, number]; pValue: number }): void {
  expect(r.error).toBeNull();
  expectRounded(r.expected, e.expected, 'expected');
  expectRounded(r.se, e.se, 'se');
  expectRounded(r.ci[0], e.ci[0], 'ci[0]');
  expectRounded(r.ci[1], e.ci[1], 'ci[1]');
  expectRounded(r.pValue, e.pValue, 'pValue');
}

describe('experimentTest: GrowthBook known answers (gbstats tests/frequentist/test_tests.py)', () => {
  it('TwoSidedTTest, relative: 0.70732, SE 0.37879, CI (−0.03526, 1.44989), p 0.06191, ν ≈ 5841.7', () => {
    const r = experimentTest(A, B);
    expectGb(r, { expected: 0.70732, se: 0.37879, ci: [-0.03526, 1.44989], pValue: 0.06191 });
    expect(r.dof).toBeCloseTo(5841.7, 1);
  });

  it('TwoSidedTTest, absolute: 0.29, SE 0.12478, CI (0.04538, 0.53462), p 0.02016', () => {
    expectGb(experimentTest(A, B, { difference: 'absolute' }), { expected: 0.29, se: 0.12478, ci: [0.04538, 0.53462], pValue: 0.02016 });
  });

  it('TwoSidedTTest, binomial 14/28 vs 16/30: 0.06667, SE 0.2717, CI (−0.47767, 0.61101), p 0.80707', () => {
    expectGb(experimentTest({ sum: 14, n: 28 }, { sum: 16, n: 30 }), { expected: 0.06667, se: 0.2717, ci: [-0.47767, 0.61101], pValue: 0.80707 });
  });

  it('SequentialTwoSidedTTest, N* = 1000, control n = 3000: 0.50336, SE 0.33341, CI (−0.55844, 1.56516), p 1', () => {
    const r = experimentTest({ ...A, n: 3000 }, B, { sequential: { tuning: 1000 } });
    expectGb(r, { expected: 0.50336, se: 0.33341, ci: [-0.55844, 1.56516], pValue: 1 });
  });

  it('SequentialTwoSidedTTest, proportions 1396/3000 vs 2422/3461, default N*: 0.50386, SE 0.03386, CI (0.40098, 0.60675), p 0', () => {
    const r = experimentTest({ sum: 1396, n: 3000 }, { sum: 2422, n: 3461 }, { sequential: {} });
    expectGb(r, { expected: 0.50386, se: 0.03386, ci: [0.40098, 0.60675], pValue: 0 });
  });

  it('missing variance: control n = 2 (negative variance) or 1 gives the default output (test_two_sided_ttest_missing_variance)', () => {
    for (const n of [2, 1]) {
      const r = experimentTest({ sum: 1396.87, sumSquares: 52377.9767, n }, B);
      expect(r).toEqual({ expected: 0, se: 0, ci: [0, 0], pValue: 1, dof: 0, error: 'ZERO_NEGATIVE_VARIANCE' });
    }
  });
});

describe('frequentistVariance: GrowthBook packages/shared/test/power.test.ts', () => {
  it('absolute 0.53333 and relative 0.00589 for (2, 7, 4, 0.5, 5, 15)', () => {
    expectRounded(frequentistVariance(2, 7, 4, 0.5, 5, 15, false), 0.53333);
    expectRounded(frequentistVariance(2, 7, 4, 0.5, 5, 15, true), 0.00589);
  });
});

describe('experimentTest: SciPy reference (fixtures/gen_experiments.py)', () => {
  it(`matches ${fixture.experimentTest.length} seeded experiments: mean, proportion and quantile, relative and absolute, fixed and sequential`, () => {
    const kinds = new Set<string>();
    fixture.experimentTest.forEach((c, i) => {
      const r = experimentTest(c.control, c.treatment, c.options);
      expectFrequentist(r, c.expected, `case ${i}`);
      const o = c.options as { difference: string; sequential?: unknown };
      const arm = c.control as object;
      kinds.add(`${'nu' in arm ? 'quantile' : 'sumSquares' in arm ? 'mean' : 'proportion'}/${o.difference}/${o.sequential ? 'seq' : 'fixed'}`);
    });
    // mean and proportion × relative and absolute × fixed and sequential, and quantiles (fixed only).
    expect(kinds.size).toBe(10);
  });
});

describe('experimentTest: properties', () => {
  it('defaults to relative, alpha 0.05 and no sequential testing', () => {
    expect(experimentTest(A, B)).toEqual(experimentTest(A, B, { difference: 'relative', alpha: 0.05 }));
  });

  it('the interval is wider at smaller alpha and contains 0 exactly when p ≥ alpha', () => {
    for (const alpha of [0.01, 0.02, 0.05, 0.1, 0.2]) {
      const r = experimentTest(A, B, { alpha });
      expect(r.ci[0] < 0).toBe(r.pValue >= alpha);
    }
    const narrow = experimentTest(A, B, { alpha: 0.1 });
    const wide = experimentTest(A, B, { alpha: 0.01 });
    expect(wide.ci[1] - wide.ci[0]).toBeGreaterThan(narrow.ci[1] - narrow.ci[0]);
  });

  it('the sequential interval is wider than the fixed one and its p-value larger', () => {
    const fixed = experimentTest(A, B, { difference: 'absolute' });
    const seq = experimentTest(A, B, { difference: 'absolute', sequential: { tuning: 6868 } });
    expect(seq.ci[1] - seq.ci[0]).toBeGreaterThan(fixed.ci[1] - fixed.ci[0]);
    expect(seq.pValue).toBeGreaterThan(fixed.pValue);
    expect(seq.expected).toBe(fixed.expected);
    expect(seq.se).toBe(fixed.se);
  });

  it('a huge sequential statistic gives p = 0 without overflow, and p is never above 1', () => {
    const r = experimentTest({ sum: 100000, n: 1000000 }, { sum: 500000, n: 1000000 }, { difference: 'absolute', sequential: {} });
    expect(r.pValue).toBe(0);
    const null_ = experimentTest({ sum: 500, n: 1000 }, { sum: 500, n: 1000 }, { sequential: {} });
    expect(null_.pValue).toBe(1);
  });

  it('ρ follows eq. 161: ρ²·N* = −2 ln α + ln(1 − 2 ln α)', () => {
    const rho = sequentialRho(0.05, 5000);
    expectClose(rho * rho * 5000, -2 * Math.log(0.05) + Math.log(1 - 2 * Math.log(0.05)), ESTIMATE);
  });

  it('swapping the arms negates the absolute effect and keeps p', () => {
    const ab = experimentTest(A, B, { difference: 'absolute' });
    const ba = experimentTest(B, A, { difference: 'absolute' });
    expectClose(ba.expected, -ab.expected);
    expectClose(ba.pValue, ab.pValue);
  });

  it('gives the default output with BASELINE_ZERO for a control mean of 0, even for an absolute difference (as gbstats)', () => {
    const r = experimentTest({ n: 10, sum: 0, sumSquares: 4 }, { n: 10, sum: 3, sumSquares: 5 }, { difference: 'absolute' });
    expect(r.error).toBe('BASELINE_ZERO');
    expect(r.pValue).toBe(1);
  });

  it('gives ZERO_NEGATIVE_VARIANCE for a proportion of 0 or 1 and for empty arms', () => {
    expect(experimentTest({ n: 50, sum: 0 }, { n: 50, sum: 5 }).error).toBe('ZERO_NEGATIVE_VARIANCE');
    expect(experimentTest({ n: 50, sum: 10 }, { n: 50, sum: 50 }).error).toBe('ZERO_NEGATIVE_VARIANCE');
    expect(experimentTest({ n: 0, sum: 0 }, { n: 0, sum: 0 }).error).toBe('ZERO_NEGATIVE_VARIANCE');
  });
});

describe('experimentTest: bad input names the field', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['negative n', () => experimentTest({ n: -1, sum: 0 }, B), /control\.n/],
    ['fractional n', () => experimentTest(A, { ...B, n: 2.5 }), /treatment\.n/],
    ['NaN sum', () => experimentTest({ ...A, sum: Number.NaN }, B), /control\.sum/],
    ['conversions above n', () => experimentTest({ n: 10, sum: 11 }, { n: 10, sum: 3 }), /control\.sum/],
    ['negative sum of squares', () => experimentTest(A, { ...B, sumSquares: -1 }), /treatment\.sumSquares/],
    ['mixed kinds', () => experimentTest(A, { n: 10, sum: 3 }), /treatment/],
    ['unknown difference', () => experimentTest(A, B, { difference: 'ratio' as never }), /options\.difference/],
    ['alpha out of range', () => experimentTest(A, B, { alpha: 1 }), /options\.alpha/],
    ['bad tuning', () => experimentTest(A, B, { sequential: { tuning: 0 } }), /options\.sequential\.tuning/],
    ['unknown option', () => experimentTest(A, B, { alternative: 'less' } as never), /options\.alternative/],
    ['not an object', () => experimentTest(null as never, B), /control/],
  ];
  it.each(cases)('%s', (_name, f, re) => {
    expect(f).toThrow(InvalidArgumentError);
    expect(f).toThrow(re);
  });
});
