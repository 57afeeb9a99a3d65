import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose } from '../../test/fixtures.js';
import { ESTIMATE, expectFrequentist, expectRounded, fixture } from '../../test/experiments-fixture.js';
import { cupedTest, cupedTheta } from './cuped.js';
import type { CupedArm } from './cuped.js';
import { experimentTest } from './frequentist.js';

// gbstats tests/frequentist/test_tests.py test_sequential_test_runs_ra.
const RA_A: CupedArm = { n: 3000, sum: 1396.87, sumSquares: 52377.9767, preSum: 16.87, preSumSquares: 527.9767, sumCross: 1 };
const RA_B: CupedArm = { n: 3461, sum: 2422.7, sumSquares: 134698.29, preSum: 22.7, preSumSquares: 1348.29, sumCross: 1 };

/** Sufficient statistics of paired samples. */
function arm(y: number[], x: number[], proportion = false): CupedArm {
  let sum = 0;
  let ss = 0;
  let preSum = 0;
  let preSs = 0;
  let cross = 0;
  y.forEach((v, i) => {
    const u = x[i] as number;
    sum += v;
    ss += v * v;
    preSum += u;
    preSs += u * u;
    cross += v * u;
  });
  return proportion ? { n: y.length, sum, preSum, sumCross: cross } : { n: y.length, sum, sumSquares: ss, preSum, preSumSquares: preSs, sumCross: cross };
}

describe('cupedTest: GrowthBook known answer (gbstats test_sequential_test_runs_ra)', () => {
  it('SequentialTwoSidedTTest on RegressionAdjustedStatistic, default N*: 0.50338, SE 0.33341, CI (−0.50969, 1.51646), p 1', () => {
    const r = cupedTest(RA_A, RA_B, { sequential: {} });
    expect(r.error).toBeNull();
    expectRounded(r.expected, 0.50338);
    expectRounded(r.se, 0.33341);
    expectRounded(r.ci[0], -0.50969);
    expectRounded(r.ci[1], 1.51646);
    expect(r.pValue).toBe(1);
  });
});

describe('cupedTest: SciPy reference (fixtures/gen_experiments.py)', () => {
  it(`matches ${fixture.cupedTest.length} seeded experiments: mean and proportion, relative and absolute, fixed and sequential`, () => {
    const kinds = new Set<string>();
    fixture.cupedTest.forEach((c, i) => {
      const r = cupedTest(c.control, c.treatment, c.options);
      expectFrequentist(r, c.expected, `case ${i}`);
      expectClose(r.theta, c.expected.theta, ESTIMATE, `case ${i} theta`);
      const o = c.options as { difference: string; sequential?: unknown };
      kinds.add(`${'sumSquares' in (c.control as object) ? 'mean' : 'proportion'}/${o.difference}`);
      if (o.sequential) kinds.add('sequential');
    });
    expect(kinds.size).toBe(5);
  });
});

describe('cupedTest: properties', () => {
  const x = [3, 5, 2, 8, 6, 4, 7, 5, 3, 6, 9, 2];
  const noise = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.1, 0.3, -0.4, 0.1, 0.2, -0.3];
  const yA = x.map((v, i) => 2 * v + 1 + (noise[i] as number));
  const yB = x.map((v, i) => 2 * v + 1.5 + (noise[(i + 5) % 12] as number));

  it('θ is the pooled regression slope of post on pre', () => {
    const a = arm(yA, x);
    const b = arm(yB, x);
    const xs = [...x, ...x];
    const ys = [...yA, ...yB];
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((v, i) => {
      sxy += (v - mx) * ((ys[i] as number) - my);
      sxx += (v - mx) ** 2;
    });
    expectClose(cupedTheta(a, b), sxy / sxx, { rel: 1e-12 });
  });

  it('a strongly predictive covariate shrinks the standard error against the unadjusted test', () => {
    const a = arm(yA, x);
    const b = arm(yB, x);
    for (const difference of ['relative', 'absolute'] as const) {
      const adj = cupedTest(a, b, { difference });
      const raw = experimentTest(
        { n: a.n, sum: a.sum, sumSquares: a.sumSquares as number },
        { n: b.n, sum: b.sum, sumSquares: b.sumSquares as number },
        { difference },
      );
      expect(adj.se).toBeLessThan(raw.se / 5);
    }
  });

  it('with no pre-period variance θ = 0 and the result is the unadjusted test (create_theta_adjusted_statistics)', () => {
    const a = arm(
      yA,
      yA.map(() => 1),
    );
    const b = arm(
      yB,
      yB.map(() => 1),
    );
    const r = cupedTest(a, b);
    expect(r.theta).toBe(0);
    const { theta, ...rest } = r;
    expect(theta).toBe(0);
    expect(rest).toEqual(
      experimentTest({ n: a.n, sum: a.sum, sumSquares: a.sumSquares as number }, { n: b.n, sum: b.sum, sumSquares: b.sumSquares as number }),
    );
  });

  it('proportions use the population covariance Σxy/n − ΣxΣy/n²', () => {
    const ya = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
    const xa = [1, 0, 1, 0, 0, 0, 1, 0, 1, 1];
    const yb = [1, 1, 1, 0, 0, 1, 1, 0, 1, 1];
    const xb = [1, 1, 0, 0, 0, 1, 1, 0, 1, 0];
    const a = arm(ya, xa, true);
    const b = arm(yb, xb, true);
    const n = 20;
    const sy = 12 + 0 + 1; // Σy pooled = 6 + 7
    const sx = 5 + 5;
    const sxy = 5 + 5;
    const varX = (sx / n) * (1 - sx / n);
    expect(sy).toBe(13);
    expectClose(cupedTheta(a, b), (sxy / n - (sy * sx) / (n * n)) / varX, { rel: 1e-12 });
  });

  it('rejects malformed arms, naming the field', () => {
    expect(() => cupedTest({ ...RA_A, preSumSquares: undefined } as never, RA_B)).toThrow(/control\.preSumSquares/);
    expect(() => cupedTest(RA_A, { ...RA_B, sumCross: Number.NaN })).toThrow(/treatment\.sumCross/);
    expect(() => cupedTest(RA_A, { n: 10, sum: 3, preSum: 2, sumCross: 1 })).toThrow(/treatment/);
    expect(() => cupedTest({ n: 10, sum: 3, preSum: 12, sumCross: 1 }, { n: 10, sum: 3, preSum: 2, sumCross: 1 })).toThrow(/control\.preSum/);
    expect(() => cupedTest(RA_A, RA_B, { alpha: 0 })).toThrow(InvalidArgumentError);
  });
});
