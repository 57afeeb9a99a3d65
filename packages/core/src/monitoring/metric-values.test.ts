// Metric names (@vigil/wire) read off real accumulator outputs, with answers worked by hand and, for
// ROC AUC, by scikit-learn / NannyML's formula (values in the comments).

import { ESTIMATED_METRICS, PERFORMANCE_METRICS } from '@vigil/wire';
import type { EstimatedMetric, PerformanceMetric } from '@vigil/wire';
import { describe, expect, it } from 'vitest';
import { CbpeAccumulator } from '../performance/cbpe-accumulator.js';
import { PerformanceAccumulator } from '../performance/performance-accumulator.js';
import type { RealizedPerformance } from '../performance/performance-accumulator.js';
import { estimatedMetricValue, isEstimatedMetric, isPerformanceMetric, metricField, performanceMetricValue } from './metric-values.js';

function values(performance: RealizedPerformance): Record<PerformanceMetric, number | null> {
  return Object.fromEntries(PERFORMANCE_METRICS.map((m) => [m, performanceMetricValue(performance, m)])) as Record<PerformanceMetric, number | null>;
}

describe('metricField', () => {
  it('maps the two snake_case names to their fields and keeps the others', () => {
    expect(metricField('roc_auc')).toBe('rocAuc');
    expect(metricField('mean_error')).toBe('meanError');
    for (const m of ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'mae', 'mse', 'rmse', 'mape', 'r2'] as const) expect(metricField(m)).toBe(m);
  });

  it('names a field the accumulators report, for every wire metric', () => {
    const binary = new PerformanceAccumulator({ task: 'binary' }).metrics();
    const regression = new PerformanceAccumulator({ task: 'regression' }).metrics();
    const estimate = new CbpeAccumulator().estimate();
    for (const m of PERFORMANCE_METRICS) expect(metricField(m) in binary || metricField(m) in regression, m).toBe(true);
    for (const m of ESTIMATED_METRICS) expect(metricField(m) in estimate, m).toBe(true);
  });
});

describe('isPerformanceMetric / isEstimatedMetric', () => {
  it('accept exactly the wire lists', () => {
    expect(PERFORMANCE_METRICS).toEqual(['accuracy', 'precision', 'recall', 'f1', 'specificity', 'roc_auc', 'mae', 'mse', 'rmse', 'mape', 'r2', 'mean_error']);
    expect(ESTIMATED_METRICS).toEqual(['accuracy', 'precision', 'recall', 'f1', 'specificity', 'roc_auc']);
    for (const m of PERFORMANCE_METRICS) expect(isPerformanceMetric(m), m).toBe(true);
    for (const m of ESTIMATED_METRICS) expect(isEstimatedMetric(m), m).toBe(true);
    for (const m of ['mae', 'mse', 'rmse', 'mape', 'r2', 'mean_error']) expect(isEstimatedMetric(m), m).toBe(false);
  });

  it('refuse field names, other series and near misses', () => {
    for (const m of [
      'rocAuc',
      'meanError',
      'ROC_AUC',
      'estimated_accuracy',
      'drift',
      'volume',
      'log_loss',
      '',
      ' accuracy',
      'toString',
      'constructor',
      'length',
    ]) {
      expect(isPerformanceMetric(m), m).toBe(false);
      expect(isEstimatedMetric(m), m).toBe(false);
    }
  });
});

