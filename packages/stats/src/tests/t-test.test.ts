import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { tTestInd } from './t-test.js';
import type { TTestAlternative } from './t-test.js';

interface TCase {
  equalVar: boolean;
  alternative: TTestAlternative;
  statistic: number;
  pvalue: number;
  df: number;
}
interface Fixture {
  samples: Record<string, string>;
  tTestInd: (TCase & { x: string; y: string })[];
  tTestIndHand: (TCase & { x: number[]; y: number[] })[];
}

const fixture = loadFixture<Fixture>('tests_a');
const sample = (name: string): Float64Array => Float64Array.from((fixture.samples[name] as string).split(' '), Number);

function check(r: ReturnType<typeof tTestInd>, c: TCase, label: string): void {
  expectClose(r.statistic, c.statistic, {}, `${label} statistic`);
  expectClose(r.pvalue, c.pvalue, {}, `${label} pvalue`);
  expectClose(r.df, c.df, {}, `${label} df`);
}

describe('tTestInd', () => {
  it('matches the frouros WelchTTest answer (drift.md §4)', () => {
    const { X, Y } = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');
    const r = tTestInd(X, Y, { equalVar: false });
    expectClose(r.statistic, -7.651304662806378);
    expectClose(r.pvalue, 8.685225410826823e-13);
  });

  it('matches SciPy ttest_ind on seeded samples of 2 to 10 001 values, Student and Welch', () => {
    for (const c of fixture.tTestInd) {
      check(
        tTestInd(sample(c.x), sample(c.y), { equalVar: c.equalVar, alternative: c.alternative }),
        c,
        `${c.x} vs ${c.y} equalVar=${c.equalVar} ${c.alternative}`,
      );
    }
  });

  it('matches SciPy on hand cases: zero variance, one value, large offsets, NaNs omitted', () => {
    for (const c of fixture.tTestIndHand) {
      const r = tTestInd(c.x, c.y, { equalVar: c.equalVar, alternative: c.alternative });
      check(r, c, `[${c.x.join(',')}] vs [${c.y.join(',')}] equalVar=${c.equalVar} ${c.alternative}`);
    }
    expect(tTestInd([1, 2, Number.NaN, 4], [3, Number.NaN, 5, 7, 9]).nanDropped).toBe(2);
  });

  it('is antisymmetric under swapping the samples and keeps p in [0, 1]', () => {
    const arr = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(arr, arr, fc.boolean(), (x, y, equalVar) => {
        const r = tTestInd(x, y, { equalVar });
        const s = tTestInd(y, x, { equalVar });
        if (Number.isNaN(r.statistic)) return;
        // Equal means give t = +0 both ways round (x̄ − ȳ = +0), so −t would be −0: SciPy 1.10 also
        // returns 0.0 for ttest_ind(x, y) and ttest_ind(y, x) with x = [-999.9999999999986, 0, 0, 0,
        // 0, 0, 0, -999.9999999999999, 0, 0, 0], y = [-999.9999999999987, 0, 0, 0, 0, 0,
        // -999.9999999999998, 0, 0, 0, 0] (both means -181.8181818181817). Compare zeros unsigned.
        expect(s.statistic + 0).toBe(-r.statistic + 0);
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() => tTestInd([], [1, 2])).toThrow(EmptySampleError);
    expect(() => tTestInd([1, 2], [Number.NaN])).toThrow(/y/);
    expect(() => tTestInd([1, 2], [1, 2], { equalVar: 1 as unknown as boolean })).toThrow(/options\.equalVar/);
    expect(() => tTestInd([1, 2], [1, 2], { alternative: 'up' as TTestAlternative })).toThrow(InvalidArgumentError);
    expect(() => tTestInd([1, 2], [1, 2], { equal_var: false } as never)).toThrow(/options\.equal_var/);
  });
});
