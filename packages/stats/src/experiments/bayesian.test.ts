import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose } from '../../test/fixtures.js';
import { ESTIMATE, INTERVAL, expectRounded, fixture } from '../../test/experiments-fixture.js';
import { bayesianTest, gaussianRisk } from './bayesian.js';
import type { BayesianTestResult } from './bayesian.js';
import { experimentTest } from './frequentist.js';

function expectGb(r: BayesianTestResult, e: { expected: number; se: number; chanceToWin: number; ci: [number, number]; risk: [number, number] }): void {
  expect(r.error).toBeNull();
  expectRounded(r.expected, e.expected, 'expected');
  expectRounded(r.se, e.se, 'se');
  expectRounded(r.chanceToWin, e.chanceToWin, 'chanceToWin');
  expectRounded(r.ci[0], e.ci[0], 'ci[0]');
  expectRounded(r.ci[1], e.ci[1], 'ci[1]');
  expectRounded(r.risk[0], e.risk[0], 'risk[0]');
  expectRounded(r.risk[1], e.risk[1], 'risk[1]');
}

// gbstats tests/bayesian/test_tests.py TestNorm.
const C = { sum: 100, sumSquares: 1002.25, n: 10 };
const T = { sum: 105, sumSquares: 1111.5, n: 10 };

describe('bayesianTest: GrowthBook known answers (gbstats tests/bayesian/test_tests.py)', () => {
  it('binomial 49/100 vs 51/100, flat prior: 0.04082, sd 0.14725, CTW 0.60918, CI (−0.24779, 0.32943), risk [0.0814, 0.04058]', () => {
    expectGb(bayesianTest({ sum: 49, n: 100 }, { sum: 51, n: 100 }), {
      expected: 0.04082,
      se: 0.14725,
      chanceToWin: 0.60918,
      ci: [-0.24779, 0.32943],
      risk: [0.0814, 0.04058],
    });
  });

  it('means, flat prior: 0.05, sd 0.03572, CTW 0.91923, CI (−0.02, 0.12), risk [0.05131, 0.00131]', () => {
    expectGb(bayesianTest(C, T), { expected: 0.05, se: 0.03572, chanceToWin: 0.91923, ci: [-0.02, 0.12], risk: [0.05131, 0.00131] });
  });

  it('means, proper prior N(0.1, 0.1): 0.05063, sd 0.03549, CTW 0.92315, CI (−0.01893, 0.12019), risk [0.05186, 0.00123]', () => {
    // gbstats GaussianPrior(mean=0.1, variance=0.1): stddev √0.1.
    expectGb(bayesianTest(C, T, { prior: { mean: 0.1, stddev: Math.sqrt(0.1) } }), {
      expected: 0.05063,
      se: 0.03549,
      chanceToWin: 0.92315,
      ci: [-0.01893, 0.12019],
      risk: [0.05186, 0.00123],
    });
  });

  it('missing data gives chance to win 0.5 and expected 0 (test_missing_data)', () => {
    for (const [a, b] of [
      [
        { n: 0, sum: 0 },
        { n: 0, sum: 0 },
      ],
      [
        { n: 0, sum: 0, sumSquares: 0 },
        { n: 0, sum: 0, sumSquares: 0 },
      ],
    ] as const) {
      const r = bayesianTest(a, b);
      expect(r.chanceToWin).toBe(0.5);
      expect(r.expected).toBe(0);
      expect(r.error).toBe('ZERO_NEGATIVE_VARIANCE');
    }
  });

  it('rescaling a relative prior to an absolute one keeps the chance to win close (TestGaussianEffectRelativeAbsolutePriors)', () => {
    const c = { n: 100, sum: 1000, sumSquares: 200000 };
    const t = { n: 100, sum: 1100, sumSquares: 200005 };
    const prior = { mean: 1, stddev: 1 };
    const abs = bayesianTest(c, t, { difference: 'absolute', prior });
    const rel = bayesianTest(c, t, { difference: 'relative', prior });
    expect(Math.abs(abs.chanceToWin - rel.chanceToWin)).toBeLessThan(0.005);
  });
});

