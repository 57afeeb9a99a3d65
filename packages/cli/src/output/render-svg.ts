// Renders a chart specification to an SVG string with ECharts' server-side renderer (no DOM, no
// canvas), importing only the chart types and components the specifications use.

import type { ChartSpec } from '@vigil/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { addHoverTitles } from './svg-hover-titles.js';
import { measureText } from './text-width.js';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);
// Lay text out by widths no browser font exceeds, so no label is drawn past the picture's edge.
echarts.setPlatformAPI({ measureText });

/**
 * The chart as SVG, each mark carrying its tooltip as a `<title>` (the browser's own hover text):
 * ECharts' tooltips need its script in the page, and the report has none.
 */
export function renderSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option as unknown as EChartsCoreOption);
    return addHoverTitles(chart.renderToSVGString(), spec.option);
  } finally {
    chart.dispose();
  }
}
