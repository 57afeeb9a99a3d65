// An experiment's charts: the lift of each treatment on each metric with its interval (a forest
// plot: a point and a bar per row, a line at zero) and the cumulative effect of a goal metric over
// time. The dashboard draws them on canvas, `vigil experiment analyze --format html` as SVG.

import type { ExperimentResults } from '@vigil/wire';
import { CHART_COLORS, SERIES_PALETTE } from './chart-option.js';
import type { ChartSpec, SeriesOption } from './chart-option.js';
import { labelWidth } from './label-width.js';
import { timeSeriesChart } from './time-series-chart.js';

/** How a treatment compares with the control, with the words the legend gives it. */
export const LIFT_DIRECTIONS = {
  better: { label: 'significantly better', color: '#009e73' },
  worse: { label: 'significantly worse', color: CHART_COLORS.drifted },
  none: { label: 'no significant difference', color: CHART_COLORS.reference },
} as const;

export type LiftDirection = keyof typeof LIFT_DIRECTIONS;

/** One row of the lift chart: a treatment on a metric. */
export interface LiftRow {
  metric: string;
  variant: string;
  /** The effect and its interval, on the chart's scale (percent for a relative lift); null when no test ran. */
  expected: number | null;
  ci: readonly [number, number] | null;
  direction: LiftDirection;
}

/** Relative lifts are drawn in percent; absolute differences as they are. */
export function liftScale(difference: ExperimentResults['difference']): { factor: number; axisName: string } {
  return difference === 'relative' ? { factor: 100, axisName: 'relative lift (%)' } : { factor: 1, axisName: 'absolute difference' };
}

/** The rows of an experiment's lift chart, metric by metric in the experiment's order, each treatment in its order. */
export function liftRows(results: Pick<ExperimentResults, 'metrics' | 'difference'>): LiftRow[] {
  const { factor } = liftScale(results.difference);
  return results.metrics.flatMap((m) =>
    m.comparisons.map((c): LiftRow => {
      const tested = c.note === undefined && Number.isFinite(c.expected);
      const ci = tested && Number.isFinite(c.ci[0]) && Number.isFinite(c.ci[1]) ? ([c.ci[0] * factor, c.ci[1] * factor] as const) : null;
      return { metric: m.name, variant: c.variant, expected: tested ? c.expected * factor : null, ci, direction: c.direction };
    }),
  );
}

const ROW_HEIGHT = 34;
const MAX_LABEL_WIDTH = 260;

/** The row's label on the category axis: the metric, and the treatment when the experiment has several. */
export function liftRowLabel(row: Pick<LiftRow, 'metric' | 'variant'>, severalTreatments: boolean): string {
  return severalTreatments ? `${row.metric} · ${row.variant}` : row.metric;
}

/**
 * A forest plot: one row per (metric, treatment), top down; the interval as a horizontal bar, the
 * effect as a point, coloured (and named in the legend) by whether the treatment is significantly
 * better, worse or neither, with the metric's direction (`inverse`) already in `direction`; a
 * dashed line at zero, which an interval crosses exactly when it is not significant at its level.
 */
