// The analysis of events held to @vigil/stats' tests run on arms computed here from the raw events
// (a unit's value is the sum of its outcomes at or after its first exposure, 0 without any; a
// proportion counts units whose sum is positive; CUPED's covariate sums the lookback before the
// exposure), with the awkward cases in: repeated and conflicting exposures, events out of order,
// outcomes before the exposure (inside and outside the lookback) and of units never exposed.

import { describe, expect, it } from 'vitest';
import { bayesianTest, createRng, cupedTest, experimentTest, holm, srmTest } from '@vigil/stats';
import type { CupedArm, MeanArm, ProportionArm } from '@vigil/stats';
import { createExperimentSchema } from '@vigil/wire';
import type { CreateExperiment } from '@vigil/wire';
import { aggregateExperiment } from './experiment-aggregates.js';
import type { ExposureRecord, OutcomeRecord } from '@vigil/core';
import { EXPERIMENT_BUCKET_MS, analyzeExperiment } from './experiment-analysis.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 1);
const NOW = T0 + 5 * DAY;

function near(actual: number | undefined | null, expected: number, tol = 1e-9, what = ''): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

const base: CreateExperiment = {
  name: 'pricing',
  variants: [
    { name: 'control', weight: 0.4 },
    { name: 'cheaper', weight: 0.3 },
    { name: 'bundle', weight: 0.3 },
  ],
  metrics: [
    { name: 'converted', kind: 'proportion', role: 'goal' },
    { name: 'revenue', kind: 'mean', role: 'goal' },
    { name: 'latency', kind: 'mean', role: 'guardrail', inverse: true },
  ],
};

/** Seeded traffic with every awkward case, shuffled so that neither file is in time order. */
function traffic(seed: number) {
  const rng = createRng(seed);
  const r = () => rng.next();
  const exposures: ExposureRecord[] = [];
  const outcomes: OutcomeRecord[] = [];
  for (let i = 0; i < 2500; i++) {
    const unit = `u${i}`;
    const x = r();
    const v = x < 0.4 ? 0 : x < 0.7 ? 1 : 2;
    const ts = T0 + Math.floor(r() * 3 * DAY);
    exposures.push({ unit, variant: v, ts });
    if (r() < 0.05) exposures.push({ unit, variant: v, ts: ts + 2 * HOUR }); // a repeat
    if (r() < 0.03) exposures.push({ unit, variant: (v + 1) % 3, ts: ts + HOUR }); // a conflict: the unit stays
    if (r() < 0.1 + 0.03 * v) {
      const at = ts + Math.floor(r() * 30 * HOUR);
      outcomes.push({ unit, metric: 'converted', value: 1, ts: at });
      outcomes.push({ unit, metric: 'revenue', value: Math.round((10 + r() * 90) * 100) / 100, ts: at });
      if (r() < 0.2) outcomes.push({ unit, metric: 'revenue', value: -Math.round(r() * 500) / 100, ts: at + HOUR }); // a refund
    }
    outcomes.push({ unit, metric: 'latency', value: 100 + 4 * v + r() * 30, ts: ts + 500 });
    if (r() < 0.3) outcomes.push({ unit, metric: 'revenue', value: Math.round(r() * 4000) / 100, ts: ts - Math.floor(r() * 3 * DAY) }); // before the exposure
    if (r() < 0.02) outcomes.push({ unit, metric: 'converted', value: 1, ts: ts - 1 }); // just before: does not count
  }
  for (let i = 0; i < 40; i++) outcomes.push({ unit: `ghost-${i}`, metric: 'converted', value: 1, ts: T0 + HOUR }); // never exposed
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  return { exposures: shuffle(exposures), outcomes: shuffle(outcomes) };
}

interface UnitTruth {
  variant: number;
  ts: number;
  y: Map<string, number>;
  x: Map<string, number>;
}

/** Each unit's first exposure (earliest, then first in the file) and its value and covariate per metric, from the raw events. */
function truth(exposures: readonly ExposureRecord[], outcomes: readonly OutcomeRecord[], lookbackMs: number): Map<string, UnitTruth> {
  const units = new Map<string, UnitTruth>();
  for (const e of exposures) {
    const u = units.get(e.unit);
    if (u === undefined || e.ts < u.ts) units.set(e.unit, { variant: e.variant, ts: e.ts, y: new Map(), x: new Map() });
  }
  for (const o of outcomes) {
    const u = units.get(o.unit);
    if (u === undefined) continue;
    if (o.ts >= u.ts) u.y.set(o.metric, (u.y.get(o.metric) ?? 0) + o.value);
    else if (o.ts >= u.ts - lookbackMs) u.x.set(o.metric, (u.x.get(o.metric) ?? 0) + o.value);
  }
  return units;
}

