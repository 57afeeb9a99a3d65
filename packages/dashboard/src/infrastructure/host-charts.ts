// The host page's charts as @vigil/core time-series options: one chart per metric, one line per
// GPU (or per core) where the metric has a label, values in the units people read (GiB, %, W).

import type { TimeSeriesChartOptions, TimeSeriesLine } from '@vigil/core';
import type { HostSeriesResponse } from '@vigil/wire';

const GIB = 2 ** 30;

/** The charts of a host page: metric, title, unit, the label a line is per, and a scale. */
export const HOST_CHARTS = [
  { metric: 'cpu_utilization', title: 'CPU utilisation', unit: '%', per: undefined, scale: 1, yMax: 100 },
  { metric: 'memory_utilization', title: 'Memory in use', unit: '%', per: undefined, scale: 1, yMax: 100 },
  { metric: 'gpu_utilization', title: 'GPU utilisation', unit: '%', per: 'gpu', scale: 1, yMax: 100 },
  { metric: 'gpu_memory_used_bytes', title: 'GPU memory used', unit: 'GiB', per: 'gpu', scale: 1 / GIB, yMax: undefined },
  { metric: 'gpu_power_watts', title: 'GPU power', unit: 'W', per: 'gpu', scale: 1, yMax: undefined },
  { metric: 'gpu_temperature_celsius', title: 'GPU temperature', unit: '°C', per: 'gpu', scale: 1, yMax: undefined },
] as const;

export type HostChart = (typeof HOST_CHARTS)[number];

/** The lines of one chart: a single line, or one per label value (`GPU 0`, `GPU 1`, …) in numeric order. */
export function hostChartLines(chart: HostChart, series: HostSeriesResponse): TimeSeriesLine[] {
  const byLine = new Map<string, { t: number; value: number | null }[]>();
  for (const p of series.points) {
    const key = chart.per === undefined ? chart.title : p.labels?.[chart.per];
    if (key === undefined) continue;
    const name = chart.per === 'gpu' ? `GPU ${key}` : key;
    let line = byLine.get(name);
    if (line === undefined) byLine.set(name, (line = []));
    line.push({ t: Date.parse(p.t), value: p.value === null ? null : p.value * chart.scale });
  }
  return [...byLine.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([name, points]) => ({ name, points: points.sort((a, b) => a.t - b.t) }));
}

export function hostChartOptions(chart: HostChart, series: HostSeriesResponse, range: { from: number; to: number }): TimeSeriesChartOptions {
  return {
    title: chart.title,
    lines: hostChartLines(chart, series),
    yName: chart.unit,
    yMin: 0,
    ...(chart.yMax !== undefined && { yMax: chart.yMax }),
    from: range.from,
    to: range.to,
  };
}
