import { describe, expect, it } from 'vitest';
import type { ChartOption } from '@vigil/core';
import { addHoverTitles, hoverText } from './svg-hover-titles.js';

const option: ChartOption = {
  animation: false,
  title: { text: 't' },
  grid: { left: 0, right: 0, top: 0, bottom: 0 },
  xAxis: { type: 'category', name: 'predicted', data: ['no', 'yes'] },
  yAxis: { type: 'category', name: 'actual', data: ['no', 'yes'] },
  series: [
    { type: 'bar', name: 'share', data: [0.25, { value: 0.5, name: 'yes: 50% <of> all' }] },
    { type: 'heatmap', name: 'count', data: [[1, 0, 7]] },
    { type: 'line', name: 'ROC & chance', data: [[0, 0]] },
  ],
};

describe('hoverText', () => {
  it('says what ECharts’ tooltip says: a datum’s name, or its category, series and value, or its place in a heatmap', () => {
    expect(hoverText(option, 0, 0)).toBe('no · share: 0.25');
    expect(hoverText(option, 0, 1)).toBe('yes: 50% <of> all');
    expect(hoverText(option, 1, 0)).toBe('count 7 (actual no, predicted yes)');
    expect(hoverText(option, 2, undefined)).toBe('ROC & chance');
    expect(hoverText(option, 5, 0)).toBeUndefined();
  });
});

describe('addHoverTitles', () => {
  it('puts an escaped <title> in each data mark, and none in legend swatches or silent marks', () => {
    const svg = [
      '<path d="M0 0" ecmeta_series_index="0" ecmeta_data_index="1" ecmeta_ssr_type="chart" class="a"></path>',
      '<path d="M1 1" ecmeta_series_index="2" ecmeta_ssr_type="chart"/>',
      '<path d="M2 2" ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="legend"></path>',
      '<path d="M3 3" ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="chart" ecmeta_silent="true"></path>',
      '<text ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="chart">7</text>',
    ].join('');
    expect(addHoverTitles(svg, option)).toBe(
      [
        '<path d="M0 0" ecmeta_series_index="0" ecmeta_data_index="1" ecmeta_ssr_type="chart" class="a"><title>yes: 50% &lt;of&gt; all</title></path>',
        '<path d="M1 1" ecmeta_series_index="2" ecmeta_ssr_type="chart"><title>ROC &amp; chance</title></path>',
        '<path d="M2 2" ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="legend"></path>',
        '<path d="M3 3" ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="chart" ecmeta_silent="true"></path>',
        '<text ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="chart">7</text>',
      ].join(''),
    );
  });
});