describe('performanceMetricValue', () => {
  it('reads binary metrics: accuracy … specificity from the confusion counts, roc_auc from the scores', () => {
    const acc = new PerformanceAccumulator({ task: 'binary' });
    // Scores 0.9, 0.8, 0.4, 0.2, 0.7, 0.3 against 1, 0, 1, 0, 1, 0: TP 2, FP 1, FN 1, TN 2.
    for (const [score, truth] of [
      [0.9, 1],
      [0.8, 0],
      [0.4, 1],
      [0.2, 0],
      [0.7, 1],
      [0.3, 0],
    ] as const)
      acc.add({ score }, truth);
    const v = values(acc.metrics());
    expect(v.accuracy).toBeCloseTo(4 / 6, 15);
    expect(v.precision).toBeCloseTo(2 / 3, 15);
    expect(v.recall).toBeCloseTo(2 / 3, 15);
    expect(v.f1).toBeCloseTo(2 / 3, 15);
    expect(v.specificity).toBeCloseTo(2 / 3, 15);
    // sklearn roc_auc_score = 0.7777777777777779: 7 of 9 pairs ordered right.
    expect(v.roc_auc).toBeCloseTo(7 / 9, 14);
    // A binary model has no regression metrics.
    expect([v.mae, v.mse, v.rmse, v.mape, v.r2, v.mean_error]).toEqual([null, null, null, null, null, null]);
  });

  it('reads regression metrics, mean_error as the bias mean(ŷ − y)', () => {
    const acc = new PerformanceAccumulator({ task: 'regression' });
    // errors ŷ − y: 1, 0, −3, −0.5
    for (const [value, truth] of [
      [3, 2],
      [5, 5],
      [1, 4],
      [2, 2.5],
    ] as const)
      acc.add({ value }, truth);
    const v = values(acc.metrics());
    expect(v.mean_error).toBe(-0.625);
    expect(v.mae).toBe(1.125);
    expect(v.mse).toBe(2.5625);
    expect(v.rmse).toBeCloseTo(Math.sqrt(2.5625), 15);
    // (1/2 + 0 + 3/4 + 0.5/2.5) / 4
    expect(v.mape).toBeCloseTo(0.3625, 15);
    // 1 − 10.25 / 5.6875 (Σ(y − ȳ)² with ȳ = 3.375)
    expect(v.r2).toBeCloseTo(1 - 10.25 / 5.6875, 14);
    expect([v.accuracy, v.precision, v.recall, v.f1, v.specificity, v.roc_auc]).toEqual([null, null, null, null, null, null]);
  });

  it('reads multiclass accuracy', () => {
    const acc = new PerformanceAccumulator({ task: 'multiclass' });
    for (const [label, truth] of [
      ['a', 'a'],
      ['b', 'a'],
      ['c', 'c'],
      ['b', 'b'],
      ['a', 'b'],
    ] as const)
      acc.add({ label }, truth);
    expect(performanceMetricValue(acc.metrics(), 'accuracy')).toBe(3 / 5);
    expect(performanceMetricValue(acc.metrics(), 'roc_auc')).toBeNull();
  });

  it('is null with nothing counted', () => {
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      const v = values(new PerformanceAccumulator({ task }).metrics());
      expect(
        Object.values(v).every((x) => x === null),
        task,
      ).toBe(true);
    }
  });

  it('is null for a non-finite value', () => {
    const acc = new PerformanceAccumulator({ task: 'regression' });
    acc.add({ value: 1 }, 2).add({ value: 4 }, 3);
    const m = acc.metrics();
    if (m.task !== 'regression') throw new Error('expected regression metrics');
    expect(performanceMetricValue(m, 'mae')).toBe(1);
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      expect(performanceMetricValue({ ...m, mae: bad, meanError: bad }, 'mae'), String(bad)).toBeNull();
      expect(performanceMetricValue({ ...m, mae: bad, meanError: bad }, 'mean_error'), String(bad)).toBeNull();
    }
  });
});

describe('estimatedMetricValue', () => {
  it('reads CBPE estimates, roc_auc as rocAuc', () => {
    const cbpe = new CbpeAccumulator();
    // E[TP] = 0.9 + 0.8 + 0.6 = 2.3, E[FP] = 0.7, E[FN] = 0.3 + 0.1 = 0.4, E[TN] = 1.6.
    for (const [p, positive] of [
      [0.9, true],
      [0.8, true],
      [0.3, false],
      [0.6, true],
      [0.1, false],
    ] as const)
      cbpe.add(p, positive);
    const e = cbpe.estimate();
    const v = Object.fromEntries(ESTIMATED_METRICS.map((m) => [m, estimatedMetricValue(e, m)])) as Record<EstimatedMetric, number | null>;
    expect(v.accuracy).toBeCloseTo(3.9 / 5, 14);
    expect(v.precision).toBeCloseTo(2.3 / 3, 14);
    expect(v.recall).toBeCloseTo(2.3 / 2.7, 14);
    expect(v.f1).toBeCloseTo(2.3 / (2.3 + 0.5 * 1.1), 14);
    expect(v.specificity).toBeCloseTo(1.6 / 2.3, 14);
    // NannyML estimate_roc_auc (cumulative p̂ as tps, rows − tps as fps, trapezoid): 0.8381642512077294.
    expect(v.roc_auc).toBeCloseTo(0.8381642512077294, 12);
  });

  it('is null with nothing added, and for a non-finite value', () => {
    const empty = new CbpeAccumulator().estimate();
    for (const m of ESTIMATED_METRICS) expect(estimatedMetricValue(empty, m), m).toBeNull();
    const e = new CbpeAccumulator().add(0.7, true).add(0.2, false).estimate();
    expect(estimatedMetricValue(e, 'roc_auc')).not.toBeNull();
    expect(estimatedMetricValue({ ...e, rocAuc: Number.NaN }, 'roc_auc')).toBeNull();
    expect(estimatedMetricValue({ ...e, accuracy: Infinity }, 'accuracy')).toBeNull();
  });
});