describe('bayesianTest: SciPy reference (fixtures/gen_experiments.py)', () => {
  it(`matches ${fixture.bayesianTest.length} seeded experiments: flat and proper priors, relative and absolute, inverse`, () => {
    let proper = 0;
    let inverse = 0;
    fixture.bayesianTest.forEach((c, i) => {
      const r = bayesianTest(c.control, c.treatment, c.options);
      const e = c.expected;
      const o = c.options as { prior?: unknown; inverse?: boolean };
      if (o.prior) proper++;
      if (o.inverse) inverse++;
      expect(r.error).toBeNull();
      expectClose(r.expected, e.expected, ESTIMATE, `case ${i} expected`);
      expectClose(r.se, e.se, ESTIMATE, `case ${i} se`);
      expectClose(r.chanceToWin, e.chanceToWin, INTERVAL, `case ${i} chanceToWin`);
      expectClose(r.ci[0], e.ci[0], INTERVAL, `case ${i} ci[0]`);
      expectClose(r.ci[1], e.ci[1], INTERVAL, `case ${i} ci[1]`);
      expectClose(r.risk[0], e.risk[0], INTERVAL, `case ${i} risk[0]`);
      expectClose(r.risk[1], e.risk[1], INTERVAL, `case ${i} risk[1]`);
    });
    expect(proper).toBeGreaterThan(0);
    expect(inverse).toBeGreaterThan(0);
  });
});

describe('bayesianTest: properties', () => {
  it('with the flat prior the posterior is the frequentist estimate and SE', () => {
    for (const difference of ['relative', 'absolute'] as const) {
      const b = bayesianTest(C, T, { difference });
      const f = experimentTest(C, T, { difference });
      expect(b.expected).toBe(f.expected);
      expect(b.se).toBe(f.se);
    }
  });

  it('a proper prior pulls the posterior mean towards the prior mean and narrows it', () => {
    const flat = bayesianTest(C, T);
    const pulled = bayesianTest(C, T, { prior: { mean: -0.2, stddev: 0.05 } });
    expect(pulled.expected).toBeLessThan(flat.expected);
    expect(pulled.se).toBeLessThan(flat.se);
  });

  it('an inverse metric takes the complement chance and swaps the risks', () => {
    const up = bayesianTest(C, T);
    const down = bayesianTest(C, T, { inverse: true });
    expectClose(down.chanceToWin, 1 - up.chanceToWin, INTERVAL);
    expect(down.risk).toEqual([up.risk[1], up.risk[0]]);
  });

  it('risk: the difference of the two risks is the posterior mean; far tails use the limit', () => {
    for (const [m, s] of [
      [0.1, 0.3],
      [-2, 1],
      [5, 0.2],
    ] as const) {
      const [rc, rt] = gaussianRisk(m, s);
      expectClose(rc - rt, m, { rel: 1e-12, abs: 1e-15 });
    }
    expect(gaussianRisk(40, 1)).toEqual([40, 0]);
    expect(gaussianRisk(-40, 1)).toEqual([0, 40]);
  });

  it('rejects a bad prior, naming the field', () => {
    expect(() => bayesianTest(C, T, { prior: { mean: 0, stddev: 0 } })).toThrow(/options\.prior\.stddev/);
    expect(() => bayesianTest(C, T, { prior: { mean: Number.NaN, stddev: 1 } })).toThrow(/options\.prior\.mean/);
    expect(() => bayesianTest(C, T, { prior: { mean: 0, stddev: 1, proper: true } as never })).toThrow(InvalidArgumentError);
    expect(() => bayesianTest(C, { n: 3, sum: 1 })).toThrow(/treatment/);
  });
});
