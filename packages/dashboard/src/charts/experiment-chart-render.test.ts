// The experiment charts drawn by ECharts itself (its server-side SVG renderer, with the components
// the dashboard registers): every interval is drawn as a bar in its row's colour, the zero line
// lies inside the plot, and the cumulative chart shades each treatment's interval.

import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { LIFT_DIRECTIONS, experimentCumulativeChart, experimentLiftChart } from '@vigil/core';
import type { ChartSpec } from '@vigil/core';
import type { ExperimentComparison, ExperimentResults } from '@vigil/wire';

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

const comparison = (variant: string, expected: number, ci: [number, number], direction: ExperimentComparison['direction']): ExperimentComparison => ({
  variant,
  expected,
  se: 0.01,
  ci,
  pValue: 0.01,
  significant: direction !== 'none',
  direction,
});

const metric = (name: string, comparisons: ExperimentComparison[]): ExperimentResults['metrics'][number] => ({
  name,
  kind: 'mean',
  role: 'goal',
  inverse: false,
  source: 'outcomes',
  variants: [],
  comparisons,
});

/** Horizontal strokes of a colour: `M x1 y L x2 y` paths (the interval bars). */
function horizontalStrokes(text: string, color: string): { x1: number; x2: number; y: number }[] {
  const out: { x1: number; x2: number; y: number }[] = [];
  for (const m of text.matchAll(/<path d="M([\d.-]+) ([\d.-]+)L([\d.-]+) ([\d.-]+)"[^>]*stroke="([^"]+)" stroke-width="3"/g)) {
    if (m[5] === color && m[2] === m[4]) out.push({ x1: Number(m[1]), x2: Number(m[3]), y: Number(m[2]) });
  }
  return out;
}

describe('experiment charts in ECharts', () => {
  it('draws each interval as a bar in its row, in the colour of its verdict, with the zero line between the intervals on each side', () => {
    const spec = experimentLiftChart({
      difference: 'relative',
      alpha: 0.05,
      metrics: [
        metric('revenue', [comparison('b', 0.12, [0.02, 0.22], 'better'), comparison('c', -0.03, [-0.1, 0.04], 'none')]),
        metric('latency', [comparison('b', -0.2, [-0.3, -0.1], 'worse'), comparison('c', 0.01, [-0.02, 0.04], 'none')]),
      ],
    });
    const text = svg(spec);
    const better = horizontalStrokes(text, LIFT_DIRECTIONS.better.color);
    const worse = horizontalStrokes(text, LIFT_DIRECTIONS.worse.color);
    const none = horizontalStrokes(text, LIFT_DIRECTIONS.none.color);
    expect([better.length, worse.length, none.length]).toEqual([1, 1, 2]);
    // Rows top down in the order of the results.
    const rows = [better[0]!, none[0]!, worse[0]!, none[1]!];
    expect(rows.map((r) => r.y)).toEqual([...rows.map((r) => r.y)].sort((a, b) => a - b));
    const zero = /<path d="M([\d.]+) [\d.]+L([\d.]+) [\d.]+"[^>]*stroke="#333333" stroke-dasharray/.exec(text);
    expect(zero).not.toBeNull();
    const x0 = Number(zero![1]);
    expect(Number(zero![2])).toBe(x0);
    // The better interval lies right of zero, the worse one left, the others across it.
    expect(better[0]!.x1).toBeGreaterThan(x0);
    expect(worse[0]!.x2).toBeLessThan(x0);
    for (const r of none) expect(r.x1 < x0 && r.x2 > x0).toBe(true);
    // Interval widths keep their proportions: 20 points, 20 points, 14 and 6.
    const width = (r: { x1: number; x2: number }) => r.x2 - r.x1;
    expect(width(better[0]!) / width(none[1]!)).toBeCloseTo(20 / 6, 1);
    expect(text).toContain('relative lift (%)');
  });

  it('shades the cumulative interval of each treatment', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
    const points = [1, 2, 3].map((h) => ({ at: at(h), n: h * 100, expected: 0.1 / h, ci: [0.1 / h - 0.2 / h, 0.1 / h + 0.2 / h] as [number, number] }));
    const text = svg(
      experimentCumulativeChart(
        {
          difference: 'relative',
          alpha: 0.05,
          cumulative: {
            bucketMs: 3_600_000,
            series: [
              { metric: 'revenue', variant: 'b', points },
              { metric: 'revenue', variant: 'c', points },
            ],
          },
        },
        'revenue',
      ),
    );
    expect(text).toContain('b interval');
    expect(text).toContain('c interval');
    expect(text.match(/fill-opacity="0\.2"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});
