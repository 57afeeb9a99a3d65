// Results from aggregates, without a store: each figure equals @vigil/stats run on the summed arms,
// the decision rule takes its branches in order, and the cumulative series merges buckets into at
// most MAX_CUMULATIVE_POINTS steps whose last point is the total.

import { describe, expect, it } from 'vitest';
import { bayesianTest, cupedTest, experimentMde, experimentPower, experimentTest, holm, srmTest } from '@vigil/stats';
import { createExperimentSchema } from '@vigil/wire';
import type { CreateExperiment } from '@vigil/wire';
import { MAX_CUMULATIVE_POINTS, experimentResults } from './results.js';
import type { ArmAggregate, StatsAggregate } from './results.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27);

const base: CreateExperiment = {
  name: 'e',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
  metrics: [
    { name: 'conv', kind: 'proportion' },
    { name: 'rev', kind: 'mean' },
    { name: 'lat', kind: 'mean', role: 'guardrail', inverse: true },
  ],
};

function arm(bucket: number, variant: number, units: number): ArmAggregate {
  return { bucket_start: T0 + bucket * HOUR, variant, units, exposures: units, conflicts: 0 };
}

function stat(bucket: number, variant: number, metric: string, s: Partial<StatsAggregate>): StatsAggregate {
  return { bucket_start: T0 + bucket * HOUR, variant, metric, sum: 0, sum_squares: 0, positives: 0, pre_sum: 0, pre_sum_squares: 0, cross_sum: 0, ...s };
}

function results(def: CreateExperiment, arms: ArmAggregate[], stats: StatsAggregate[]) {
  return experimentResults({ name: 'e', status: 'running', config: createExperimentSchema.parse(def), bucketMs: HOUR, now: T0 + 48 * HOUR, arms, stats });
}

