// The subset of ECharts' option object that Vigil's chart specifications use, typed here so that
// core stays free of the echarts package: the CLI renders these to SVG, the dashboard to canvas.

export type AxisType = 'value' | 'category' | 'log';

export interface AxisOption {
  type: AxisType;
  name?: string;
  nameLocation?: 'start' | 'middle' | 'end';
  nameGap?: number;
  data?: (string | number)[];
  min?: number;
  max?: number;
  inverse?: boolean;
  axisLabel?: { rotate?: number; interval?: number; formatter?: string };
  splitArea?: { show: boolean };
}

export interface SeriesOption {
  type: 'bar' | 'line' | 'scatter' | 'heatmap';
  name?: string;
  data: (number | null | [number, number] | [number, number, number] | { value: number; itemStyle?: { color: string } })[];
  itemStyle?: { color?: string; opacity?: number };
  lineStyle?: { color?: string; type?: 'solid' | 'dashed'; width?: number };
  barGap?: string;
  symbol?: string;
  symbolSize?: number;
  showSymbol?: boolean;
  step?: 'start' | 'middle' | 'end';
  label?: { show: boolean; position?: string; formatter?: string };
  markLine?: { symbol: string; silent?: boolean; lineStyle?: { color?: string; type?: 'solid' | 'dashed' }; data: { xAxis?: number; yAxis?: number; name?: string }[] };
}

export interface ChartOption {
  animation: false;
  title: { text: string; subtext?: string; left?: number | string; textStyle?: { fontSize: number }; subtextStyle?: { fontSize: number } };
  tooltip?: { trigger: 'axis' | 'item' };
  legend?: { data: string[]; top?: number | string; right?: number | string };
  grid: { left: number | string; right: number | string; top: number | string; bottom: number | string };
  xAxis: AxisOption;
  yAxis: AxisOption;
  visualMap?: { min: number; max: number; calculable?: boolean; orient?: 'horizontal' | 'vertical'; left?: string; bottom?: number | string; inRange?: { color: string[] } };
  series: SeriesOption[];
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
} as const;
