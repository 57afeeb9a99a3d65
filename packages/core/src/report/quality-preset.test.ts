import { describe, expect, it } from 'vitest';
import { loadReportFixture, toTable } from '../../test/report-fixtures.js';
import type { FixtureTable } from '../../test/report-fixtures.js';
import { InvalidValueError } from './preset-errors.js';
import { qualityPreset } from './quality-preset.js';
import type { ColumnType, Table } from './table.js';

interface SideStats {
  rows: number;
  count: number;
  missing: number;
  unique: number;
  mostCommon: string | number | null;
  mostCommonShare: number;
  mean?: number;
  std?: number;
  min?: number;
  q25?: number;
  median?: number;
  q75?: number;
  max?: number;
}
interface QualityCase {
  name: string;
  types: Record<string, ColumnType>;
  reference: FixtureTable;
  current: FixtureTable;
  expected: {
    reference: Record<string, number>;
    current: Record<string, number>;
    columns: Record<
      string,
      {
        evidently: {
          unique: number;
          missing: number;
          missingShare: number;
          newCategories: number | null;
          vanishedCategories: number | null;
          outOfRangeShare?: number;
          uniqueTestValue: number;
          uniqueTestStatus: string;
        };
        reference: SideStats;
        current: SideStats;
      }
    >;
  };
}

const { cases } = loadReportFixture<{ cases: QualityCase[] }>('quality');

function close(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(expected), 1e-12));
}

describe('quality preset against Evidently 0.7 legacy metrics and pandas', () => {
  for (const c of cases) {
    const q = qualityPreset(toTable(c.reference, 'ref.csv'), toTable(c.current, 'cur.csv'), { columnTypes: c.types });

    it(`${c.name}: dataset summary equals DatasetSummaryMetric`, () => {
      for (const side of ['reference', 'current'] as const) {
        const e = c.expected[side];
        const a = q[side];
        expect({
          rows: a.rows,
          columns: a.columns,
          duplicatedRows: a.duplicatedRows,
          constantColumns: a.constantColumns,
          almostConstantColumns: a.almostConstantColumns,
          emptyColumns: a.emptyColumns,
          missingValues: a.missingValues,
        }).toEqual(e);
      }
    });

    it(`${c.name}: column rules equal Evidently's tests`, () => {
      for (const [name, e] of Object.entries(c.expected.columns)) {
        const r = q.columns[name];
        expect(r, name).toBeDefined();
        if (r === undefined) continue;
        close(r.missingShare, e.evidently.missingShare);
        expect(r.current.unique).toBe(e.evidently.unique);
        expect(r.current.missing).toBe(e.evidently.missing);
        if (e.evidently.outOfRangeShare !== undefined) close(r.outOfRange?.share, e.evidently.outOfRangeShare);
        if (e.evidently.newCategories !== null) {
          expect(r.newCategoryCount).toBe(e.evidently.newCategories);
          expect(r.vanishedCategoryCount).toBe(e.evidently.vanishedCategories);
        }
        // TestNumberOfUniqueValues passes within ±10 % of the reference count: our cardinality rule.
        expect(r.cardinalityChange !== null && r.cardinalityChange <= 0.1).toBe(e.evidently.uniqueTestStatus === 'SUCCESS');
      }
    });

    it(`${c.name}: summary statistics equal pandas describe / value_counts`, () => {
      for (const [name, e] of Object.entries(c.expected.columns)) {
        for (const side of ['reference', 'current'] as const) {
          const a = q.columns[name]?.[side];
          const x = e[side];
          expect(a).toBeDefined();
          if (a === undefined) continue;
          expect([a.rows, a.count, a.missing, a.unique]).toEqual([x.rows, x.count, x.missing, x.unique]);
          close(a.mostCommonShare, x.mostCommonShare);
          if (x.mostCommon !== null) expect(a.mostCommon).toBe(x.mostCommon);
          for (const k of ['mean', 'std', 'min', 'q25', 'median', 'q75', 'max'] as const) {
            const v = x[k];
            if (v !== undefined) close(a[k], v);
          }
        }
      }
    });
  }

  it('flags the rules on the first case', () => {
    const c = cases[0] as QualityCase;
    const q = qualityPreset(toTable(c.reference, 'ref.csv'), toTable(c.current, 'cur.csv'), { columnTypes: c.types });
    // cat: 8 % missing (above 5 %), a new category ('violet') and a vanished one ('teal').
    expect(q.columns.cat?.missingFailed).toBe(true);
    expect(q.columns.cat?.newCategories).toEqual(['violet']);
    expect(q.columns.cat?.vanishedCategories).toEqual(['teal']);
    // city gains two cities of three: cardinality +67 %.
    expect(q.columns.city?.cardinalityFailed).toBe(true);
    expect(q.columns.const?.reference.constant).toBe(true);
    expect(q.schema.passed).toBe(true);
    expect(q.passed).toBe(false);
    expect(q.failures.map((f) => `${f.rule}:${f.column ?? ''}`)).toEqual(expect.arrayContaining(['missingShare:cat', 'newCategories:cat', 'cardinality:city']));
  });
});

