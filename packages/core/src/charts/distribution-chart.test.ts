import { describe, expect, it } from 'vitest';
import { distributionChart } from './distribution-chart.js';
import { categoryLabelLayout, labelWidth } from './label-width.js';

function categorical(categories: string[]) {
  const share = 1 / categories.length;
  return { kind: 'categorical' as const, categories, reference: categories.map(() => share), current: categories.map(() => share) };
}

describe('distributionChart category labels', () => {
  it('labels every category, one only the current side has included, level when they fit', () => {
    const spec = distributionChart('purpose', {
      kind: 'categorical',
      categories: ['car', 'home', 'crypto'],
      reference: [0.5, 0.5, 0],
      current: [0.3, 0.3, 0.4],
    });
    expect(spec.option.xAxis.data).toEqual(['car', 'home', 'crypto']);
    expect(spec.option.xAxis.axisLabel).toEqual({ interval: 0, rotate: 0 });
    expect(spec.option.series[0]?.data[2]).toEqual({ value: 0, name: 'crypto: 0% of reference' });
    expect(spec.height).toBe(220);
  });

  it('turns labels that would collide to 45°, and makes the chart taller for them instead of dropping any', () => {
    const names = ['debt_consolidation', 'home_improvement', 'credit_card', 'major_purchase', 'small_business', 'medical', 'car', 'crypto'];
    const spec = distributionChart('purpose', categorical(names));
    expect(spec.option.xAxis.axisLabel).toEqual({ interval: 0, rotate: 45 });
    expect(spec.height).toBeGreaterThan(220);
  });

  it('stands labels upright when even turned ones would overlap, and wraps only what is very long', () => {
    const many = Array.from({ length: 24 }, (_, i) => `category_${i}`);
    expect(distributionChart('c', categorical(many)).option.xAxis.axisLabel).toEqual({ interval: 0, rotate: 90 });
    const long = ['a very long category name that goes on and on and on', 'b', 'c', 'd'];
    expect(distributionChart('c', categorical(long)).option.xAxis.axisLabel).toEqual({ interval: 0, rotate: 45, width: 180, overflow: 'break' });
  });

  it('labels numeric bins with as many digits as it takes to tell their edges apart', () => {
    const edges = [1_700_000_000, 1_700_001_000, 1_700_002_000, 1_700_003_000];
    const spec = distributionChart('epoch', { kind: 'numeric', edges, reference: [0.3, 0.3, 0.4], current: [0.3, 0.3, 0.4] });
    expect(spec.option.xAxis.data).toEqual(['1700000000', '1700001000', '1700002000']);
    expect(spec.option.series[1]?.data[0]).toEqual({ value: 0.3, name: '1700000000 to 1700001000: 30% of current' });
    const small = distributionChart('x', { kind: 'numeric', edges: [0, 1.75, 3.5], reference: [0.5, 0.5], current: [1, 0] });
    expect(small.option.xAxis.data).toEqual(['0', '1.75']);
  });
});

describe('labelWidth', () => {
  it('is at least the width DejaVu Sans draws (the sans-serif that cut "city (chisquare)" to "ty (chisquare)")', () => {
    // DejaVu Sans advance widths (2048 units per em, as Chromium's canvas measureText gives them for
    // '12px DejaVu Sans') of "city (chisquare)" at 12 px: 93.6 px; ECharts' Arial metrics say 81.4.
    const dejaVu = ([1126, 569, 803, 1212, 651, 799, 1126, 1298, 569, 1067, 1300, 1298, 1255, 842, 1260, 799].reduce((a, b) => a + b) / 2048) * 12;
    expect(dejaVu).toBeCloseTo(93.6, 1);
    expect(labelWidth('city (chisquare)')).toBeGreaterThanOrEqual(dejaVu);
    expect(labelWidth('MW', 10)).toBe(20);
  });

  it('gives level labels a line of depth, turned ones their diagonal', () => {
    expect(categoryLabelLayout(['a', 'b'], 300)).toEqual({ axisLabel: { interval: 0, rotate: 0 }, depth: 12 * 1.3 });
    const turned = categoryLabelLayout(['long_label_one', 'long_label_two', 'long_label_three', 'x', 'y', 'z', 'w', 'v'], 300);
    expect(turned.axisLabel.rotate).toBe(45);
    expect(turned.depth).toBeCloseTo((labelWidth('long_label_three') + 12 * 1.3) * Math.SQRT1_2, 9);
  });
});
