import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectAllClose, loadFixture } from '../../test/fixtures.js';
import { benjaminiHochberg, bonferroni, holm } from './multiple-testing.js';

interface Correction {
  adjusted: number[];
  rejected: boolean[];
}
interface MultiCase {
  pvalues: number[];
  alpha: number;
  bonferroni?: Correction;
  holm?: Correction;
  bh?: Correction;
}
const fx = loadFixture<{ power: { haveStatsmodels: boolean; multipleTesting: MultiCase[] } }>('distances');

describe('bonferroni / holm / benjaminiHochberg vs statsmodels multipletests', () => {
  it('the fixture was generated with statsmodels', () => {
    expect(fx.power.haveStatsmodels).toBe(true);
  });
  fx.power.multipleTesting.forEach((c, i) => {
    it(`case ${i}: ${c.pvalues.length} p-values, alpha ${c.alpha}`, () => {
      const fns = { bonferroni, holm, bh: benjaminiHochberg } as const;
      for (const key of ['bonferroni', 'holm', 'bh'] as const) {
        const expected = c[key]!;
        const got = fns[key](c.pvalues, { alpha: c.alpha });
        expectAllClose(got.adjusted, expected.adjusted, {}, key);
        expect(got.rejected, key).toEqual(expected.rejected);
      }
    });
  });

  it('adjusted p-values are in [p, 1] and ordered bonferroni >= holm >= BH (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), (p) => {
        const b = bonferroni(p).adjusted;
        const h = holm(p).adjusted;
        const f = benjaminiHochberg(p).adjusted;
        for (let i = 0; i < p.length; i++) {
          expect(f[i]!).toBeGreaterThanOrEqual(p[i]! * (1 - 1e-15));
          expect(h[i]!).toBeLessThanOrEqual(b[i]!);
          expect(f[i]!).toBeLessThanOrEqual(h[i]! * (1 + 1e-15));
          expect(b[i]!).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => holm([])).toThrow(EmptySampleError);
    expect(() => holm([0.1, Number.NaN])).toThrow(/pvalues\[1\]/);
    expect(() => bonferroni([0.1, 1.2])).toThrow(/pvalues\[1\]/);
    expect(() => benjaminiHochberg([0.1], { alpha: 0 })).toThrow(/options\.alpha/);
    expect(() => benjaminiHochberg([0.1], { q: 0.1 } as never)).toThrow(InvalidArgumentError);
  });
});
