// Confusion matrix as a heatmap: rows are actual labels (top to bottom), columns predicted labels.

import type { ChartSpec } from './chart-option.js';

export function confusionMatrixChart(
  confusion: { labels: readonly (string | number)[]; matrix: readonly (readonly number[])[] },
  title = 'Confusion matrix',
): ChartSpec {
  const labels = confusion.labels.map(String);
  const data: [number, number, number][] = [];
  let max = 0;
  confusion.matrix.forEach((row, actual) =>
    row.forEach((count, predicted) => {
      data.push([predicted, actual, count]);
      if (count > max) max = count;
    }),
  );
  const size = Math.min(560, 160 + labels.length * 48);
  return {
    width: size,
    height: size,
    option: {
      animation: false,
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 16, top: 40, bottom: 56 },
      xAxis: { type: 'category', name: 'predicted', nameLocation: 'middle', nameGap: 28, data: labels, splitArea: { show: true } },
      yAxis: { type: 'category', name: 'actual', inverse: true, data: labels, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, max), orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f4f7fb', '#2f6fdb'] } },
      series: [{ type: 'heatmap', name: 'count', data, label: { show: true } }],
    },
  };
}
