// The shared chart specifications drawn by ECharts itself (its server-side SVG renderer, the same
// library and components the dashboard draws with on canvas): the options are valid ECharts, and
// the heatmap paints each cell in the colour of its drift level.

import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { CHART_COLORS, driftHeatmapChart, timeSeriesChart } from '@vigil/core';
import type { ChartSpec, DriftHeatmapCell } from '@vigil/core';

use([
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

function svg(spec: ChartSpec): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option as unknown as EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const fills = (text: string, color: string) => text.split(`fill="${color}"`).length - 1;

describe('chart specifications in ECharts', () => {
  it('paints heatmap cells by level: one more cell of a colour, one more painted shape of it', () => {
    const H = 3_600_000;
    const steps = [0, H, 2 * H].map((t) => ({ t, label: String(t / H) }));
    const calm: DriftHeatmapCell[] = ['a', 'b', 'c'].flatMap((feature) => steps.map(({ t }) => ({ t, feature, score: 0.01, threshold: 0.1 })));
    const base = svg(driftHeatmapChart({ features: ['a', 'b', 'c'], steps, cells: calm }));
    // Three far-above cells, two above, one near; the rest stay far below.
    const scores: Record<string, number> = { 'a:0': 0.5, 'a:1': 0.3, 'b:2': 0.25, 'c:0': 0.15, 'c:1': 0.12, 'b:1': 0.07 };
    const cells = calm.map((c) => ({ ...c, score: scores[`${c.feature}:${c.t / H}`] ?? c.score }));
    const drawn = svg(driftHeatmapChart({ features: ['a', 'b', 'c'], steps, cells }));
    expect(fills(drawn, CHART_COLORS.driftFarAbove) - fills(base, CHART_COLORS.driftFarAbove)).toBe(3);
    expect(fills(drawn, CHART_COLORS.driftAbove) - fills(base, CHART_COLORS.driftAbove)).toBe(2);
    expect(fills(drawn, CHART_COLORS.driftNear) - fills(base, CHART_COLORS.driftNear)).toBe(1);
    expect(fills(base, CHART_COLORS.driftFarBelow) - fills(drawn, CHART_COLORS.driftFarBelow)).toBe(6);
  });

  it('draws a line with its confidence band and a threshold', () => {
    const points = [0, 1, 2].map((i) => ({ t: i * 3_600_000, value: 0.86, lower: 0.8, upper: 0.92 }));
    const text = svg(timeSeriesChart({ title: 'Accuracy', lines: [{ name: 'estimated', points, band: true }], threshold: { value: 0.8, name: 'floor' } }));
    expect(text).toContain('estimated band');
    expect(text).toMatch(/fill-opacity="0\.2"/);
  });
});
