import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { fisherExact } from './fisher-exact.js';
import type { FisherAlternative } from './fisher-exact.js';

interface FisherCase {
  table: [[number, number], [number, number]];
  alternative: FisherAlternative;
  statistic: number;
  pvalue: number;
}
interface SharedCase {
  args: { table: [[number, number], [number, number]]; alternative: FisherAlternative };
  result: [number, number];
}

const fixture = loadFixture<{ fisherExact: FisherCase[] }>('tests_a');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');

describe('fisherExact', () => {
  it('matches the SciPy known answer used by Alibi FET (drift.md §5)', () => {
    const { args, result } = shared['fisher_exact_greater'] as SharedCase;
    const r = fisherExact(args.table, { alternative: args.alternative });
    expect(r.statistic).toBe(20);
    expectClose(r.pvalue, result[1]);
    expectClose(
      fisherExact([
        [8, 2],
        [1, 5],
      ]).pvalue,
      0.03496503496503495,
    );
  });

  it('matches SciPy on random 2 × 2 tables (zeros, small and large counts), every alternative', () => {
    expect(fixture.fisherExact.length).toBeGreaterThan(400);
    for (const c of fixture.fisherExact) {
      const r = fisherExact(c.table, { alternative: c.alternative });
      const label = `${JSON.stringify(c.table)} ${c.alternative}`;
      expectClose(r.statistic, c.statistic, {}, `${label} statistic`);
      expectClose(r.pvalue, c.pvalue, {}, `${label} pvalue`);
    }
  });

  it('follows SciPy conventions: empty margin → (NaN, 1); b or c zero → ∞', () => {
    expect(
      fisherExact([
        [0, 0],
        [3, 4],
      ]),
    ).toEqual({ statistic: Number.NaN, pvalue: 1 });
    expect(
      fisherExact([
        [3, 0],
        [0, 4],
      ]).statistic,
    ).toBe(Infinity);
  });

  it('keeps p in [0, 1]; swapping rows turns greater into less', () => {
    const cell = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        const two = fisherExact([
          [a, b],
          [c, d],
        ]);
        expect(two.pvalue).toBeGreaterThanOrEqual(0);
        expect(two.pvalue).toBeLessThanOrEqual(1);
        const greater = fisherExact(
          [
            [a, b],
            [c, d],
          ],
          { alternative: 'greater' },
        );
        const lessSwapped = fisherExact(
          [
            [c, d],
            [a, b],
          ],
          { alternative: 'less' },
        );
        expectClose(lessSwapped.pvalue, greater.pvalue, { rel: 1e-9 });
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() =>
      fisherExact([
        [1, 2],
        [3, -1],
      ]),
    ).toThrow(/table\[1\]\[1\]/);
    expect(() =>
      fisherExact([
        [1, 2.5],
        [3, 1],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() => fisherExact([[1, 2]] as never)).toThrow(/table/);
    expect(() => fisherExact([[1, 2], [3]] as never)).toThrow(/table\[1\]/);
    expect(() =>
      fisherExact(
        [
          [1, 2],
          [3, 4],
        ],
        { alternative: 'two' as FisherAlternative },
      ),
    ).toThrow(/options\.alternative/);
  });
});