function near(a: number, b: number, tol = 1e-12) {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

// Two buckets: control 1000 units, treatment 1010.
const arms = [arm(0, 0, 600), arm(0, 1, 610), arm(1, 0, 400), arm(1, 1, 400)];
const stats = [
  stat(0, 0, 'conv', { positives: 60 }),
  stat(1, 0, 'conv', { positives: 40 }),
  stat(0, 1, 'conv', { positives: 80 }),
  stat(1, 1, 'conv', { positives: 60 }),
  stat(0, 0, 'rev', { sum: 3000, sum_squares: 150_000 }),
  stat(1, 1, 'rev', { sum: 3600, sum_squares: 190_000 }),
  stat(0, 0, 'lat', { sum: 100_000, sum_squares: 10_400_000 }),
  stat(0, 1, 'lat', { sum: 101_500, sum_squares: 10_600_000 }),
];

describe('experimentResults', () => {
  it('sums the buckets into arms and runs the frequentist tests on them, Holm over the goal metrics', () => {
    const r = results(base, arms, stats);
    expect(r.units).toEqual({
      total: 2010,
      conflicts: 0,
      variants: [
        { name: 'control', n: 1000 },
        { name: 'treatment', n: 1010 },
      ],
    });
    const conv = experimentTest({ n: 1000, sum: 100 }, { n: 1010, sum: 140 });
    const rev = experimentTest({ n: 1000, sum: 3000, sumSquares: 150_000 }, { n: 1010, sum: 3600, sumSquares: 190_000 });
    const c = r.metrics[0]!.comparisons[0]!;
    near(c.expected, conv.expected);
    near(c.pValue!, conv.pValue);
    expect(c.ci).toEqual(conv.ci);
    near(r.metrics[1]!.comparisons[0]!.pValue!, rev.pValue);
    const adjusted = holm([conv.pValue, rev.pValue]).adjusted;
    near(c.adjustedPValue!, adjusted[0]!);
    near(r.metrics[1]!.comparisons[0]!.adjustedPValue!, adjusted[1]!);
    // Guardrails are not in the family.
    expect(r.metrics[2]!.comparisons[0]!.adjustedPValue).toBeUndefined();
    near(r.metrics[0]!.variants[1]!.mean!, 140 / 1010);
    near(r.metrics[1]!.variants[0]!.stddev!, Math.sqrt((150_000 - 3000 ** 2 / 1000) / 999));
    const srm = srmTest([1000, 1010], [0.5, 0.5]);
    expect(r.srm).toEqual({ statistic: srm.statistic, pValue: srm.pValue, mismatch: false, checked: true });
  });

  it('computes power and MDE on the first goal metric with GrowthBook’s calculator', () => {
    const r = results({ ...base, targetMde: 0.2 }, arms, stats);
    const design = { metric: { conversionRate: 0.1 }, users: 2010, variations: 2, alpha: 0.05 };
    near(r.power.variants[0]!.power!, experimentPower({ ...design, effectSize: 0.2 }));
    const mde = experimentMde({ ...design, power: 0.8 });
    expect(mde.ok).toBe(true);
    near(r.power.variants[0]!.mde!, mde.ok ? mde.mde : NaN);
    expect(r.power).toMatchObject({ metric: 'conv', targetMde: 0.2 });
  });

  it('uses the Bayesian engine with inverse metrics respected, and no Holm', () => {
    const r = results({ ...base, engine: 'bayesian' }, arms, stats);
    const lat = bayesianTest({ n: 1000, sum: 100_000, sumSquares: 10_400_000 }, { n: 1010, sum: 101_500, sumSquares: 10_600_000 }, { inverse: true });
    const c = r.metrics[2]!.comparisons[0]!;
    near(c.chanceToWin!, lat.chanceToWin);
    expect(c.risk).toEqual(lat.risk);
    expect(c.adjustedPValue).toBeUndefined();
    expect(c.pValue).toBeUndefined();
  });

  it('runs CUPED on mean metrics with the covariate sums', () => {
    const withPre = [
      ...stats,
      stat(0, 0, 'rev', { pre_sum: 2500, pre_sum_squares: 120_000, cross_sum: 90_000 }),
      stat(1, 1, 'rev', { pre_sum: 2600, pre_sum_squares: 125_000, cross_sum: 99_000 }),
    ];
    const r = results({ ...base, cuped: { lookbackDays: 7 } }, arms, withPre);
    const expected = cupedTest(
      { n: 1000, sum: 3000, sumSquares: 150_000, preSum: 2500, preSumSquares: 120_000, sumCross: 90_000 },
      { n: 1010, sum: 3600, sumSquares: 190_000, preSum: 2600, preSumSquares: 125_000, sumCross: 99_000 },
    );
    near(r.metrics[1]!.comparisons[0]!.expected, expected.expected);
    near(r.metrics[1]!.comparisons[0]!.pValue!, expected.pValue);
    // Proportions are not adjusted (their covariate is not kept as a 0/1 count).
    near(r.metrics[0]!.comparisons[0]!.pValue!, experimentTest({ n: 1000, sum: 100 }, { n: 1010, sum: 140 }).pValue);
  });

  it('decides in order: SRM, guardrail, sample size, goals, power', () => {
    // SRM: 1000 vs 1300 at 50/50.
    const skewed = results(base, [arm(0, 0, 1000), arm(0, 1, 1300)], []);
    expect(skewed.srm.mismatch).toBe(true);
    expect(skewed.decision.action).toBe('inconclusive');
    // A failing guardrail: latency 10 % worse.
    const slow = [
      ...stats.filter((s) => s.metric !== 'lat'),
      stat(0, 0, 'lat', { sum: 100_000, sum_squares: 10_100_000 }),
      stat(0, 1, 'lat', { sum: 111_100, sum_squares: 12_322_100 }),
    ];
    const g = results(base, arms, slow);
    expect(g.guardrails).toEqual([expect.objectContaining({ metric: 'lat', variant: 'treatment', status: 'failing' })]);
    expect(g.decision).toMatchObject({ action: 'rollback', variant: 'treatment' });
    // Too few units for minSampleSize.
    expect(results({ ...base, minSampleSize: 5000 }, arms, stats).decision.action).toBe('keep_running');
    // Conversion 10 % vs 13.9 %: significant after Holm, so ship.
    const r = results(base, arms, stats);
    expect(r.metrics[0]!.comparisons[0]!.direction).toBe('better');
    expect(r.decision).toMatchObject({ action: 'ship', variant: 'treatment' });
    // Nothing significant and little power: keep running.
    const flat = [stat(0, 0, 'conv', { positives: 100 }), stat(0, 1, 'conv', { positives: 101 })];
    expect(results(base, arms, flat).decision.action).toBe('keep_running');
    // Nothing significant with power for the target effect: inconclusive.
    const big = [arm(0, 0, 200_000), arm(0, 1, 200_000)];
    const same = [stat(0, 0, 'conv', { positives: 20_000 }), stat(0, 1, 'conv', { positives: 20_050 })];
    expect(results(base, big, same).decision.action).toBe('inconclusive');
    // Worse on a goal metric: rollback.
    const worse = [stat(0, 0, 'conv', { positives: 20_000 }), stat(0, 1, 'conv', { positives: 18_000 })];
    expect(results(base, big, worse).decision).toMatchObject({ action: 'rollback' });
  });

  it('reports too few units as a note, and no data for guardrails', () => {
    const r = results(base, [arm(0, 0, 1), arm(0, 1, 1)], []);
    expect(r.metrics[0]!.comparisons[0]).toMatchObject({ note: 'fewer than 2 units in an arm', significant: false, pValue: 1 });
    expect(r.guardrails[0]!.status).toBe('no_data');
    expect(r.srm.checked).toBe(false);
  });

  it('merges buckets into at most MAX_CUMULATIVE_POINTS steps, ending at the totals', () => {
    const manyArms: ArmAggregate[] = [];
    const manyStats: StatsAggregate[] = [];
    for (let b = 0; b < 500; b++) {
      manyArms.push(arm(b, 0, 10), arm(b, 1, 10));
      manyStats.push(stat(b, 0, 'conv', { positives: 1 }), stat(b, 1, 'conv', { positives: 2 }));
    }
    const r = experimentResults({
      name: 'e',
      status: 'running',
      config: createExperimentSchema.parse(base),
      bucketMs: HOUR,
      now: T0 + 600 * HOUR,
      arms: manyArms,
      stats: manyStats,
    });
    const series = r.cumulative.series.filter((s) => s.metric === 'conv');
    expect(series).toHaveLength(1);
    const points = series[0]!.points;
    expect(points.length).toBeLessThanOrEqual(MAX_CUMULATIVE_POINTS);
    expect(points.length).toBeGreaterThan(MAX_CUMULATIVE_POINTS / 2);
    expect(points[points.length - 1]!.n).toBe(10_000);
    near(points[points.length - 1]!.expected!, r.metrics[0]!.comparisons[0]!.expected);
    // Points are cumulative: n never falls.
    for (let i = 1; i < points.length; i++) expect(points[i]!.n).toBeGreaterThanOrEqual(points[i - 1]!.n);
  });
});
