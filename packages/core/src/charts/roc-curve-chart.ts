// ROC curve (false-positive rate against true-positive rate) with the chance diagonal; reference
// and current overlay when both are given.

import { CHART_COLORS } from './chart-option.js';
import type { ChartSpec, SeriesOption } from './chart-option.js';

export interface RocPoints {
  /** False-positive rates. */
  x: readonly number[];
  /** True-positive rates. */
  y: readonly number[];
}

export function rocCurveChart(curves: { current: RocPoints; reference?: RocPoints; currentAuc?: number; referenceAuc?: number }): ChartSpec {
  const line = (name: string, points: RocPoints, color: string): SeriesOption => ({
    type: 'line',
    name,
    showSymbol: false,
    lineStyle: { color, width: 2 },
    itemStyle: { color },
    data: points.x.map((x, i) => [x, points.y[i] ?? 0] as [number, number]),
  });
  const series: SeriesOption[] = [];
  const names: string[] = [];
  if (curves.reference) {
    names.push(label('reference', curves.referenceAuc));
    series.push(line(names[names.length - 1] as string, curves.reference, CHART_COLORS.reference));
  }
  names.push(label('current', curves.currentAuc));
  series.push(line(names[names.length - 1] as string, curves.current, CHART_COLORS.current));
  series.push({
    type: 'line',
    name: 'chance',
    showSymbol: false,
    lineStyle: { color: CHART_COLORS.threshold, type: 'dashed', width: 1 },
    data: [
      [0, 0],
      [1, 1],
    ],
  });
  return {
    width: 380,
    height: 340,
    option: {
      animation: false,
      title: { text: 'ROC curve', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend: { data: names, top: 24, right: 8 },
      grid: { left: 8, right: 16, top: 64, bottom: 8 },
      xAxis: { type: 'value', name: 'false-positive rate', nameLocation: 'middle', nameGap: 24, min: 0, max: 1 },
      yAxis: { type: 'value', name: 'true-positive rate', min: 0, max: 1 },
      series,
    },
  };
}

function label(side: string, auc: number | undefined): string {
  return auc === undefined ? side : `${side} (AUC ${auc.toFixed(3)})`;
}
