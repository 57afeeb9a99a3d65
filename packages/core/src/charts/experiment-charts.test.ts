import { describe, expect, it } from 'vitest';
import type { ExperimentComparison, ExperimentResults } from '@vigil/wire';
import { LIFT_DIRECTIONS, experimentCumulativeChart, experimentLiftChart, liftRows } from './experiment-charts.js';

const comparison = (
  variant: string,
  expected: number,
  ci: [number, number],
  direction: ExperimentComparison['direction'],
  note?: string,
): ExperimentComparison => ({
  variant,
  expected,
  se: 0.01,
  ci,
  pValue: 0.01,
  significant: direction !== 'none',
  direction,
  ...(note !== undefined && { note }),
});

function metric(name: string, comparisons: ExperimentComparison[]): ExperimentResults['metrics'][number] {
  return { name, kind: 'mean', role: 'goal', inverse: false, source: 'outcomes', variants: [], comparisons };
}

const results = {
  difference: 'relative' as const,
  alpha: 0.05,
  metrics: [
    metric('revenue', [comparison('b', 0.12, [0.02, 0.22], 'better'), comparison('c', -0.03, [-0.1, 0.04], 'none')]),
    metric('latency', [comparison('b', 0.2, [0.1, 0.3], 'worse'), comparison('c', 0, [0, 0], 'none', 'fewer than 2 units in an arm')]),
  ],
};

describe('experimentLiftChart', () => {
  it('has one row per metric and treatment, intervals and points in percent for a relative lift', () => {
    const rows = liftRows(results);
    expect(rows.map((r) => [r.metric, r.variant, r.direction])).toEqual([
      ['revenue', 'b', 'better'],
      ['revenue', 'c', 'none'],
      ['latency', 'b', 'worse'],
      ['latency', 'c', 'none'],
    ]);
    expect(rows[0]!.expected).toBeCloseTo(12, 12);
    expect(rows[0]!.ci![0]).toBeCloseTo(2, 12);
    expect(rows[0]!.ci![1]).toBeCloseTo(22, 12);
    // A comparison that ran no test has no point and no interval.
    expect(rows[3]).toMatchObject({ expected: null, ci: null });

    const spec = experimentLiftChart(results);
    expect(spec.option.yAxis.data).toEqual(['revenue · b', 'revenue · c', 'latency · b', 'latency · c (no test)']);
    expect(spec.option.xAxis.name).toBe('relative lift (%)');
    const bars = spec.option.series.filter((s) => s.id?.startsWith('ci:'));
    expect(bars.map((s) => s.data)).toEqual([
      [
        [rows[0]!.ci![0], 0],
        [rows[0]!.ci![1], 0],
      ],
      [
        [rows[1]!.ci![0], 1],
        [rows[1]!.ci![1], 1],
      ],
      [
        [rows[2]!.ci![0], 2],
        [rows[2]!.ci![1], 2],
      ],
    ]);
    expect(bars.map((s) => s.lineStyle?.color)).toEqual([LIFT_DIRECTIONS.better.color, LIFT_DIRECTIONS.none.color, LIFT_DIRECTIONS.worse.color]);
    const better = spec.option.series.find((s) => s.id === 'effect:better')!;
    expect(better.data).toEqual([[rows[0]!.expected, 0]]);
    expect(spec.option.series.find((s) => s.id === 'effect:worse')!.data).toEqual([[rows[2]!.expected, 2]]);
    expect(spec.option.legend?.data).toEqual([LIFT_DIRECTIONS.better.label, LIFT_DIRECTIONS.worse.label, LIFT_DIRECTIONS.none.label]);
    // Zero is always on the axis (a value axis without `scale` spans it), marked by a dashed line.
    const zero = spec.option.series.find((s) => s.id === 'zero')!;
    expect(zero.markLine?.data).toEqual([{ xAxis: 0, name: 'no effect' }]);
    expect(spec.option.xAxis).toMatchObject({ type: 'value' });
    expect(spec.option.xAxis.scale).toBeUndefined();
    expect(spec.option.title.subtext).toBe('95 % intervals');
  });

  it('draws an absolute difference as it is', () => {
    const spec = experimentLiftChart({
      difference: 'absolute',
      alpha: 0.1,
      metrics: [metric('revenue', [comparison('b', 5, [4, 6], 'better')])],
    });
    expect(spec.option.xAxis.name).toBe('absolute difference');
    expect(spec.option.yAxis.data).toEqual(['revenue']);
    expect(spec.option.series.find((s) => s.id === 'effect:better')!.data).toEqual([[5, 0]]);
    expect(spec.option.title.subtext).toBe('90 % intervals');
  });
});

describe('experimentCumulativeChart', () => {
  it('draws each treatment of the metric with its interval as a band, in percent, and a line at zero', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
    const spec = experimentCumulativeChart(
      {
        difference: 'relative',
        alpha: 0.05,
        cumulative: {
          bucketMs: 3_600_000,
          series: [
            {
              metric: 'revenue',
              variant: 'b',
              points: [
                { at: at(1), n: 3, expected: null, ci: null },
                { at: at(2), n: 40, expected: 0.1, ci: [-0.05, 0.25] },
              ],
            },
            { metric: 'other', variant: 'b', points: [{ at: at(1), n: 3, expected: 1, ci: [0, 2] }] },
          ],
        },
      },
      'revenue',
    );
    const line = spec.option.series.find((s) => s.id === 'line:b')!;
    expect(line.data).toEqual([
      [Date.UTC(2026, 0, 1, 1), null],
      [Date.UTC(2026, 0, 1, 2), 10],
    ]);
    const lower = spec.option.series.find((s) => s.id === 'band-lower:b')!;
    expect(lower.data).toEqual([
      [Date.UTC(2026, 0, 1, 1), null],
      [Date.UTC(2026, 0, 1, 2), -5],
    ]);
    expect(spec.option.series.filter((s) => s.id?.startsWith('line:'))).toHaveLength(1);
    expect(line.markLine?.data).toEqual([{ yAxis: 0, name: 'no effect' }]);
    expect(spec.option.title.text).toBe('Cumulative effect on revenue (relative lift (%), 95 % interval)');
    // Every interval from a quarter of the units on is inside the axis, and so is zero.
    expect(spec.option.yAxis.min!).toBeLessThanOrEqual(-5);
    expect(spec.option.yAxis.max!).toBeGreaterThanOrEqual(25);
  });

  it('fits the value axis to the intervals once a quarter of the units are in, not to the first hours’ wide ones', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
    const points = [
      { at: at(1), n: 20, expected: 3, ci: [-10, 16] as [number, number] },
      { at: at(2), n: 400, expected: 0.12, ci: [0.02, 0.22] as [number, number] },
      { at: at(3), n: 1000, expected: 0.1, ci: [0.04, 0.16] as [number, number] },
    ];
    const spec = experimentCumulativeChart(
      { difference: 'absolute', alpha: 0.05, cumulative: { bucketMs: 3_600_000, series: [{ metric: 'm', variant: 'b', points }] } },
      'm',
    );
    const { min, max } = spec.option.yAxis;
    expect(min!).toBeLessThanOrEqual(0);
    expect(min!).toBeGreaterThan(-0.05);
    expect(max!).toBeGreaterThanOrEqual(0.22);
    expect(max!).toBeLessThan(0.3);
    // The first point is still drawn (cut at the plot's edge).
    expect(spec.option.series.find((s) => s.id === 'line:b')!.data[0]).toEqual([Date.UTC(2026, 0, 1, 1), 3]);
  });
});
