// The subset of ECharts' option object that Vigil's chart specifications use, typed here so that
// core stays free of the echarts package: the CLI renders these to SVG, the dashboard to canvas.

export type AxisType = 'value' | 'category' | 'log' | 'time';

export interface AxisOption {
  type: AxisType;
  name?: string;
  nameLocation?: 'start' | 'middle' | 'end';
  nameGap?: number;
  data?: (string | number)[];
  min?: number;
  max?: number;
  inverse?: boolean;
  /**
   * `interval: 0` shows every label (ECharts otherwise skips labels that would overlap); `width` with
   * `overflow: 'break'` wraps a long label onto more lines instead of cutting it.
   */
  axisLabel?: { rotate?: number; interval?: number; formatter?: string; hideOverlap?: boolean; width?: number; overflow?: 'break' | 'breakAll' };
  splitArea?: { show: boolean };
  /** Let a value axis start away from zero (latencies, feature statistics). */
  scale?: boolean;
}

/**
 * A data item: a number, an [x, y] or [x, y, value, …] tuple (null where there is no value), or a
 * value with a `name` (what its tooltip says, through the `{b}` of `tooltip.formatter`, and the
 * hover text of the HTML report's SVG) and its own style.
 */
export type SeriesDatum = number | null | (number | null)[] | { value: number; name?: string; itemStyle?: { color: string } };

export interface SeriesOption {
  type: 'bar' | 'line' | 'scatter' | 'heatmap';
  /** Stable id, so a renderer can tell a band's helper series from the lines (`band:<line>`). */
  id?: string;
  name?: string;
  data: SeriesDatum[];
  itemStyle?: { color?: string; opacity?: number; borderColor?: string; borderWidth?: number };
  lineStyle?: { color?: string; type?: 'solid' | 'dashed' | 'dotted'; width?: number; opacity?: number };
  /** Series with the same stack id are drawn on top of each other (class shares, confidence bands). */
  stack?: string;
  areaStyle?: { color?: string; opacity?: number };
  connectNulls?: boolean;
  /** Not hoverable and not in tooltips (a band's invisible lower edge). */
  silent?: boolean;
  tooltip?: { show: boolean };
  barMaxWidth?: number;
  barGap?: string;
  symbol?: string;
  symbolSize?: number;
  showSymbol?: boolean;
  step?: 'start' | 'middle' | 'end';
  /** Items drawn per frame; 0 draws every item in one pass. */
  progressive?: number;
  label?: { show: boolean; position?: string; formatter?: string };
  markLine?: {
    symbol: string;
    silent?: boolean;
    lineStyle?: { color?: string; type?: 'solid' | 'dashed' };
    label?: { show: boolean; position?: string; formatter?: string };
    data: { xAxis?: number; yAxis?: number; name?: string }[];
  };
}

export interface ChartOption {
  animation: false;
  title: { text: string; subtext?: string; left?: number | string; textStyle?: { fontSize: number }; subtextStyle?: { fontSize: number } };
  /** `formatter: '{b}'` shows each datum's `name`. */
  tooltip?: { trigger: 'axis' | 'item'; formatter?: string };
  legend?: { data: string[]; top?: number | string; right?: number | string; left?: number | string; bottom?: number | string };
  grid: { left: number | string; right: number | string; top: number | string; bottom: number | string };
  xAxis: AxisOption;
  yAxis: AxisOption;
  visualMap?: VisualMapOption;
  series: SeriesOption[];
}

/**
 * How values map to colours: a continuous ramp (counts of a confusion matrix) or pieces with their
 * own colour and label (drift levels against the threshold), read from data dimension `dimension`.
 */
export interface VisualMapOption {
  type?: 'continuous' | 'piecewise';
  min?: number;
  max?: number;
  dimension?: number;
  pieces?: { gte?: number; lt?: number; label: string; color: string }[];
  calculable?: boolean;
  orient?: 'horizontal' | 'vertical';
  left?: number | string;
  right?: number | string;
  top?: number | string;
  bottom?: number | string;
  itemWidth?: number;
  itemHeight?: number;
  inRange?: { color: string[] };
}

/** A chart specification: the option and the size it was designed for. */
export interface ChartSpec {
  option: ChartOption;
  width: number;
  height: number;
}

/**
 * Colours shared by every chart, so reference and current look the same everywhere. Drifted vs
 * stable use the Okabe–Ito vermillion and blue, which stay apart under the common colour-vision
 * deficiencies (red vs green would not).
 */
export const CHART_COLORS = {
  reference: '#7f8c9a',
  current: '#2f6fdb',
  drifted: '#d55e00',
  stable: '#0072b2',
  threshold: '#333333',
  /** Drift heatmap levels, from far below the threshold to far above: a pale and a sky blue, then Okabe–Ito orange and vermillion. */
  driftFarBelow: '#dbe9f6',
  driftNear: '#56b4e9',
  driftAbove: '#e69f00',
  driftFarAbove: '#d55e00',
} as const;

/**
 * Colours of several lines in one chart, in order: Okabe–Ito's palette (without its yellow, too
 * pale on white), which stays distinguishable under the common colour-vision deficiencies.
 * Charts also vary the dash of lines, so no line is told apart by colour alone.
 */
export const SERIES_PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000'] as const;