function armsOf(units: Map<string, UnitTruth>, metric: string, kind: 'mean' | 'proportion', k: number): (MeanArm | ProportionArm)[] {
  const arms = Array.from({ length: k }, () => ({ n: 0, sum: 0, sumSquares: 0, positives: 0 }));
  for (const u of units.values()) {
    const y = u.y.get(metric) ?? 0;
    const a = arms[u.variant]!;
    a.n++;
    a.sum += y;
    a.sumSquares += y * y;
    a.positives += y > 0 ? 1 : 0;
  }
  return arms.map((a) => (kind === 'proportion' ? { n: a.n, sum: a.positives } : { n: a.n, sum: a.sum, sumSquares: a.sumSquares }));
}

function cupedArmsOf(units: Map<string, UnitTruth>, metric: string, k: number): CupedArm[] {
  const arms = Array.from({ length: k }, () => ({ n: 0, sum: 0, sumSquares: 0, preSum: 0, preSumSquares: 0, sumCross: 0 }));
  for (const u of units.values()) {
    const y = u.y.get(metric) ?? 0;
    const x = u.x.get(metric) ?? 0;
    const a = arms[u.variant]!;
    a.n++;
    a.sum += y;
    a.sumSquares += y * y;
    a.preSum += x;
    a.preSumSquares += x * x;
    a.sumCross += x * y;
  }
  return arms;
}

const definition = (c: CreateExperiment) => ({ config: createExperimentSchema.parse(c), status: 'running' as const });

