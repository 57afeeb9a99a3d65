import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { expectAllClose, expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { chi2Contingency } from './contingency.js';
import type { PowerDivergenceLambdaName } from './power-divergence.js';

interface ContCase {
  table: number[][];
  correction: boolean;
  lambda: PowerDivergenceLambdaName | null;
  statistic: number;
  pvalue: number;
  dof: number;
  expected: number[][];
}
interface Fixture {
  chi2Contingency: ContCase[];
  frourosChiSquareTable: number[][];
}
interface SharedCase {
  args: { observed: number[][]; correction?: boolean };
  result: [number, number, number, number[][]?];
}

const fixture = loadFixture<Fixture>('tests_a');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');

describe('chi2Contingency', () => {
  it('matches the SciPy known answers (drift.md §5)', () => {
    for (const key of ['chi2_contingency_2x2_corrTrue', 'chi2_contingency_2x2_corrFalse', 'chi2_contingency_2x3']) {
      const { args, result } = shared[key] as SharedCase;
      const r = chi2Contingency(args.observed, { correction: args.correction ?? true });
      expectClose(r.statistic, result[0], {}, `${key} statistic`);
      expectClose(r.pvalue, result[1], {}, `${key} pvalue`);
      expect(r.dof).toBe(result[2]);
      if (result[3]) expectAllClose(r.expected.flat(), result[3].flat(), {}, `${key} expected`);
    }
  });

  it('matches the frouros ChiSquareTest answer (drift.md §4)', () => {
    const r = chi2Contingency(fixture.frourosChiSquareTable);
    expectClose(r.statistic, 9.81474665685192);
    expectClose(r.pvalue, 0.0017311812135839511);
  });

  it('matches SciPy on tables up to 5 × 6, with and without Yates, for several λ', () => {
    expect(fixture.chi2Contingency.length).toBeGreaterThan(300);
    for (const c of fixture.chi2Contingency) {
      const options = c.lambda === null ? { correction: c.correction } : { correction: c.correction, lambda: c.lambda };
      const r = chi2Contingency(c.table, options);
      const label = `${JSON.stringify(c.table)} correction=${c.correction} λ=${c.lambda}`;
      expectClose(r.statistic, c.statistic, {}, `${label} statistic`);
      expectClose(r.pvalue, c.pvalue, {}, `${label} pvalue`);
      expect(r.dof, label).toBe(c.dof);
      expectAllClose(r.expected.flat(), c.expected.flat(), {}, `${label} expected`);
    }
  });

  it('keeps the margins of the expected table and p in [0, 1]', () => {
    const table = fc
      .integer({ min: 2, max: 5 })
      .chain((c) => fc.array(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: c, maxLength: c }), { minLength: 2, maxLength: 5 }));
    fc.assert(
      fc.property(table, fc.boolean(), (t, correction) => {
        const r = chi2Contingency(t, { correction });
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
        expect(r.statistic).toBeGreaterThanOrEqual(0);
        for (let i = 0; i < t.length; i++) {
          const rowObs = (t[i] as number[]).reduce((s, v) => s + v, 0);
          const rowExp = (r.expected[i] as number[]).reduce((s, v) => s + v, 0);
          expectClose(rowExp, rowObs, { rel: 1e-12 });
        }
        // Transposing the table changes nothing.
        const tt = (t[0] as number[]).map((_, j) => t.map((row) => row[j] as number));
        const rt = chi2Contingency(tt, { correction });
        expectClose(rt.statistic, r.statistic, { rel: 1e-12 });
      }),
      { numRuns: 80 },
    );
  });

  it('throws a typed error on a zero expected frequency, as SciPy raises ValueError', () => {
    expect(() =>
      chi2Contingency([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      chi2Contingency([
        [0, 3],
        [0, 2],
      ]),
    ).toThrow(/\[0\]\[0\]/);
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() => chi2Contingency([])).toThrow(EmptySampleError);
    expect(() => chi2Contingency([[1, 2], [3]])).toThrow(LengthMismatchError);
    expect(() =>
      chi2Contingency([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/table\[0\]\[1\]/);
    expect(() =>
      chi2Contingency([
        [1, Number.NaN],
        [3, 4],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      chi2Contingency(
        [
          [1, 2],
          [3, 4],
        ],
        { correction: 'yes' as unknown as boolean },
      ),
    ).toThrow(/options\.correction/);
    expect(() =>
      chi2Contingency(
        [
          [1, 2],
          [3, 4],
        ],
        { yates: true } as never,
      ),
    ).toThrow(/options\.yates/);
  });
});
