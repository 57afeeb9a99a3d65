// Drift summary: one horizontal bar per column, its score against its threshold, red when drifted.
// Scores of p-value tests and of distances share the axis; the threshold marker tells them apart.

import type { DriftSection } from '../report/report-model.js';
import { CHART_COLORS } from './chart-option.js';
import type { ChartSpec } from './chart-option.js';

export function driftSummaryChart(drift: DriftSection): ChartSpec {
  // Drifted columns first, then by name, so the eye lands on what changed.
  const columns = [...drift.columns].sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.name.localeCompare(b.name));
  const height = Math.max(160, 60 + columns.length * 22);
  return {
    width: 720,
    height,
    option: {
      animation: false,
      title: {
        text: `Drift: ${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns (share ${round(drift.share)})`,
        subtext: drift.datasetDrift ? 'data set drift detected' : 'no data set drift',
        textStyle: { fontSize: 14 },
      },
      tooltip: { trigger: 'axis' },
      legend: { data: ['score', 'threshold'], top: 8, right: 16 },
      grid: { left: 8, right: 24, top: 56, bottom: 8 },
      xAxis: { type: 'value', name: 'score' },
      yAxis: { type: 'category', inverse: true, data: columns.map((column) => `${column.name} (${column.method})`) },
      series: [
        {
          type: 'bar',
          name: 'score',
          data: columns.map((column) => ({
            value: finite(column.adjustedScore ?? column.score),
            itemStyle: { color: column.drifted ? CHART_COLORS.drifted : CHART_COLORS.stable },
          })),
        },
        {
          type: 'scatter',
          name: 'threshold',
          symbol: 'rect',
          symbolSize: 10,
          itemStyle: { color: CHART_COLORS.threshold },
          data: columns.map((column, index) => [column.threshold, index] as [number, number]),
        },
      ],
    },
  };
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