describe('experiment analysis of events', () => {
  const { exposures, outcomes } = traffic(7);
  const units = truth(exposures, outcomes, 14 * DAY);

  it('counts units, repeats, conflicts and outcomes as the server does', () => {
    const { counts, arms, stats } = aggregateExperiment(exposures, outcomes, { bucketMs: EXPERIMENT_BUCKET_MS, lookbackMs: 14 * DAY });
    expect(counts.units).toBe(units.size);
    expect(counts.exposures).toBe(exposures.length);
    expect(counts.repeated + counts.conflicts).toBe(exposures.length - units.size);
    expect(counts.conflicts).toBeGreaterThan(0);
    expect(counts.unexposed).toBe(40);
    const counted = outcomes.filter((o) => units.has(o.unit) && o.ts >= units.get(o.unit)!.ts).length;
    expect(counts.accepted).toBe(counted);
    expect(counts.beforeExposure).toBe(outcomes.length - 40 - counted);
    // Each unit in the bucket of its first exposure.
    const perBucket = new Map<string, number>();
    for (const u of units.values()) {
      const key = `${Math.floor(u.ts / HOUR) * HOUR}:${u.variant}`;
      perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
    }
    expect(new Map(arms.filter((a) => a.units > 0).map((a) => [`${a.bucket_start}:${a.variant}`, a.units]))).toEqual(perBucket);
    // The per-bucket deltas add up to each variant's Σy, Σy² and count of positive units.
    for (const metric of ['converted', 'revenue', 'latency']) {
      for (let v = 0; v < 3; v++) {
        const rows = stats.filter((s) => s.metric === metric && s.variant === v);
        const ys = [...units.values()].filter((u) => u.variant === v).map((u) => u.y.get(metric) ?? 0);
        near(
          rows.reduce((a, s) => a + s.sum, 0),
          ys.reduce((a, y) => a + y, 0),
          1e-9,
          `${metric} ${v} Σy`,
        );
        near(
          rows.reduce((a, s) => a + s.sum_squares, 0),
          ys.reduce((a, y) => a + y * y, 0),
          1e-9,
          `${metric} ${v} Σy²`,
        );
        expect(rows.reduce((a, s) => a + s.positives, 0)).toBe(ys.filter((y) => y > 0).length);
      }
    }
  });

  it('reports its progress over every event, ending at the total (the progress bar of large files)', () => {
    const seen: [number, number][] = [];
    const many = Array.from({ length: 3 }, () => exposures).flat();
    aggregateExperiment(many, outcomes, { bucketMs: HOUR, lookbackMs: DAY, onProgress: (done, total) => seen.push([done, total]) });
    const total = many.length + outcomes.length;
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toEqual([total, total]);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('gives the Welch tests, Holm, SRM, guardrails and power of @vigil/stats on the arms computed from the raw events', () => {
    const { results } = analyzeExperiment(definition(base), exposures, outcomes, { now: NOW });
    const n = [0, 0, 0];
    for (const u of units.values()) n[u.variant]!++;
    expect(results.units.variants.map((v) => v.n)).toEqual(n);
    expect(results.units.total).toBe(units.size);
    const srm = srmTest(n, [0.4, 0.3, 0.3]);
    near(results.srm.pValue, srm.pValue, 1e-9, 'srm');
    expect(results.srm.mismatch).toBe(false);
    const goalP: number[] = [];
    for (const m of base.metrics) {
      const arms = armsOf(units, m.name, m.kind, 3);
      const got = results.metrics.find((x) => x.name === m.name)!;
      near(got.variants[0]!.mean, arms[0]!.sum / arms[0]!.n, 1e-12, `${m.name} mean`);
      for (const [j, c] of got.comparisons.entries()) {
        const expected = experimentTest(arms[0]!, arms[j + 1]!, { difference: 'relative', alpha: 0.05 });
        near(c.expected, expected.expected, 1e-9, `${m.name} expected`);
        near(c.se, expected.se, 1e-9, `${m.name} se`);
        near(c.ci[0], expected.ci[0], 1e-7, `${m.name} ci`);
        near(c.ci[1], expected.ci[1], 1e-7, `${m.name} ci`);
        near(c.pValue, expected.pValue, 1e-7, `${m.name} p`);
        if (m.role === 'goal') goalP.push(expected.pValue);
      }
    }
    const adjusted = holm(goalP).adjusted;
    const family = results.metrics.filter((m) => m.role === 'goal').flatMap((m) => m.comparisons);
    family.forEach((c, i) => near(c.adjustedPValue, adjusted[i]!, 1e-7, 'holm'));
    // The latency guardrail: the bundle is 8 ms slower on about 115 ms, which 750 units show.
    expect(results.guardrails.find((g) => g.variant === 'bundle')!.status).toBe('failing');
    expect(results.decision.action).toBe('rollback');
    expect(results.power.metric).toBe('converted');
    expect(results.power.variants.map((p) => p.n)).toEqual([n[0]! + n[1]!, n[0]! + n[2]!]);
    // The cumulative series ends at the totals.
    for (const s of results.cumulative.series) {
      const last = s.points[s.points.length - 1]!;
      const c = results.metrics.find((m) => m.name === s.metric)!.comparisons.find((x) => x.variant === s.variant)!;
      near(last.expected, c.expected, 1e-9, 'cumulative end');
      expect(Date.parse(last.at)).toBeLessThanOrEqual(NOW);
    }
  });

  it('gives the Bayesian engine’s answers on the same arms', () => {
    const { results } = analyzeExperiment(definition({ ...base, engine: 'bayesian' }), exposures, outcomes, { now: NOW });
    for (const m of base.metrics) {
      const arms = armsOf(units, m.name, m.kind, 3);
      const got = results.metrics.find((x) => x.name === m.name)!;
      for (const [j, c] of got.comparisons.entries()) {
        const expected = bayesianTest(arms[0]!, arms[j + 1]!, { difference: 'relative', alpha: 0.05, inverse: m.inverse === true });
        near(c.chanceToWin, expected.chanceToWin, 1e-9, `${m.name} chance to win`);
        near(c.ci[0], expected.ci[0], 1e-7, `${m.name} ci`);
        near(c.risk![1], expected.risk[1], 1e-9, `${m.name} risk`);
      }
    }
  });

  it('adjusts mean metrics with CUPED on the outcomes in the lookback before each exposure', () => {
    const lookbackDays = 2;
    const { results } = analyzeExperiment(definition({ ...base, cuped: { lookbackDays }, difference: 'absolute' }), exposures, outcomes, { now: NOW });
    const withLookback = truth(exposures, outcomes, lookbackDays * DAY);
    const arms = cupedArmsOf(withLookback, 'revenue', 3);
    expect(arms[0]!.preSum).toBeGreaterThan(0);
    const got = results.metrics.find((m) => m.name === 'revenue')!;
    for (const [j, c] of got.comparisons.entries()) {
      const expected = cupedTest(arms[0]!, arms[j + 1]!, { difference: 'absolute', alpha: 0.05 });
      near(c.expected, expected.expected, 1e-9, 'cuped expected');
      near(c.pValue, expected.pValue, 1e-7, 'cuped p');
    }
  });

  it('flags a split far from the weights', () => {
    const kept = exposures.filter((e, i) => e.variant !== 1 || i % 3 !== 0);
    const { results } = analyzeExperiment(definition(base), kept, outcomes, { now: NOW });
    expect(results.srm.mismatch).toBe(true);
    expect(results.decision.action).toBe('inconclusive');
  });

  it('leaves model metrics out, saying so', () => {
    const withModel: CreateExperiment = {
      ...base,
      variants: [
        { name: 'control', weight: 0.4, model: 'm', version: '1' },
        { name: 'cheaper', weight: 0.3, model: 'm', version: '2' },
        { name: 'bundle', weight: 0.3 },
      ],
      metrics: [...base.metrics, { name: 'accuracy', kind: 'proportion', source: 'model' }],
    };
    const a = analyzeExperiment(definition(withModel), exposures, outcomes, { now: NOW });
    expect(a.skippedModelMetrics).toEqual(['accuracy']);
    expect(a.results.metrics.map((m) => m.name)).toEqual(['converted', 'revenue', 'latency']);
  });
});
