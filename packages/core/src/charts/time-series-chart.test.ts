import { describe, expect, it } from 'vitest';
import { CHART_COLORS, SERIES_PALETTE } from './chart-option.js';
import { timeSeriesChart } from './time-series-chart.js';

describe('timeSeriesChart', () => {
  it('draws a confidence band as an invisible lower edge and the stacked band height, behind its line', () => {
    const spec = timeSeriesChart({
      title: 'Accuracy',
      lines: [
        {
          name: 'estimated',
          band: true,
          points: [
            { t: 0, value: 0.86, lower: 0.8, upper: 0.9 },
            { t: 3_600_000, value: null, lower: null, upper: null },
            { t: 7_200_000, value: 0.85, lower: 0.79, upper: 0.91 },
          ],
        },
      ],
    });
    const [lower, band, line] = spec.option.series;
    expect(spec.option.series).toHaveLength(3);
    expect(lower?.id).toBe('band-lower:estimated');
    expect(lower?.data).toEqual([
      [0, 0.8],
      [3_600_000, null],
      [7_200_000, 0.79],
    ]);
    expect(lower?.lineStyle?.opacity).toBe(0);
    expect(band?.id).toBe('band:estimated');
    expect(band?.stack).toBe(lower?.stack);
    const heights = band?.data as [number, number | null][];
    expect(heights[0]![1]).toBeCloseTo(0.1, 12);
    expect(heights[1]![1]).toBeNull();
    expect(heights[2]![1]).toBeCloseTo(0.12, 12);
    expect(band?.areaStyle).toEqual({ color: SERIES_PALETTE[0], opacity: 0.2 });
    expect(line?.id).toBe('line:estimated');
    expect(line?.data).toEqual([
      [0, 0.86],
      [3_600_000, null],
      [7_200_000, 0.85],
    ]);
    expect(spec.option.legend?.data).toEqual(['estimated band', 'estimated']);
    expect(spec.option.xAxis.type).toBe('time');
  });

  it('names the band in the legend as asked', () => {
    const spec = timeSeriesChart({
      title: 't',
      lines: [{ name: 'mean', band: true, bandName: 'mean ± 1 standard deviation', points: [{ t: 0, value: 1, lower: 0, upper: 2 }] }],
    });
    expect(spec.option.series[1]?.name).toBe('mean ± 1 standard deviation');
    expect(spec.option.legend?.data).toEqual(['mean ± 1 standard deviation', 'mean']);
  });

  it('leaves out a band that has no finite edges, and non-finite values become gaps', () => {
    const spec = timeSeriesChart({ title: 't', lines: [{ name: 'x', band: true, points: [{ t: 1, value: Number.NaN, lower: null, upper: 2 }] }] });
    expect(spec.option.series).toHaveLength(1);
    expect(spec.option.series[0]?.data).toEqual([[1, null]]);
  });

  it('gives lines distinct colours and dashes in turn, bars for counts, stacked areas for shares', () => {
    const points = [{ t: 0, value: 1 }];
    const spec = timeSeriesChart({
      title: 'Latency',
      lines: [
        { name: 'p50', points },
        { name: 'p95', points },
        { name: 'p99', points },
        { name: 'p99.9', points, color: '#123456', dash: 'solid' },
      ],
    });
    expect(spec.option.series.map((s) => s.lineStyle?.color)).toEqual([SERIES_PALETTE[0], SERIES_PALETTE[1], SERIES_PALETTE[2], '#123456']);
    expect(spec.option.series.map((s) => s.lineStyle?.type)).toEqual(['solid', 'dashed', 'dotted', 'solid']);
    const bars = timeSeriesChart({ title: 'Volume', lines: [{ name: 'predictions', bars: true, points }] });
    expect(bars.option.series[0]?.type).toBe('bar');
    const shares = timeSeriesChart({
      title: 'Classes',
      yMin: 0,
      yMax: 1,
      lines: [
        { name: '0', stacked: true, points },
        { name: '1', stacked: true, points },
      ],
    });
    expect(shares.option.series.map((s) => s.stack)).toEqual(['stacked', 'stacked']);
    expect(shares.option.series[1]?.areaStyle).toEqual({ color: SERIES_PALETTE[1], opacity: 0.55 });
    expect(shares.option.yAxis).toEqual({ type: 'value', min: 0, max: 1 });
  });

  it('spans the requested range and marks a threshold on the first line', () => {
    const spec = timeSeriesChart({
      title: 'Drift',
      from: 1000,
      to: 5000,
      yName: 'score',
      threshold: { value: 0.1, name: 'threshold' },
      lines: [{ name: 'income', points: [{ t: 2000, value: 0.4 }] }],
    });
    expect(spec.option.xAxis).toMatchObject({ type: 'time', min: 1000, max: 5000 });
    expect(spec.option.yAxis).toEqual({ type: 'value', name: 'score', scale: true });
    expect(spec.option.series[0]?.markLine).toEqual({
      symbol: 'none',
      silent: true,
      lineStyle: { color: CHART_COLORS.threshold, type: 'dashed' },
      label: { show: true, position: 'insideEndTop', formatter: '{b} {c}' },
      data: [{ yAxis: 0.1, name: 'threshold' }],
    });
  });
});
