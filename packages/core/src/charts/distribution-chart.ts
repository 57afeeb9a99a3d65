// One column's reference and current distributions as side-by-side bars on the same bins.

import { CHART_COLORS } from './chart-option.js';
import type { ChartSpec } from './chart-option.js';
import type { ColumnDistribution } from './column-distribution.js';

export function distributionChart(column: string, distribution: ColumnDistribution, subtitle?: string): ChartSpec {
  const labels = distribution.kind === 'numeric' ? distribution.reference.map((_, i) => formatEdge(distribution.edges[i] ?? 0)) : distribution.categories;
  return {
    width: 360,
    height: 220,
    option: {
      animation: false,
      title: { text: column, ...(subtitle !== undefined && { subtext: subtitle }), left: 8, textStyle: { fontSize: 13 }, subtextStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      legend: { data: ['reference', 'current'], top: 4, right: 8 },
      grid: { left: 8, right: 12, top: 64, bottom: 8 },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 8 ? 45 : 0 } },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: 'reference', data: distribution.reference.map(round), itemStyle: { color: CHART_COLORS.reference }, barGap: '0%' },
        { type: 'bar', name: 'current', data: distribution.current.map(round), itemStyle: { color: CHART_COLORS.current } },
      ],
    },
  };
}

/** Bars are labelled by their lower edge, in at most four significant digits. */
function formatEdge(edge: number): string {
  return Number(edge.toPrecision(4)).toString();
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
