import { describe, expect, it } from 'vitest';
import type { DriftColumnResult, DriftSection } from '../report/report-model.js';
import type { ChartSpec, SeriesDatum } from './chart-option.js';
import { DRIFT_BAR_CAP, driftMeasure, driftSummaryChart } from './drift-summary-chart.js';
import { labelWidth } from './label-width.js';

function section(columns: DriftColumnResult[], correction?: DriftSection['correction']): DriftSection {
  const drifted = columns.filter((c) => c.drifted).length;
  return {
    columns,
    share: drifted / columns.length,
    numberOfDriftedColumns: drifted,
    numberOfColumns: columns.length,
    datasetDrift: drifted * 2 >= columns.length,
    driftShareThreshold: 0.5,
    ...(correction !== undefined && { correction }),
  };
}

const ks = (name: string, p: number): DriftColumnResult => ({ name, type: 'numerical', method: 'ks', score: p, threshold: 0.05, drifted: p < 0.05 });
const wasserstein = (name: string, d: number): DriftColumnResult => ({
  name,
  type: 'numerical',
  method: 'wasserstein',
  score: d,
  threshold: 0.1,
  drifted: d >= 0.1,
});

/** Each row's bar, by its label, whichever of the two stacked series draws it. */
function bars(spec: ChartSpec): Map<string, number> {
  const out = new Map<string, number>();
  const value = (d: SeriesDatum | undefined) => (d !== null && typeof d === 'object' && !Array.isArray(d) ? d.value : undefined);
  (spec.option.yAxis.data ?? []).forEach((label, i) => {
    const v = value(spec.option.series[0]?.data[i]) ?? value(spec.option.series[1]?.data[i]);
    if (v !== undefined) out.set(String(label), v);
  });
  return out;
}

function thresholdLine(spec: ChartSpec): number | undefined {
  return spec.option.series[0]?.markLine?.data[0]?.xAxis;
}

describe('driftSummaryChart', () => {
  it('draws p-values as −log10 p: a drifted column has a bar, at or past the threshold line, and smaller p is longer', () => {
    // Today's main drew the p-value itself: the drifted column (p = 1e-6) had a bar of length 0.
    const spec = driftSummaryChart(section([ks('calm', 0.8), ks('edge', 0.04), ks('moved', 1e-6), ks('mild', 0.2)]));
    const b = bars(spec);
    const line = thresholdLine(spec)!;
    expect(line).toBeCloseTo(-Math.log10(0.05), 3);
    expect(b.get('moved (ks)')).toBeCloseTo(6, 3);
    expect(b.get('moved (ks)')!).toBeGreaterThanOrEqual(line);
    expect(b.get('edge (ks)')!).toBeGreaterThanOrEqual(line);
    expect(b.get('mild (ks)')!).toBeLessThan(line);
    // More drift, a longer bar: the order of p-values reversed.
    const byP = [ks('calm', 0.8), ks('mild', 0.2), ks('edge', 0.04), ks('moved', 1e-6)].map((c) => b.get(`${c.name} (ks)`)!);
    expect([...byP].sort((x, y) => x - y)).toEqual(byP);
    expect(new Set(byP).size).toBe(4);
    expect(spec.option.xAxis.name).toBe('−log10 p-value');
    expect(spec.option.series[0]?.markLine?.label?.formatter).toBe('p = 0.05');
  });

  it('names a multiple-testing correction on the axis and draws the adjusted p-value', () => {
    const columns = [
      { ...ks('a', 0.01), adjustedScore: 0.02 },
      { ...ks('b', 0.04), adjustedScore: 0.08, drifted: false },
    ];
    const spec = driftSummaryChart(section(columns, 'bonferroni'));
    expect(spec.option.xAxis.name).toBe('−log10 p-value (Bonferroni adjusted)');
    expect(bars(spec).get('a (ks)')).toBeCloseTo(-Math.log10(0.02), 3);
    expect(bars(spec).get('b (ks)')!).toBeLessThan(thresholdLine(spec)!);
  });

  it('draws distances as they are, with the threshold line at the threshold', () => {
    const spec = driftSummaryChart(section([wasserstein('a', 0.02), wasserstein('b', 0.35)]));
    expect(spec.option.xAxis.name).toBe('drift score (distance)');
    expect(thresholdLine(spec)).toBe(0.1);
    expect(Object.fromEntries(bars(spec))).toEqual({ 'b (wasserstein)': 0.35, 'a (wasserstein)': 0.02 });
  });

  it('puts p-values and distances on one scale, their ratio to the threshold, when a chart mixes them', () => {
    const spec = driftSummaryChart(section([ks('p', 0.0025), wasserstein('d', 0.3), ks('q', 0.5)]));
    expect(spec.option.xAxis.name).toBe('score ÷ threshold (p-values: −log10 p ÷ −log10 threshold)');
    expect(thresholdLine(spec)).toBe(1);
    const b = bars(spec);
    expect(b.get('p (ks)')).toBeCloseTo(Math.log10(0.0025) / Math.log10(0.05), 3); // 2
    expect(b.get('d (wasserstein)')).toBeCloseTo(3, 6);
    expect(b.get('q (ks)')!).toBeLessThan(1);
  });

  it('stops bars at ten times the threshold, says so on the axis, and keeps the exact score in the hover text', () => {
    const spec = driftSummaryChart(section([ks('gone', 0), ks('moved', 1e-6)]));
    const cap = DRIFT_BAR_CAP * -Math.log10(0.05); // 13.01, rounded up to 14
    expect(spec.option.xAxis.max).toBe(14);
    expect(spec.option.xAxis.name).toBe('−log10 p-value; bars stop at 14');
    expect(bars(spec).get('gone (ks)')).toBe(14);
    expect(bars(spec).get('moved (ks)')).toBeLessThan(cap);
    expect(spec.option.series[0]?.data[0]).toMatchObject({ name: 'gone (ks): p-value 0, threshold 0.05, drifted' });
    expect(spec.option.series[0]?.data[1]).toMatchObject({ name: 'moved (ks): p-value 1e-6, threshold 0.05, drifted' });
  });

  it('tells a method it does not know by its verdict', () => {
    const unknown = { name: 'u', type: 'numerical' as const, method: 'future_test', score: 0.001, threshold: 0.01, drifted: true };
    expect(driftMeasure([unknown]).axisName).toBe('−log10 p-value');
    expect(driftMeasure([{ ...unknown, score: 0.5, threshold: 0.2 }]).axisName).toBe('drift score (distance)');
  });

  it('shows every column label whole: no label skipped, none cut, long ones wrapped onto a second line', () => {
    const short = driftSummaryChart(section([ks('city', 0), ks('ty', 0.5)]));
    expect(short.option.yAxis.axisLabel).toEqual({ interval: 0 });
    const name = 'debt_to_income_ratio_of_the_primary_applicant_in_the_last_twelve_months';
    const long = driftSummaryChart(section([ks(name, 0.01), ks('b', 0.5)]));
    expect(labelWidth(`${name} (ks)`)).toBeGreaterThan(340);
    expect(long.option.yAxis.axisLabel).toEqual({ interval: 0, width: 340, overflow: 'break' });
    expect(long.option.yAxis.data).toContain(`${name} (ks)`);
    expect(long.height).toBeGreaterThan(short.height);
  });
});
