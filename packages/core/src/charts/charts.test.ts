import { describe, expect, it } from 'vitest';
import { columnDistribution } from './column-distribution.js';
import { confusionMatrixChart } from './confusion-matrix-chart.js';
import { distributionChart } from './distribution-chart.js';
import { driftSummaryChart } from './drift-summary-chart.js';
import { rocCurveChart } from './roc-curve-chart.js';

describe('columnDistribution', () => {
  it('bins both numeric sides on shared edges and reports shares of finite values', () => {
    // NumPy 1.24: np.histogram_bin_edges([0,1,2,3,4,5,6,7], 'doane') == [0, 1.75, 3.5, 5.25, 7].
    const d = columnDistribution(Float64Array.of(0, 1, 2, 3, Number.NaN), Float64Array.of(4, 5, 6, 7, Infinity));
    expect(d.kind).toBe('numeric');
    if (d.kind !== 'numeric') return;
    expect(d.edges).toEqual([0, 1.75, 3.5, 5.25, 7]);
    expect(d.reference).toEqual([0.5, 0.5, 0, 0]);
    expect(d.current).toEqual([0, 0, 0.5, 0.5]);
  });

  it('ranks categories by total count and folds the tail into "other"', () => {
    const d = columnDistribution(['a', 'a', 'b', null, 'c'], ['a', 'd', 'd', 'd']);
    expect(d).toEqual({ kind: 'categorical', categories: ['a', 'd', 'b', 'c'], reference: [0.5, 0, 0.25, 0.25], current: [0.25, 0.75, 0, 0] });
    const folded = columnDistribution(['a', 'a', 'b', 'c'], ['a', 'c'], { maxCategories: 2 });
    expect(folded).toEqual({ kind: 'categorical', categories: ['a', 'other (2)'], reference: [0.5, 0.5], current: [0.5, 0.5], otherLabel: 'other (2)' });
  });
});

describe('chart specifications', () => {
  it('draws a numeric column typed categorical (a 0/1 target) as category bars', () => {
    const d = columnDistribution(Float64Array.from([0, 1, 1, 1]), Float64Array.from([0, 0, 1, Number.NaN]), { asCategories: true });
    expect(d).toEqual({ kind: 'categorical', categories: ['1', '0'], reference: [0.75, 0.25], current: [1 / 3, 2 / 3] });
  });

  it('drift summary lists drifted columns first, coloured, named in the legend, each bar with its hover text', () => {
    const spec = driftSummaryChart({
      columns: [
        { name: 'b', type: 'numerical', method: 'wasserstein', score: 0.03, threshold: 0.1, drifted: false },
        { name: 'a', type: 'categorical', method: 'jensenshannon', score: 0.2, threshold: 0.1, drifted: true },
      ],
      share: 0.5,
      numberOfDriftedColumns: 1,
      numberOfColumns: 2,
      datasetDrift: true,
      driftShareThreshold: 0.5,
    });
    expect(spec.option.animation).toBe(false);
    expect(spec.option.yAxis.data).toEqual(['a (jensenshannon)', 'b (wasserstein)']);
    expect(spec.option.legend?.data).toEqual(['drifted', 'not drifted']);
    expect(spec.option.series.map((s) => [s.name, s.itemStyle?.color, s.stack])).toEqual([
      ['drifted', '#d55e00', 'drift'],
      ['not drifted', '#0072b2', 'drift'],
    ]);
    expect(spec.option.series[0]?.data).toEqual([{ value: 0.2, name: 'a (jensenshannon): score 0.2, threshold 0.1, drifted' }, null]);
    expect(spec.option.series[1]?.data).toEqual([null, { value: 0.03, name: 'b (wasserstein): score 0.03, threshold 0.1, not drifted' }]);
    expect(spec.option.tooltip).toEqual({ trigger: 'item', formatter: '{b}' });
  });

  it('distribution, confusion matrix and ROC charts carry their data', () => {
    const dist = distributionChart('x', { kind: 'categorical', categories: ['a', 'b'], reference: [0.25, 0.75], current: [0.5, 0.5] });
    expect(dist.option.xAxis.data).toEqual(['a', 'b']);
    expect(dist.option.series.map((s) => s.data)).toEqual([
      [
        { value: 0.25, name: 'a: 25% of reference' },
        { value: 0.75, name: 'b: 75% of reference' },
      ],
      [
        { value: 0.5, name: 'a: 50% of current' },
        { value: 0.5, name: 'b: 50% of current' },
      ],
    ]);
    const cm = confusionMatrixChart({
      labels: [0, 1],
      matrix: [
        [5, 1],
        [2, 7],
      ],
    });
    expect(cm.option.series[0]?.data).toEqual([
      [0, 0, 5],
      [1, 0, 1],
      [0, 1, 2],
      [1, 1, 7],
    ]);
    expect(cm.option.visualMap?.max).toBe(7);
    const roc = rocCurveChart({ current: { x: [0, 0.5, 1], y: [0, 0.9, 1] }, currentAuc: 0.7 });
    expect(roc.option.legend?.data).toEqual(['current (AUC 0.700)']);
    expect(roc.option.series[0]?.data).toEqual([
      [0, 0],
      [0.5, 0.9],
      [1, 1],
    ]);
  });
});
