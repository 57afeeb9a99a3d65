// Lines (or bars, or stacked areas) over time on one value axis, with an optional confidence band
// per line: the dashboard's volume, latency, prediction, performance and feature charts.

import { CHART_COLORS, SERIES_PALETTE } from './chart-option.js';
import type { ChartSpec, SeriesOption } from './chart-option.js';

export interface TimePoint {
  /** Start of the step, epoch milliseconds. */
  t: number;
  value: number | null;
  /** Confidence band around `value` (CBPE: ±3 sampling errors), where there is one. */
  lower?: number | null;
  upper?: number | null;
}

export interface TimeSeriesLine {
  name: string;
  points: readonly TimePoint[];
  /** Default: the next colour of `SERIES_PALETTE`. */
  color?: string;
  /** Default: solid, dashed, dotted in turn, so lines differ in more than colour. */
  dash?: 'solid' | 'dashed' | 'dotted';
  /** Shade the points' lower–upper band behind the line. */
  band?: boolean;
  /** The band's name in the legend (default `<name> band`). */
  bandName?: string;
  /** Bars instead of a line (counts per step). */
  bars?: boolean;
  /** Stack with the other stacked lines as filled areas (shares that add up to 1). */
  stacked?: boolean;
}

export interface TimeSeriesChartOptions {
  title: string;
  subtitle?: string;
  lines: readonly TimeSeriesLine[];
  /** Name of the value axis (unit). */
  yName?: string;
  yMin?: number;
  yMax?: number;
  /** A horizontal line, e.g. a drift threshold. */
  threshold?: { value: number; name: string };
  /** The time axis spans [from, to] even where data starts later or ends earlier, so the charts of one page line up. */
  from?: number;
  to?: number;
  width?: number;
  height?: number;
}

const DASHES = ['solid', 'dashed', 'dotted'] as const;

/** Series ids: `line:<name>` for what the reader reads, `band:<name>` and `band-lower:<name>` for a band's two helper series. */
export const TIME_SERIES_IDS = {
  line: (name: string) => `line:${name}`,
  band: (name: string) => `band:${name}`,
  bandLower: (name: string) => `band-lower:${name}`,
} as const;

/**
 * A band is two stacked series: an invisible lower edge, then the band's height (upper − lower)
 * filled, which is how ECharts shades between two curves. Points without both edges leave a gap.
 */
export function timeSeriesChart(options: TimeSeriesChartOptions): ChartSpec {
  const series: SeriesOption[] = [];
  const legend: string[] = [];
  options.lines.forEach((line, i) => {
    const color = line.color ?? SERIES_PALETTE[i % SERIES_PALETTE.length]!;
    const dash = line.dash ?? DASHES[i % DASHES.length]!;
    if (line.band === true && line.points.some((p) => isFiniteNumber(p.lower) && isFiniteNumber(p.upper))) {
      const stack = TIME_SERIES_IDS.band(line.name);
      const edge = (p: TimePoint): [number, number | null] => [p.t, isFiniteNumber(p.lower) && isFiniteNumber(p.upper) ? p.lower : null];
      const height = (p: TimePoint): [number, number | null] => [p.t, isFiniteNumber(p.lower) && isFiniteNumber(p.upper) ? p.upper - p.lower : null];
      const helper = { type: 'line' as const, stack, symbol: 'none', showSymbol: false, silent: true, tooltip: { show: false }, lineStyle: { opacity: 0 } };
      series.push({ ...helper, id: TIME_SERIES_IDS.bandLower(line.name), name: `${line.name} band lower`, data: line.points.map(edge) });
      const bandName = line.bandName ?? `${line.name} band`;
      series.push({
        ...helper,
        id: TIME_SERIES_IDS.band(line.name),
        name: bandName,
        data: line.points.map(height),
        areaStyle: { color, opacity: 0.2 },
        itemStyle: { color },
      });
      legend.push(bandName);
    }
    const data = line.points.map((p): [number, number | null] => [p.t, isFiniteNumber(p.value) ? p.value : null]);
    const id = TIME_SERIES_IDS.line(line.name);
    if (line.bars === true) {
      series.push({ type: 'bar', id, name: line.name, data, itemStyle: { color }, barMaxWidth: 24 });
    } else {
      series.push({
        type: 'line',
        id,
        name: line.name,
        data,
        showSymbol: line.points.length <= 48,
        symbolSize: 4,
        itemStyle: { color },
        lineStyle: { color, type: line.stacked === true ? 'solid' : dash, width: 2 },
        ...(line.stacked === true && { stack: 'stacked', areaStyle: { color, opacity: 0.55 } }),
      });
    }
    legend.push(line.name);
  });
  const first = series.find((s) => s.id?.startsWith('line:'));
  if (options.threshold !== undefined && first !== undefined) {
    first.markLine = {
      symbol: 'none',
      silent: true,
      lineStyle: { color: CHART_COLORS.threshold, type: 'dashed' },
      label: { show: true, position: 'insideEndTop', formatter: '{b} {c}' },
      data: [{ yAxis: options.threshold.value, name: options.threshold.name }],
    };
  }
  return {
    width: options.width ?? 720,
    height: options.height ?? 240,
    option: {
      animation: false,
      title: {
        text: options.title,
        ...(options.subtitle !== undefined && { subtext: options.subtitle }),
        left: 8,
        textStyle: { fontSize: 13 },
        subtextStyle: { fontSize: 11 },
      },
      tooltip: { trigger: 'axis' },
      // The legend sits under the plot, so long titles and many lines never overlap it.
      legend: { data: legend, bottom: 0, left: 'center' },
      grid: { left: 8, right: 16, top: (options.subtitle === undefined ? 40 : 56) + (options.yName === undefined ? 0 : 16), bottom: 32 },
      xAxis: {
        type: 'time',
        ...(options.from !== undefined && { min: options.from }),
        ...(options.to !== undefined && { max: options.to }),
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        ...(options.yName !== undefined && { name: options.yName }),
        ...(options.yMin !== undefined && { min: options.yMin }),
        ...(options.yMax !== undefined && { max: options.yMax }),
        ...(options.yMin === undefined && { scale: true }),
      },
      series,
    },
  };
}

function isFiniteNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
