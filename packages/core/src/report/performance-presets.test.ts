import { describe, expect, it } from 'vitest';
import { loadReportFixture, toTable } from '../../test/report-fixtures.js';
import type { FixtureTable } from '../../test/report-fixtures.js';
import { classificationPreset } from './classification-preset.js';
import { MissingColumnError, InvalidValueError } from './preset-errors.js';
import { regressionPreset } from './regression-preset.js';
import type { ClassificationMetrics, ColumnMapping, RegressionMetrics } from './report-model.js';
import type { Table } from './table.js';

interface Curve {
  n: number;
  first: [number, number];
  last: [number, number];
}
interface PerfCase {
  name: string;
  kind: 'classification' | 'regression';
  mapping: ColumnMapping;
  reference: FixtureTable | null;
  current: FixtureTable;
  expected: Record<string, Record<string, unknown>> & { edges?: number[]; currentCounts?: number[] };
}

const { cases } = loadReportFixture<{ cases: PerfCase[] }>('performance');

function close(actual: unknown, expected: unknown, what: string): void {
  expect(typeof actual, what).toBe('number');
  const a = actual as number;
  const e = expected as number;
  expect(Math.abs(a - e), `${what}: ${a} vs ${e}`).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(e), 1e-12));
}

function expectClassification(m: ClassificationMetrics, e: Record<string, unknown>): void {
  for (const k of [
    'accuracy',
    'precision',
    'recall',
    'f1',
    'precisionWeighted',
    'recallWeighted',
    'f1Weighted',
    'rocAuc',
    'logLoss',
    'brier',
    'ece',
  ] as const) {
    if (e[k] !== undefined) close(m[k], e[k], k);
  }
  expect(m.rows).toBe(e.rows);
  if (e.rowsDropped !== undefined) expect(m.rowsDropped).toBe(e.rowsDropped);
  expect(m.confusionMatrix.matrix).toEqual(e.confusionMatrix);
  for (const [label, s] of Object.entries(e.byLabel as Record<string, Record<string, number>>)) {
    for (const k of ['precision', 'recall', 'f1', 'support'] as const) close(m.byLabel[label]?.[k], s[k], `${label}.${k}`);
  }
  const cal = e.calibration as { probTrue: number[]; probPred: number[] } | undefined;
  if (cal !== undefined) {
    expect(m.calibration?.probTrue.length).toBe(cal.probTrue.length);
    cal.probTrue.forEach((v, i) => close(m.calibration?.probTrue[i], v, `probTrue[${i}]`));
    cal.probPred.forEach((v, i) => close(m.calibration?.probPred[i], v, `probPred[${i}]`));
  }
  for (const [k, c] of [
    ['rocCurve', e.rocCurve],
    ['prCurve', e.prCurve],
  ] as const) {
    if (c === undefined) continue;
    const curve = c as Curve;
    const got = m[k];
    expect(got).toBeDefined();
    if (got === undefined) continue;
    // Downsampled to at most 200 points for charts; the ends are sklearn's.
    expect(got.x.length).toBe(Math.min(curve.n, 200));
    expect([got.x[0], got.y[0]]).toEqual(curve.first);
    expect([got.x.at(-1), got.y.at(-1)]).toEqual(curve.last);
  }
}

function expectRegression(m: RegressionMetrics, e: Record<string, unknown>): void {
  for (const k of ['mae', 'rmse', 'mape', 'r2', 'meanError', 'errorStd', 'absMaxError'] as const) close(m[k], e[k], k);
  expect(m.rows).toBe(e.rows);
  if (e.rowsDropped !== undefined) expect(m.rowsDropped).toBe(e.rowsDropped);
}

describe('classification and regression presets against scikit-learn 1.2', () => {
  for (const c of cases) {
    it(c.name, () => {
      const ref = c.reference === null ? undefined : toTable(c.reference, 'ref.csv');
      const cur = toTable(c.current, 'cur.csv');
      if (c.kind === 'classification') {
        const s = classificationPreset(ref, cur, { mapping: c.mapping });
        expectClassification(s.current, c.expected.current as Record<string, unknown>);
        if (c.expected.reference !== undefined && s.reference !== undefined) expectClassification(s.reference, c.expected.reference);
      } else {
        const s = regressionPreset(ref, cur, { mapping: c.mapping });
        expectRegression(s.current, c.expected.current as Record<string, unknown>);
        if (s.reference !== undefined) expectRegression(s.reference, c.expected.reference as Record<string, unknown>);
        (c.expected.edges as number[]).forEach((v, i) => close(s.current.errorHistogram.edges[i], v, `edges[${i}]`));
        expect(s.current.errorHistogram.counts).toEqual(c.expected.currentCounts);
      }
    });
  }

  it('judges binary current against reference: the 0/1 case drops accuracy by more than 0.05', () => {
    const c = cases[0] as PerfCase;
    const s = classificationPreset(toTable(c.reference as FixtureTable, 'ref.csv'), toTable(c.current, 'cur.csv'), { mapping: c.mapping });
    expect(s.type).toBe('binary');
    expect(s.positiveLabel).toBe(1);
    const acc = s.checks.find((k) => k.name === 'accuracy');
    expect(acc?.passed).toBe(s.current.accuracy >= (s.reference?.accuracy ?? 0) - 0.05);
    expect(s.checks.find((k) => k.name === 'rocAuc')).toMatchObject({ actual: s.current.rocAuc, passed: true });
    expect(s.passed).toBe(s.checks.every((k) => k.passed));
  });

  it('judges regression metrics within ±10 % of the reference', () => {
    const c = cases.find((x) => x.kind === 'regression') as PerfCase;
    const s = regressionPreset(toTable(c.reference as FixtureTable, 'ref.csv'), toTable(c.current, 'cur.csv'), { mapping: c.mapping });
    const mae = s.checks.find((k) => k.name === 'mae');
    const ref = s.reference?.mae as number;
    expect(mae?.passed).toBe(Math.abs(s.current.mae - ref) <= 0.1 * ref);
  });
});

describe('preset input errors', () => {
  const t: Table = {
    rowCount: 3,
    source: 'cur.csv',
    columns: [
      { name: 'y', values: Float64Array.of(0, 1, 1) },
      { name: 'p', values: Float64Array.of(0.2, 1.4, 0.9) },
      { name: 'yf', values: Float64Array.of(0.5, 1, 0) },
    ],
  };
  it('names a mapped column that is missing', () => {
    expect(() => classificationPreset(undefined, t, { mapping: { target: 'y', prediction: 'nope' } })).toThrow(MissingColumnError);
    expect(() => regressionPreset(undefined, t, { mapping: { target: 'gone', prediction: 'p' } })).toThrow(/target column "gone"/);
  });
  it('names the row and column of a probability outside [0, 1] and of a non-integer label', () => {
    expect(() => classificationPreset(undefined, t, { mapping: { target: 'y', predictionProbabilities: { '1': 'p' } } })).toThrow(
      /cur\.csv: row 1, column "p"/,
    );
    expect(() => classificationPreset(undefined, t, { mapping: { target: 'yf', prediction: 'y' } })).toThrow(InvalidValueError);
  });
  it('refuses a classification mapping without predictions', () => {
    expect(() => classificationPreset(undefined, t, { mapping: { target: 'y' } })).toThrow(/prediction/);
  });
});
