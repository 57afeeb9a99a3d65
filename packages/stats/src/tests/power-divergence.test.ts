import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { powerDivergence } from './power-divergence.js';
import type { PowerDivergenceLambdaName } from './power-divergence.js';

interface GofCase {
  fObs: number[];
  fExp: number[] | null;
  results: { ddof: number; lambda: number | PowerDivergenceLambdaName; statistic: number; pvalue: number }[];
}
interface Fixture {
  powerDivergence: GofCase[];
  chisquareSumOk: { fObs: number[]; fExp: number[]; statistic: number; pvalue: number };
  chisquareSumBad: { fObs: number[]; fExp: number[] };
}

const fixture = loadFixture<Fixture>('tests_a');

describe('powerDivergence', () => {
  it('matches SciPy power_divergence for every λ name, numeric λ, ddof, with and without fExp', () => {
    let n = 0;
    for (const c of fixture.powerDivergence) {
      for (const r of c.results) {
        const got = powerDivergence(c.fObs, c.fExp ?? undefined, { ddof: r.ddof, lambda: r.lambda });
        const label = `[${c.fObs.slice(0, 6).join(',')}…] fExp=${c.fExp !== null} λ=${r.lambda} ddof=${r.ddof}`;
        expectClose(got.statistic, r.statistic, {}, `${label} statistic`);
        expectClose(got.pvalue, r.pvalue, {}, `${label} pvalue`);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });

  it('returns a non-negative statistic and p in [0, 1] for positive counts', () => {
    const counts = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 20 });
    fc.assert(
      fc.property(counts, fc.constantFrom<PowerDivergenceLambdaName>('pearson', 'log-likelihood', 'cressie-read', 'neyman'), (obs, lambda) => {
        const r = powerDivergence(obs, undefined, { lambda });
        expect(r.statistic).toBeGreaterThanOrEqual(-1e-9);
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() => powerDivergence([])).toThrow(EmptySampleError);
    expect(() => powerDivergence([1, -2])).toThrow(/fObs\[1\]/);
    expect(() => powerDivergence([1, Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => powerDivergence([1, 2], [3])).toThrow(LengthMismatchError);
    expect(() => powerDivergence([1, 2], [1, 2], { lambda: 'pearsons' as PowerDivergenceLambdaName })).toThrow(/options\.lambda/);
    expect(() => powerDivergence([1, 2], [1, 2], { ddof: Number.NaN })).toThrow(/options\.ddof/);
    expect(() => powerDivergence([1, 2], [1, 2], { lamda: 1 } as never)).toThrow(/options\.lamda/);
  });
});
