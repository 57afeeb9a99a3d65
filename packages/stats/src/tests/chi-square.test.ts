import { describe, expect, it } from 'vitest';
import { EmptySampleError, LengthMismatchError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { chiSquare } from './chi-square.js';
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
interface SharedCase {
  args: { f_obs: number[]; f_exp?: number[] };
  result: [number, number];
}

const fixture = loadFixture<Fixture>('tests_a');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');

describe('chiSquare', () => {
  it('matches the SciPy known answers (drift.md §5)', () => {
    for (const key of ['chisquare_uniform', 'chisquare_fexp']) {
      const { args, result } = shared[key] as SharedCase;
      const r = chiSquare(args.f_obs, args.f_exp);
      expectClose(r.statistic, result[0], {}, `${key} statistic`);
      expectClose(r.pvalue, result[1], {}, `${key} pvalue`);
    }
    // SciPy's docstring: ddof = 1 moves p to 0.73575888234288467.
    expectClose(chiSquare([16, 18, 16, 14, 12, 12], undefined, { ddof: 1 }).pvalue, 0.7357588823428847);
  });

  it('checks that the totals agree as SciPy 1.10 does (relative 1e-8)', () => {
    const ok = fixture.chisquareSumOk;
    const r = chiSquare(ok.fObs, ok.fExp);
    expectClose(r.statistic, ok.statistic);
    expectClose(r.pvalue, ok.pvalue);
    const bad = fixture.chisquareSumBad;
    expect(() => chiSquare(bad.fObs, bad.fExp)).toThrow(/fExp/);
  });

  it('equals power_divergence with λ = pearson on the fixture cases', () => {
    for (const c of fixture.powerDivergence) {
      for (const r of c.results) {
        if (r.lambda !== 'pearson') continue;
        const got = chiSquare(c.fObs, c.fExp ?? undefined, { ddof: r.ddof });
        expectClose(got.statistic, r.statistic);
        expectClose(got.pvalue, r.pvalue);
      }
    }
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() => chiSquare([])).toThrow(EmptySampleError);
    expect(() => chiSquare([1, 2], [1, 2, 3])).toThrow(LengthMismatchError);
    expect(() => chiSquare([1, -1])).toThrow(/fObs\[1\]/);
    expect(() => chiSquare([1, 2], [1, -2])).toThrow(/fExp\[1\]/);
    expect(() => chiSquare([1, 2], undefined, { lambda: 0 } as never)).toThrow(/options\.lambda/);
  });

  it('gives NaN, not a number, when no degrees of freedom are left', () => {
    expect(chiSquare([3, 5], undefined, { ddof: 1 }).pvalue).toBeNaN();
  });
});