describe('quality preset rules on small tables', () => {
  const table = (cols: Record<string, Float64Array | (string | number | boolean | null)[]>, source: string): Table => ({
    rowCount: Object.values(cols)[0]?.length ?? 0,
    source,
    columns: Object.entries(cols).map(([name, values]) => ({ name, values })),
  });

  it('reports schema violations: missing, extra and retyped columns', () => {
    const ref = table({ a: Float64Array.of(1, 2, 3), b: ['x', 'y', 'x'], c: [true, false, true] }, 'ref.csv');
    const cur = table({ a: ['1', 'oops', '3'], c: [true, true, false], d: Float64Array.of(1, 2, 3) }, 'cur.csv');
    const q = qualityPreset(ref, cur, { columnTypes: { a: 'categorical' } });
    expect(q.schema).toEqual({
      missingColumns: ['b'],
      extraColumns: ['d'],
      typeChanges: [{ column: 'a', reference: 'number', current: 'string' }],
      passed: false,
    });
    expect(q.failures.some((f) => f.rule === 'schema')).toBe(true);
  });

  it('names the file, row and column of a cell that is not a number in a numerical column', () => {
    const ref = table({ a: Float64Array.of(1, 2, 3) }, 'ref.csv');
    const cur = table({ a: ['1', '2', 'x'] }, 'cur.csv');
    expect(() => qualityPreset(ref, cur)).toThrow(InvalidValueError);
    expect(() => qualityPreset(ref, cur)).toThrow(/cur\.csv: row 2, column "a"/);
  });

  it('counts out-of-range values against the reference min and max, inclusive, over non-missing values', () => {
    const ref = table({ a: Float64Array.of(0, 5, 10, Number.NaN) }, 'ref.csv');
    const cur = table({ a: Float64Array.of(0, 10, 10.5, -1, Number.NaN, 3) }, 'cur.csv');
    const q = qualityPreset(ref, cur);
    expect(q.columns.a?.outOfRange).toEqual({ min: 0, max: 10, count: 2, share: 2 / 5, failed: true });
  });

  it('counts duplicated rows with missing equal to missing, and -0 equal to 0', () => {
    const t = table({ a: Float64Array.of(1, 1, Number.NaN, Number.NaN, -0, 0), b: ['x', 'x', null, null, 'z', 'z'] }, 't.csv');
    expect(qualityPreset(t, t).current.duplicatedRows).toBe(3);
  });

  it('rejects thresholds out of range', () => {
    const t = table({ a: Float64Array.of(1) }, 't.csv');
    expect(() => qualityPreset(t, t, { almostConstantThreshold: 0.3 })).toThrow(/almostConstantThreshold/);
  });
});
