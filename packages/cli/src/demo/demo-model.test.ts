// The demo model against an independent NumPy implementation of its documented generator
// (gen_demo_expectations.py → demo-expectations.json): rates, accuracies, marginals and drift sizes.

import { createRng, expectedCalibrationError, jensenShannonDistance, mean, quantile, std, wassersteinDistance } from '@vigil/stats';
import { describe, expect, it } from 'vitest';
import expected from './demo-expectations.json' with { type: 'json' };
import { DEMO_FEATURES, DEMO_MODEL, EMPLOYMENT_TYPES, NEW_PURPOSE, PURPOSES, REFERENCE_CONDITIONS, REGIONS, simulateApplication } from './demo-model.js';
import type { DemoConditions, DemoDraw } from './demo-model.js';

const N = 60_000;
type ConditionName = keyof typeof expected.conditions;
type NumericFeature = keyof typeof expected.conditions.reference.mean;

function conditionsOf(name: ConditionName): DemoConditions {
  const c = expected.conditions[name];
  return { covariateDrift: c.drift, newPurposeShare: c.crypto, monthsEmployedMissing: c.missing, conceptChange: c.concept };
}

const draws: Record<ConditionName, DemoDraw[]> = { reference: [], drifted: [], concept: [] };
(['reference', 'drifted', 'concept'] as const).forEach((name, i) => {
  const rng = createRng(1000 + i);
  const c = conditionsOf(name);
  for (let k = 0; k < N; k++) draws[name].push(simulateApplication(rng, c));
});

function numbers(ds: readonly DemoDraw[], feature: string): Float64Array {
  const out: number[] = [];
  for (const d of ds) {
    const v = d.features[feature];
    if (typeof v === 'number') out.push(v);
  }
  return Float64Array.from(out);
}

const share = (ds: readonly DemoDraw[], test: (d: DemoDraw) => boolean): number => ds.filter(test).length / ds.length;
// 4.5 standard errors of a proportion from N draws, plus the fixture's own Monte Carlo error
// (and a hair above zero, so that a share that must be exactly 0 passes at 0).
const rateTolerance = (p: number, n = N): number => Number.EPSILON + 4.5 * Math.sqrt((p * (1 - p)) / n) + 4.5 * Math.sqrt((p * (1 - p)) / expected.n);