export function experimentLiftChart(results: Pick<ExperimentResults, 'metrics' | 'difference' | 'alpha'>, rows = liftRows(results)): ChartSpec {
  const { axisName } = liftScale(results.difference);
  const treatments = new Set(rows.map((r) => r.variant));
  const labels = rows.map((r) => `${liftRowLabel(r, treatments.size > 1)}${r.expected === null ? ' (no test)' : ''}`);
  const series: SeriesOption[] = [];
  rows.forEach((r, i) => {
    if (r.ci === null) return;
    series.push({
      type: 'line',
      id: `ci:${i}`,
      name: LIFT_DIRECTIONS[r.direction].label,
      data: [
        [r.ci[0], i],
        [r.ci[1], i],
      ],
      symbol: 'none',
      showSymbol: false,
      lineStyle: { color: LIFT_DIRECTIONS[r.direction].color, width: 3 },
      itemStyle: { color: LIFT_DIRECTIONS[r.direction].color },
      tooltip: { show: false },
    });
  });
  const present = (Object.keys(LIFT_DIRECTIONS) as LiftDirection[]).filter((d) => rows.some((r) => r.direction === d && r.expected !== null));
  for (const d of present) {
    series.push({
      type: 'scatter',
      id: `effect:${d}`,
      name: LIFT_DIRECTIONS[d].label,
      data: rows.flatMap((r, i) => (r.direction === d && r.expected !== null ? [[r.expected, i]] : [])),
      symbol: 'circle',
      symbolSize: 11,
      itemStyle: { color: LIFT_DIRECTIONS[d].color, borderColor: '#ffffff', borderWidth: 1 },
    });
  }
  // The zero line rides on a series with no data of its own, so it is drawn however the rows fall.
  series.push({
    type: 'line',
    id: 'zero',
    data: [],
    silent: true,
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle: { color: CHART_COLORS.threshold, type: 'dashed' },
      // The category axis runs top down, so the line starts at the top.
      label: { show: true, position: 'start', formatter: 'no effect' },
      data: [{ xAxis: 0, name: 'no effect' }],
    },
  });
  const lines = Math.max(1, ...labels.map((l) => Math.ceil(labelWidth(l) / MAX_LABEL_WIDTH)));
  const rowHeight = ROW_HEIGHT + (lines - 1) * 15;
  const level = `${formatLevel(1 - results.alpha)} intervals`;
  return {
    width: 720,
    height: Math.max(180, 130 + rows.length * rowHeight),
    option: {
      animation: false,
      title: { text: 'Effect of each treatment against the control', subtext: level, left: 8, textStyle: { fontSize: 13 }, subtextStyle: { fontSize: 11 } },
      tooltip: { trigger: 'item' },
      legend: { data: present.map((d) => LIFT_DIRECTIONS[d].label), bottom: 0, left: 'center' },
      // Room above the plot for the zero line's label, under the title.
      grid: { left: 8, right: 56, top: 84, bottom: 56 },
      // A value axis without `scale` always spans zero, with round ends past every interval.
      xAxis: { type: 'value', name: axisName, nameLocation: 'middle', nameGap: 26 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisLabel: { interval: 0, ...(lines > 1 && { width: MAX_LABEL_WIDTH, overflow: 'break' as const }) },
      },
      series,
    },
  };
}

/** Share of the final units from which on the cumulative chart's value axis fits the intervals. */
export const CUMULATIVE_AXIS_FROM_SHARE = 0.25;

/**
 * The effect of a goal metric on the units exposed so far, at each step, one line per treatment
 * with its interval as a band. The first steps' intervals, on a handful of units, can be a hundred
 * times wider than the last; the value axis spans the effects and intervals (and zero) from the
 * step with a quarter of the units on, and the wider early band is cut at the plot's edge.
 */
export function experimentCumulativeChart(results: Pick<ExperimentResults, 'cumulative' | 'difference' | 'alpha'>, metric: string): ChartSpec {
  const { factor, axisName } = liftScale(results.difference);
  const series = results.cumulative.series.filter((s) => s.metric === metric);
  const maxN = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.n)));
  const extent = [0];
  for (const s of series)
    for (const p of s.points) {
      if (p.n < CUMULATIVE_AXIS_FROM_SHARE * maxN) continue;
      if (p.expected !== null) extent.push(p.expected * factor);
      if (p.ci !== null && Number.isFinite(p.ci[0]) && Number.isFinite(p.ci[1])) extent.push(p.ci[0] * factor, p.ci[1] * factor);
    }
  const lo = Math.min(...extent);
  const hi = Math.max(...extent);
  const pad = (hi - lo) * 0.05;
  const range = hi > lo ? { yMin: roundOut(lo - pad, 'down'), yMax: roundOut(hi + pad, 'up') } : {};
  return timeSeriesChart({
    title: `Cumulative effect on ${metric} (${axisName}, ${formatLevel(1 - results.alpha)} interval)`,
    ...range,
    lines: series.map((s, i) => ({
      name: s.variant,
      color: SERIES_PALETTE[i % SERIES_PALETTE.length]!,
      band: true,
      bandName: `${s.variant} interval`,
      points: s.points.map((p) => ({
        t: Date.parse(p.at),
        value: p.expected === null ? null : p.expected * factor,
        lower: p.ci === null ? null : p.ci[0] * factor,
        upper: p.ci === null ? null : p.ci[1] * factor,
      })),
    })),
    threshold: { value: 0, name: 'no effect' },
  });
}

/** Two significant digits, away from zero's side of `v` (`down` or `up`), 0 kept as 0. */
function roundOut(v: number, way: 'down' | 'up'): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Number(((way === 'up' ? Math.ceil(v / unit) : Math.floor(v / unit)) * unit).toPrecision(2));
}

/** 0.95 → `95 %`, 0.9 → `90 %`, 0.999 → `99.9 %`. */
function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(4))} %`;
}
