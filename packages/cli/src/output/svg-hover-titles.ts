// Hover text for the HTML report's charts. ECharts' server-side SVG marks each drawn datum with
// `ecmeta_series_index` / `ecmeta_data_index`; a `<title>` inside the mark is what a browser shows
// on hover, with no script in the page.

import type { AxisOption, ChartOption } from '@vigil/core';

/** Shapes that get a title; text (labels on cells) and groups do not. */
const MARK = /<(path|rect|circle|ellipse|polygon|polyline)\b([^>]*?)(\/?)>/g;

export function addHoverTitles(svg: string, option: ChartOption): string {
  return svg.replace(MARK, (element: string, tag: string, attributes: string, selfClosing: string) => {
    if (!/\becmeta_ssr_type="chart"/.test(attributes) || /\becmeta_silent="true"/.test(attributes)) return element;
    const series = /\becmeta_series_index="(\d+)"/.exec(attributes);
    if (series === null) return element;
    const data = /\becmeta_data_index="(\d+)"/.exec(attributes);
    const text = hoverText(option, Number(series[1]), data === null ? undefined : Number(data[1]));
    if (text === undefined || text === '') return element;
    const title = `<title>${escapeXml(text)}</title>`;
    return selfClosing ? `<${tag}${attributes}>${title}</${tag}>` : `${element}${title}`;
  });
}

/**
 * What ECharts' tooltip would say about one datum: its `name` when the chart gave it one, else the
 * series, the category or coordinates, and the value. A series drawn as one shape (a line) gets
 * its name.
 */
export function hoverText(option: ChartOption, seriesIndex: number, dataIndex: number | undefined): string | undefined {
  const series = option.series[seriesIndex];
  if (series === undefined) return undefined;
  const name = series.name ?? '';
  if (dataIndex === undefined) return name;
  const datum = series.data[dataIndex];
  if (datum === undefined || datum === null) return undefined;
  if (typeof datum === 'number') {
    const category = option.xAxis.type === 'category' ? option.xAxis.data?.[dataIndex] : option.yAxis.data?.[dataIndex];
    return `${category === undefined ? '' : `${category} · `}${name}: ${formatValue(datum)}`;
  }
  if (!Array.isArray(datum)) return datum.name ?? `${name}: ${formatValue(datum.value)}`;
  const [x, y, value] = datum;
  const where = `${coordinate(option.yAxis, y)}, ${coordinate(option.xAxis, x)}`;
  return value === undefined ? `${name}: ${where}` : `${name} ${formatValue(value)} (${where})`;
}

function coordinate(axis: AxisOption, value: number | null | undefined): string {
  const shown =
    axis.type === 'category' && typeof value === 'number' ? (axis.data?.[value] ?? value) : value === undefined || value === null ? '' : formatValue(value);
  return axis.name === undefined ? String(shown) : `${axis.name} ${shown}`;
}

function formatValue(value: number | null): string {
  if (value === null) return 'no value';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
