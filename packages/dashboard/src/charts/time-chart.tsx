// A time-series chart of @vigil/core's `timeSeriesChart`, with a tooltip that lists the lines'
// values (and their bands) at the hovered time, in the viewer's time zone.

import { useMemo } from 'react';
import { TIME_SERIES_IDS, timeSeriesChart } from '@vigil/core';
import type { TimeSeriesChartOptions } from '@vigil/core';
import { formatDateTime } from '../format/format-time.js';
import { formatValue } from '../format/format-number.js';
import { EChart } from './echart.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface AxisParam {
  seriesId?: string;
  seriesName?: string;
  marker?: string;
  value?: unknown;
  axisValue?: unknown;
}

export function TimeChart({
  options,
  label,
  format = formatValue,
  testId,
}: {
  options: TimeSeriesChartOptions;
  label: string;
  format?: (v: number | null) => string;
  testId?: string;
}) {
  const spec = useMemo(() => timeSeriesChart(options), [options]);
  const overlay = useMemo(() => {
    const bands = new Map(options.lines.filter((l) => l.band === true).map((l) => [TIME_SERIES_IDS.line(l.name), new Map(l.points.map((p) => [p.t, p]))]));
    return {
      tooltip: {
        trigger: 'axis',
        formatter: (raw: AxisParam | AxisParam[]) => {
          const params = (Array.isArray(raw) ? raw : [raw]).filter((p) => p.seriesId?.startsWith('line:') === true);
          const t = Number(params[0]?.axisValue);
          const rows = params.map((p) => {
            const v = Array.isArray(p.value) ? (p.value[1] as number | null) : null;
            const point = bands.get(p.seriesId!)?.get(t);
            const band = point?.lower != null && point.upper != null ? ` (${format(point.lower)} – ${format(point.upper)})` : '';
            return `${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(format(v))}</b>${escapeHtml(band)}`;
          });
          return [Number.isFinite(t) ? escapeHtml(formatDateTime(t)) : '', ...rows].join('<br>');
        },
      },
    };
  }, [options, format]);
  return <EChart spec={spec} overlay={overlay} label={label} {...(testId !== undefined && { testId })} />;
}
