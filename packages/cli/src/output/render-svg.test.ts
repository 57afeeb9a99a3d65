import { describe, expect, it } from 'vitest';
import { confusionMatrixChart, distributionChart, driftSummaryChart } from '@vigil/core';
import type { DriftColumnResult } from '@vigil/core';
import { renderSvg } from './render-svg.js';
import { measureText } from './text-width.js';

const columns: DriftColumnResult[] = [
  { name: 'city', type: 'categorical', method: 'chisquare', score: 1e-12, threshold: 0.05, drifted: true },
  { name: 'debt_to_income_ratio', type: 'numerical', method: 'ks', score: 0.3, threshold: 0.05, drifted: false },
  { name: 'x', type: 'numerical', method: 'ks', score: 0.6, threshold: 0.05, drifted: false },
];
const drift = { columns, share: 1 / 3, numberOfDriftedColumns: 1, numberOfColumns: 3, datasetDrift: false, driftShareThreshold: 0.5 };

/** Every `<text>` ECharts drew with its anchor, position and content. */
function texts(svg: string): { anchor: string; x: number; y: number; text: string }[] {
  return [...svg.matchAll(/<text[^>]*text-anchor="(\w+)"[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    anchor: m[1]!,
    x: Number(m[2]),
    y: Number(m[3]),
    text: m[4]!,
  }));
}

/** The content of every `<text>`, turned ones included. */
function textContents(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('renderSvg', () => {
  it('lays labels out by widths no common sans-serif exceeds, so the drift chart’s labels start inside the picture', () => {
    // DejaVu Sans (Linux's sans-serif) draws "city (chisquare)" 93.6 px wide at 12 px, Verdana 94.3;
    // ECharts' own estimate without a canvas (Arial) is 81.4, and the label was cut to "ty (chisquare)".
    expect(measureText('city (chisquare)', '12px sans-serif').width).toBeGreaterThanOrEqual(94.3);
    const svg = renderSvg(driftSummaryChart(drift));
    const labels = texts(svg).filter((t) => t.anchor === 'end');
    expect(labels.map((t) => t.text)).toEqual(['city (chisquare)', 'debt_to_income_ratio (ks)', 'x (ks)']);
    for (const label of labels) expect(label.x - measureText(label.text, '12px sans-serif').width).toBeGreaterThanOrEqual(0);
  });

  it('draws the threshold line and names the measure on the axis', () => {
    const svg = renderSvg(driftSummaryChart(drift));
    expect(svg).toMatch(/stroke-dasharray/);
    expect(textContents(svg)).toEqual(expect.arrayContaining(['−log10 p-value', 'p = 0.05', 'drifted', 'not drifted']));
  });

  it('gives every bar its hover text as an SVG <title>, and the drifted column a bar', () => {
    const svg = renderSvg(driftSummaryChart(drift));
    const bars = [...svg.matchAll(/<path d="M([-\d.]+) [-\d.]+l([-\d.]+) 0[^"]*"[^>]*ecmeta_ssr_type="chart"[^>]*><title>([^<]*)<\/title><\/path>/g)];
    expect(bars.map((m) => m[3])).toEqual([
      'city (chisquare): p-value 1e-12, threshold 0.05, drifted',
      'debt_to_income_ratio (ks): p-value 0.3, threshold 0.05, not drifted',
      'x (ks): p-value 0.6, threshold 0.05, not drifted',
    ]);
    const widths = bars.map((m) => Number(m[2]));
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[1]).toBeGreaterThan(widths[2]!);
    // The legend's swatches and the threshold line are no data: no hover text.
    expect(svg.match(/<title>/g)).toHaveLength(3);
  });

  it('names every category on the axis, turned when they would collide', () => {
    const categories = ['debt_consolidation', 'home_improvement', 'credit_card', 'major_purchase', 'small_business', 'medical', 'car', 'crypto'];
    const share = categories.map(() => 1 / categories.length);
    const svg = renderSvg(distributionChart('purpose', { kind: 'categorical', categories, reference: share, current: share }));
    const drawn = textContents(svg);
    for (const category of categories) expect(drawn).toContain(category);
    expect(svg).toContain('<title>crypto: 12.5% of current</title>');
  });

  it('gives heatmap cells their count and place as hover text', () => {
    const svg = renderSvg(
      confusionMatrixChart({
        labels: [0, 1],
        matrix: [
          [5, 1],
          [2, 7],
        ],
      }),
    );
    expect(svg).toContain('<title>count 2 (actual 1, predicted 0)</title>');
  });
});
