// One column's reference and current distributions as side-by-side bars on the same bins.

import { CHART_COLORS } from './chart-option.js';
import type { ChartSpec, SeriesDatum } from './chart-option.js';
import type { ColumnDistribution } from './column-distribution.js';
import { categoryLabelLayout } from './label-width.js';

const WIDTH = 360;
const HEIGHT = 220;
/** Room the value axis' labels and the grid's margins take from the width. */
const VALUE_AXIS_ROOM = 60;
/** Label depth the base height already leaves room for; deeper labels make the chart taller. */
const BASE_LABEL_DEPTH = 20;

/**
 * Category bars name every category, a category only one side has included: labels turn or wrap
 * instead of being skipped. Numeric bins are labelled by their lower edge, and ECharts may skip
 * some of those (every edge is implied by its neighbours). Each bar's `name` is its hover text.
 */
export function distributionChart(column: string, distribution: ColumnDistribution, subtitle?: string): ChartSpec {
  const categorical = distribution.kind === 'categorical';
  const edges = categorical ? [] : formatEdges(distribution.edges);
  const labels = categorical ? distribution.categories : distribution.reference.map((_, i) => edges[i] ?? '');
  const layout = categorical ? categoryLabelLayout(labels, WIDTH - VALUE_AXIS_ROOM) : undefined;
  const height = HEIGHT + Math.ceil(Math.max(0, (layout?.depth ?? 0) - BASE_LABEL_DEPTH));
  const bars = (side: 'reference' | 'current'): SeriesDatum[] =>
    distribution[side].map((share, i) => ({
      value: round(share),
      name: `${categorical ? labels[i] : `${edges[i]} to ${edges[i + 1]}`}: ${formatShare(share)} of ${side}`,
    }));
  return {
    width: WIDTH,
    height,
    option: {
      animation: false,
      title: { text: column, ...(subtitle !== undefined && { subtext: subtitle }), left: 8, textStyle: { fontSize: 13 }, subtextStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      legend: { data: ['reference', 'current'], top: 4, right: 8 },
      grid: { left: 8, right: 12, top: 64, bottom: 8 },
      xAxis: { type: 'category', data: labels, axisLabel: layout?.axisLabel ?? { rotate: labels.length > 8 ? 45 : 0 } },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: 'reference', data: bars('reference'), itemStyle: { color: CHART_COLORS.reference }, barGap: '0%' },
        { type: 'bar', name: 'current', data: bars('current'), itemStyle: { color: CHART_COLORS.current } },
      ],
    },
  };
}

/**
 * Bars are labelled by their lower edge, in four significant digits or as many more as it takes
 * to tell neighbouring edges apart (epoch seconds binned by the minute).
 */
function formatEdges(edges: readonly number[]): string[] {
  for (let digits = 4; digits < 17; digits++) {
    const labels = edges.map((edge) => Number(edge.toPrecision(digits)).toString());
    if (new Set(labels).size === labels.length) return labels;
  }
  return edges.map(String);
}

function formatShare(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
