// Draws one chart specification of @vigil/core with ECharts, at the width of its container.
// The chart is an image to assistive technology (its label says what it shows); every page puts
// the same numbers in text or a table beside it.

import { useEffect, useRef } from 'react';
import type { ChartSpec } from '@vigil/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { initChart } from './echarts-setup.js';

export interface ChartClick {
  seriesId: string | undefined;
  dataIndex: number;
  data: unknown;
}

export interface EChartProps {
  spec: ChartSpec;
  /** What the chart shows, for screen readers. */
  label: string;
  /** Extra option fields laid over the specification (tooltip formatters: functions cannot live in a shared spec). */
  overlay?: Record<string, unknown>;
  onClick?: (click: ChartClick) => void;
  /** `data-testid` of the container. */
  testId?: string;
}

export function EChart({ spec, label, overlay, onClick, testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = box.current!;
    const c = initChart(el, null, { renderer: 'canvas', height: spec.height });
    chart.current = c;
    c.on('click', (p) => clickRef.current?.({ seriesId: p.seriesId ?? undefined, dataIndex: p.dataIndex, data: p.data }));
    c.on('finished', () => el.setAttribute('data-rendered', 'true'));
    // Only a change of width redraws: the observer also reports the first layout and height changes
    // the chart makes itself, and every redraw of a large chart costs a frame.
    let width = el.clientWidth;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      c.resize();
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
    // The chart is made once per container; option changes go through setOption below.
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (c === null) return;
    box.current!.removeAttribute('data-rendered');
    if (c.getHeight() !== spec.height) c.resize({ height: spec.height });
    c.setOption({ ...spec.option, ...overlay } as unknown as EChartsCoreOption, { notMerge: true });
  }, [spec, overlay]);

  return <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} style={{ height: spec.height }} />;
}
