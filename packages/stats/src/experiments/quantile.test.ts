import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose } from '../../test/fixtures.js';
import { ESTIMATE, INTERVAL, expectFrequentist, fixture } from '../../test/experiments-fixture.js';
import type { QuantileArm } from './arm-stats.js';
import { bayesianTest } from './bayesian.js';
import { experimentTest } from './frequentist.js';

// gbstats tests/bayesian/test_tests.py TestEffectBayesianABTest: p90, n = n_star.
const qc: QuantileArm = { n: 11054, nStar: 11054, nu: 0.9, quantileHat: 7.157987489967789, quantileLower: 7.098780136176828, quantileUpper: 7.217194843758751 };
const qt: QuantileArm = { n: 10861, nStar: 10861, nu: 0.9, quantileHat: 7.694499927525767, quantileLower: 7.64180598628119, quantileUpper: 7.747193868770344 };

describe('quantile metrics: GrowthBook known answers (gbstats TestEffectBayesianABTest, full precision)', () => {
  // gbstats asserts these with assertEqual; the normal quantile and the sums differ in the last bits here.
  const tol = { rel: 1e-12, abs: 1e-15 };
  const cases: [string, Parameters<typeof bayesianTest>[2], number, [number, number]][] = [
    ['absolute, improper flat prior', { difference: 'absolute' }, 0.5365124375579775, [0.4572559589115422, 0.6157689162044128]],
    ['absolute, prior variance 1e6', { difference: 'absolute', prior: { mean: 0, stddev: 1000 } }, 0.536512437540855, [0.4572559588956844, 0.6157689161860256]],
    [
      'relative, prior variance 1e6',
      { difference: 'relative', prior: { mean: 0, stddev: 1000 } },
      0.07495297222736319,
      [0.06341005842481906, 0.08649588602990732],
    ],
    ['absolute, prior variance 1', { difference: 'absolute', prior: { mean: 0, stddev: 1 } }, 0.536495315442269, [0.4572401014910488, 0.6157505293934892]],
    ['relative, prior variance 1', { difference: 'relative', prior: { mean: 0, stddev: 1 } }, 0.07495037261804469, [0.06340765898986044, 0.08649308624622894]],
  ];
  it.each(cases)('%s', (_name, options, expected, ci) => {
    const r = bayesianTest(qc, qt, options);
    expect(r.error).toBeNull();
    expectClose(r.expected, expected, tol, 'expected');
    expectClose(r.ci[0], ci[0], tol, 'ci[0]');
    expectClose(r.ci[1], ci[1], tol, 'ci[1]');
  });

  it("wide bounds (gbstats' risk case): the interval is ±z·se and risk_ctrl − risk_trt is the posterior mean", () => {
    const wide = (q: QuantileArm): QuantileArm => ({ ...q, quantileLower: q.quantileHat - 1, quantileUpper: q.quantileHat + 1 });
    const r = bayesianTest(wide(qc), wide(qt), { difference: 'absolute', prior: { mean: 0, stddev: 1000 } });
    // gbstats compares the risks with 1e7 normal draws at 3 decimals; E[Δ⁺] − E[Δ⁻] = E[Δ] holds exactly.
    const s = (r.ci[1] - r.ci[0]) / (2 * 1.959963984540054);
    expectClose(s, r.se, { rel: 1e-12 });
    expect(r.risk[0] - r.risk[1]).toBeCloseTo(r.expected, 12);
  });
});

describe('quantile metrics: SciPy reference (fixtures/gen_experiments.py)', () => {
  it('frequentist and Bayesian cases match', () => {
    const freq = fixture.experimentTest.filter((c) => 'nu' in (c.control as object));
    const bayes = fixture.bayesianTest.filter((c) => 'nu' in (c.control as object));
    expect(freq.length).toBeGreaterThan(0);
    expect(bayes.length).toBeGreaterThan(0);
    freq.forEach((c, i) => expectFrequentist(experimentTest(c.control, c.treatment, c.options), c.expected, `quantile case ${i}`));
    bayes.forEach((c, i) => {
      const r = bayesianTest(c.control, c.treatment, c.options);
      expectClose(r.expected, c.expected.expected, ESTIMATE, `bayes ${i} expected`);
      expectClose(r.chanceToWin, c.expected.chanceToWin, INTERVAL, `bayes ${i} chanceToWin`);
      expectClose(r.ci[0], c.expected.ci[0], INTERVAL, `bayes ${i} ci[0]`);
      expectClose(r.ci[1], c.expected.ci[1], INTERVAL, `bayes ${i} ci[1]`);
    });
  });
});

describe('quantile metrics: guards', () => {
  it('refuses inference with too few values for the level (n ≤ z²ν/(1 − ν))', () => {
    // z² · 0.99/0.01 ≈ 380.3: 380 values are too few for a p99.
    const arm = (n: number): QuantileArm => ({ n, nStar: 200, nu: 0.99, quantileHat: 10, quantileLower: 9, quantileUpper: 11 });
    expect(experimentTest(arm(380), arm(5000)).error).toBe('ZERO_NEGATIVE_VARIANCE');
    expect(experimentTest(arm(381), arm(5000)).error).toBeNull();
  });

  it('collapsed bounds are degenerate even where the variance floor would apply', () => {
    const a: QuantileArm = { n: 1000, nStar: 800, nu: 0.5, quantileHat: 3, quantileLower: 3, quantileUpper: 3 };
    const b: QuantileArm = { ...a, quantileHat: 4, quantileLower: 3.9, quantileUpper: 4.1 };
    expect(experimentTest(a, b).error).toBe('ZERO_NEGATIVE_VARIANCE');
  });

  it('has no sequential test, and checks its fields', () => {
    expect(() => experimentTest(qc, qt, { sequential: {} })).toThrow(/options\.sequential/);
    expect(() => experimentTest({ ...qc, nu: 1 }, qt)).toThrow(/control\.nu/);
    expect(() => experimentTest(qc, { ...qt, quantileUpper: 7 })).toThrow(/treatment\.quantileUpper/);
    expect(() => experimentTest(qc, { n: 5, sum: 2 })).toThrow(InvalidArgumentError);
  });
});