describe('the demo model matches its specification (NumPy reference, 2·10⁶ draws per condition)', () => {
  it('logs every feature of DEMO_FEATURES with its kind; only income and months_employed go missing', () => {
    const kinds = new Set(['numeric', 'categorical', 'boolean']);
    expect(Object.values(DEMO_FEATURES).every((k) => kinds.has(k))).toBe(true);
    for (const d of draws.drifted.slice(0, 2000)) {
      expect(Object.keys(d.features)).toEqual(Object.keys(DEMO_FEATURES));
      for (const [name, kind] of Object.entries(DEMO_FEATURES)) {
        const v = d.features[name];
        if (v === null) {
          expect(['income', 'months_employed']).toContain(name);
          continue;
        }
        expect(typeof v).toBe(kind === 'numeric' ? 'number' : kind === 'categorical' ? 'string' : 'boolean');
        if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      }
      expect(REGIONS as readonly string[]).toContain(d.features.region);
      expect(EMPLOYMENT_TYPES as readonly string[]).toContain(d.features.employment_type);
      expect([...PURPOSES, NEW_PURPOSE] as string[]).toContain(d.features.purpose);
    }
  });

  it('labels a prediction 1 exactly when its score reaches the threshold, and positives are 10–25 %', () => {
    for (const name of ['reference', 'drifted', 'concept'] as const) {
      const wrong = draws[name].filter((d) => d.prediction.label !== (d.prediction.score >= DEMO_MODEL.threshold ? 1 : 0));
      expect(wrong).toEqual([]);
      expect(draws[name].every((d) => d.prediction.score >= 0 && d.prediction.score <= 1)).toBe(true);
      const positive = share(draws[name], (d) => d.prediction.label === 1);
      expect(positive).toBeGreaterThan(0.1);
      expect(positive).toBeLessThan(0.25);
      expect(Math.abs(positive - expected.conditions[name].positiveRate)).toBeLessThan(rateTolerance(expected.conditions[name].positiveRate));
    }
  });

  it('draws default rates, accuracy and CBPE-expected accuracy as the reference does', () => {
    for (const name of ['reference', 'drifted', 'concept'] as const) {
      const e = expected.conditions[name];
      const ds = draws[name];
      const rate = share(ds, (d) => d.label === 1);
      expect(Math.abs(rate - e.defaultRate)).toBeLessThan(rateTolerance(e.defaultRate));
      expect(Math.abs(mean(Float64Array.from(ds, (d) => d.defaultProbability)) - e.defaultRate)).toBeLessThan(rateTolerance(e.defaultRate));
      const accuracy = share(ds, (d) => d.label === d.prediction.label);
      expect(Math.abs(accuracy - e.accuracy)).toBeLessThan(rateTolerance(e.accuracy));
      const cbpe = mean(Float64Array.from(ds, (d) => Math.max(d.prediction.score, 1 - d.prediction.score)));
      expect(Math.abs(cbpe - e.expectedAccuracy)).toBeLessThan(rateTolerance(e.expectedAccuracy));
    }
  });

  it('keeps its scores calibrated until the concept changes, and not after', () => {
    const ece = (ds: readonly DemoDraw[]): number =>
      expectedCalibrationError(
        ds.map((d) => d.label),
        ds.map((d) => d.prediction.score),
      );
    expect(ece(draws.reference)).toBeLessThan(0.015);
    expect(ece(draws.drifted)).toBeLessThan(0.015);
    expect(ece(draws.concept)).toBeGreaterThan(0.1);
  });

  it('has the documented marginals: means of every numeric feature, category shares, missing shares', () => {
    for (const name of ['reference', 'drifted'] as const) {
      const e = expected.conditions[name];
      for (const f of Object.keys(e.mean) as NumericFeature[]) {
        const x = numbers(draws[name], f);
        const tol = 4.5 * e.std[f] * (1 / Math.sqrt(x.length) + 1 / Math.sqrt(expected.n));
        expect(Math.abs(mean(x) - e.mean[f]), `${name} ${f}`).toBeLessThan(tol);
        expect(Math.abs(std(x) / e.std[f] - 1), `${name} ${f} std`).toBeLessThan(0.05);
      }
      for (const [value, p] of Object.entries(e.shares.region))
        expect(Math.abs(share(draws[name], (d) => d.features.region === value) - p)).toBeLessThan(rateTolerance(p));
      for (const [value, p] of Object.entries(e.shares.employment_type)) {
        expect(Math.abs(share(draws[name], (d) => d.features.employment_type === value) - p)).toBeLessThan(rateTolerance(p));
      }
      for (const [value, p] of Object.entries(e.shares.purpose))
        expect(Math.abs(share(draws[name], (d) => d.features.purpose === value) - p)).toBeLessThan(rateTolerance(p));
      expect(Math.abs(share(draws[name], (d) => d.features.has_mortgage === true) - e.shares.has_mortgage)).toBeLessThan(rateTolerance(e.shares.has_mortgage));
      expect(Math.abs(share(draws[name], (d) => d.features.income === null) - e.incomeMissing)).toBeLessThan(rateTolerance(e.incomeMissing));
      expect(Math.abs(share(draws[name], (d) => d.features.months_employed === null) - e.monthsEmployedMissing)).toBeLessThan(
        rateTolerance(e.monthsEmployedMissing),
      );
    }
    expect(share(draws.reference, (d) => d.features.purpose === NEW_PURPOSE)).toBe(0);
  });

  it('drifts income and utilization by the reference sizes and leaves the other numeric features alone', () => {
    for (const f of Object.keys(expected.drift.wassersteinNormed) as NumericFeature[]) {
      const ref = numbers(draws.reference, f);
      const w = wassersteinDistance(ref, numbers(draws.drifted, f)) / std(ref);
      const want = expected.drift.wassersteinNormed[f];
      if (f === 'income' || f === 'utilization') expect(Math.abs(w - want), f).toBeLessThan(0.02);
      else expect(w, f).toBeLessThan(0.02);
    }
    const purposes = [...PURPOSES, NEW_PURPOSE];
    const shares = (ds: readonly DemoDraw[]): number[] => purposes.map((p) => share(ds, (d) => d.features.purpose === p));
    expect(Math.abs(jensenShannonDistance(shares(draws.reference), shares(draws.drifted)) - expected.drift.jensenShannon.purpose)).toBeLessThan(0.01);
  });

  it('answers with a long-tailed latency: a lognormal body and rare slow outliers', () => {
    const e = expected.conditions.reference;
    const latency = Float64Array.from(draws.reference, (d) => d.latencyMs);
    expect(Math.abs(quantile(latency, 0.5) / e.latencyMedianMs - 1)).toBeLessThan(0.02);
    // The 99th percentile sits in the sparse slow tail, so its sampling error is about 6 %.
    expect(Math.abs(quantile(latency, 0.99) / e.latencyP99Ms - 1)).toBeLessThan(0.2);
    expect(e.latencyP99Ms / e.latencyMedianMs).toBeGreaterThan(5);
    expect(latency.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(DEMO_MODEL.slowMaxMs);
  });

  it('gives the same draws for the same seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 50; i++) expect(simulateApplication(a, REFERENCE_CONDITIONS)).toEqual(simulateApplication(b, REFERENCE_CONDITIONS));
  });
});
