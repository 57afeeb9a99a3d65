// PCA reconstruction-error drift against scikit-learn's StandardScaler + PCA(0.65) run step by step
// as NannyML runs them (fixtures/gen_multivariate.py), and the Jacobi eigen-solver on known matrices.

import { describe, expect, it } from 'vitest';
import { StatsError } from '@vigil/stats';
import { loadReportFixture } from '../../test/report-fixtures.js';
import { multivariateDrift } from './multivariate.js';
import type { Cell, Table } from './table.js';

interface Fixture {
  reference: { rows: number; columns: { name: string; values: Cell[] }[] };
  current: { rows: number; columns: { name: string; values: Cell[] }[] };
  expected: {
    components: number;
    explainedVariance: number;
    upper: number;
    lower: number | null;
    referenceError: number;
    currentError: number;
    chunks: { period: string; start: number; end: number; value: number; samplingError: number }[];
  };
}

function toTable(t: Fixture['reference'], source: string): Table {
  return {
    rowCount: t.rows,
    source,
    columns: t.columns.map((c) => ({
      name: c.name,
      values: c.values.every((v) => v === null || typeof v === 'number')
        ? Float64Array.from(c.values, (v) => (v === null ? Number.NaN : (v as number)))
        : c.values,
    })),
  };
}

const f = loadReportFixture<Fixture>('multivariate');

describe('multivariateDrift', () => {
  const section = multivariateDrift(toTable(f.reference, 'ref.csv'), toTable(f.current, 'cur.csv'));

  it('keeps the components scikit-learn keeps for 65 % of the variance', () => {
    expect(section.columns).toEqual(['a', 'b', 'c', 'd', 'cat']);
    expect(section.components).toBe(f.expected.components);
    expect(section.explainedVariance).toBeCloseTo(f.expected.explainedVariance, 10);
  });

  it('matches the per-chunk reconstruction errors, sampling errors and thresholds', () => {
    expect(section.chunks.map((c) => [c.period, c.start, c.end])).toEqual(f.expected.chunks.map((c) => [c.period, c.start, c.end]));
    section.chunks.forEach((c, i) => {
      const e = f.expected.chunks[i];
      expect(c.value).toBeCloseTo(e?.value as number, 9);
      expect(c.samplingError).toBeCloseTo(e?.samplingError as number, 9);
    });
    expect(section.upperThreshold).toBeCloseTo(f.expected.upper, 9);
    expect(section.lowerThreshold === null ? null : section.lowerThreshold).toBeCloseTo(f.expected.lower as number, 9);
    expect(section.referenceError).toBeCloseTo(f.expected.referenceError, 9);
    expect(section.currentError).toBeCloseTo(f.expected.currentError, 9);
  });

  it('flags the broken correlation in every current chunk and no reference chunk', () => {
    expect(section.chunks.filter((c) => c.period === 'reference').some((c) => c.alert)).toBe(false);
    expect(section.chunks.filter((c) => c.period === 'current').every((c) => c.alert)).toBe(true);
    expect(section.drifted).toBe(true);
  });

  it('needs two usable columns', () => {
    const one: Table = { rowCount: 3, columns: [{ name: 'x', values: Float64Array.of(1, 2, 3) }] };
    expect(() => multivariateDrift(one, one)).toThrow(StatsError);
  });
});
