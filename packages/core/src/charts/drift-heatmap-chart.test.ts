import { describe, expect, it } from 'vitest';
import { CHART_COLORS } from './chart-option.js';
import { DRIFT_LEVELS, MAX_DRIFT_RATIO, driftHeatmapChart, driftLevel, driftRatio } from './drift-heatmap-chart.js';

describe('driftRatio and driftLevel', () => {
  it('is the score over the threshold for distances and the threshold over the p-value for tests', () => {
    expect(driftRatio(0.44, 0.1)).toBeCloseTo(4.4, 12);
    expect(driftRatio(0.03, 0.1)).toBeCloseTo(0.3, 12);
    expect(driftRatio(0.1, 0.1)).toBe(1);
    expect(driftRatio(0.01, 0.05, true)).toBeCloseTo(5, 12);
    expect(driftRatio(0.5, 0.05, true)).toBeCloseTo(0.1, 12);
    expect(driftRatio(0, 0.05, true)).toBe(MAX_DRIFT_RATIO);
    expect(driftRatio(Infinity, 0.1)).toBe(MAX_DRIFT_RATIO);
    expect(driftRatio(Number.NaN, 0.1)).toBe(0);
    expect(driftRatio(0, 0)).toBe(0);
  });

  it('cuts levels at ½, 1 and 2 times the threshold', () => {
    expect([0, 0.49, 0.5, 0.999, 1, 1.99, 2, 1000].map(driftLevel)).toEqual([
      'far-below',
      'far-below',
      'near',
      'near',
      'above',
      'above',
      'far-above',
      'far-above',
    ]);
    expect(DRIFT_LEVELS.map((l) => l.color)).toEqual([CHART_COLORS.driftFarBelow, CHART_COLORS.driftNear, CHART_COLORS.driftAbove, CHART_COLORS.driftFarAbove]);
  });
});

describe('driftHeatmapChart', () => {
  const H = 3_600_000;
  const spec = driftHeatmapChart({
    features: ['age', 'income', 'purpose'],
    steps: [
      { t: 0, label: '08:00' },
      { t: H, label: '09:00' },
    ],
    cells: [
      { t: 0, feature: 'age', score: 0.03, threshold: 0.1 },
      { t: H, feature: 'age', score: 0.04, threshold: 0.1 },
      { t: 0, feature: 'income', score: 0.05, threshold: 0.1 },
      { t: H, feature: 'income', score: 0.44, threshold: 0.1 },
      { t: 0, feature: 'purpose', score: null, threshold: 0.1 },
      { t: H, feature: 'purpose', score: 0.23, threshold: 0.1 },
      { t: 2 * H, feature: 'age', score: 0.9, threshold: 0.1 }, // not a column: ignored
      { t: H, feature: 'unknown', score: 0.9, threshold: 0.1 }, // not a row: ignored
    ],
  });

  it('puts features that drifted first, then by name, and one datum [column, row, ratio, score] per known cell', () => {
    expect(spec.option.yAxis.data).toEqual(['income', 'purpose', 'age']);
    expect(spec.option.xAxis.data).toEqual(['08:00', '09:00']);
    expect(spec.option.series[0]?.data).toEqual([
      [0, 2, 0.3, 0.03],
      [1, 2, 0.4, 0.04],
      [0, 0, 0.5, 0.05],
      [1, 0, 4.4, 0.44],
      [1, 1, 2.3, 0.23],
    ]);
    expect(spec.option.title.subtext).toBe('2 of 3 features above the threshold in some step');
  });

  it('colours by the ratio with piecewise levels', () => {
    expect(spec.option.visualMap).toMatchObject({ type: 'piecewise', dimension: 2 });
    expect(spec.option.visualMap?.pieces).toEqual([
      { lt: 0.5, label: 'under ½ threshold', color: '#dbe9f6' },
      { gte: 0.5, lt: 1, label: '½ threshold to threshold', color: '#56b4e9' },
      { gte: 1, lt: 2, label: 'threshold to 2×', color: '#e69f00' },
      { gte: 2, label: '2× threshold or more', color: '#d55e00' },
    ]);
    expect(spec.height).toBe(200);
  });
});
