import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { lcgCase } from '../../test/lcg-case.js';
import type { LcgSpec } from '../../test/lcg-case.js';
import { cramerVonMises2Samp, scaledBesselK } from './cramer-von-mises.js';

type Method = 'auto' | 'exact' | 'asymptotic';
interface CvmCase {
  name: string;
  x: number[];
  y: number[];
  results: { method: Method; statistic: number; pvalue: number }[];
}
interface Fixture {
  kve025: { x: number; kve: number }[];
  cramerVonMises2Samp: CvmCase[];
  large: { name: string; test: string; x: LcgSpec; y: LcgSpec; statistic: number; pvalue: number }[];
}
interface SharedCase {
  args: { x: number[]; y: number[]; method: Method };
  result: [number, number];
}

const fixture = loadFixture<Fixture>('tests_b');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');

// The asymptotic p is 1 − cdf, so where it is tiny it carries the cdf's absolute rounding
// (~1e-16) rather than relative accuracy: compare those absolutely.
const ASYMPTOTIC_P = { rel: 1e-9, abs: 1e-14 };

describe('cramerVonMises2Samp', () => {
  it('computes e^x·K_¼(x) as SciPy `kve(0.25, x)` does', () => {
    for (const { x, kve } of fixture.kve025) expectClose(scaledBesselK(0.25, x), kve, { rel: 1e-13 }, `kve(0.25, ${x})`);
  });

  it('matches the SciPy known answers (drift.md §5)', () => {
    for (const key of ['cvm_2samp_auto', 'cvm_2samp_exact', 'cvm_2samp_asymptotic']) {
      const { args, result } = shared[key] as SharedCase;
      const r = cramerVonMises2Samp(args.x, args.y, { method: args.method });
      expectClose(r.statistic, result[0], {}, `${key} statistic`);
      expectClose(r.pvalue, result[1], {}, `${key} pvalue`);
    }
  });

  it('matches the frouros normal seed-31 answer (drift.md §4)', () => {
    const { X, Y } = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');
    const r = cramerVonMises2Samp(X, Y);
    expectClose(r.statistic, 5.331699999999998);
    // drift.md gives 1.7705e-10 with "last digits vary by SciPy version"; 1 − cdf here is exact to ~1e-16.
    expectClose(r.pvalue, 1.7705e-10, { abs: 1e-14 });
  });

  it('matches SciPy on every fixture case and method', () => {
    for (const c of fixture.cramerVonMises2Samp) {
      for (const e of c.results) {
        const r = cramerVonMises2Samp(c.x, c.y, { method: e.method });
        const label = `${c.name} ${e.method}`;
        expectClose(r.statistic, e.statistic, {}, `${label} statistic`);
        const resolved = e.method === 'auto' ? (Math.max(c.x.length, c.y.length) > 20 ? 'asymptotic' : 'exact') : e.method;
        expectClose(r.pvalue, e.pvalue, resolved === 'asymptotic' ? ASYMPTOTIC_P : {}, `${label} pvalue`);
      }
    }
  });

  it('matches SciPy on 10^5 values per sample', () => {
    for (const c of fixture.large.filter((l) => l.test === 'cramerVonMises2Samp')) {
      const r = cramerVonMises2Samp(lcgCase(c.x), lcgCase(c.y));
      expectClose(r.statistic, c.statistic, {}, `${c.name} statistic`);
      expectClose(r.pvalue, c.pvalue, ASYMPTOTIC_P, `${c.name} pvalue`);
    }
  });

  it('drops NaN and reports how many', () => {
    const r = cramerVonMises2Samp([1.1, 2.3, NaN, 3.2, 4.8, 5.0, 6.1, 7.7], [NaN, 2.0, 3.5, 4.1, 8.2, 9.9, 10.4]);
    expect(r.nanDropped).toBe(2);
    expectClose(r.statistic, 0.17032967032967017);
    expectClose(r.pvalue, 0.3817016317016317);
  });

  it('is symmetric in x and y, with p in [0, 1] (property)', () => {
    const sample = fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(sample, sample, fc.constantFrom<Method>('exact', 'asymptotic'), (x, y, method) => {
        const a = cramerVonMises2Samp(x, y, { method });
        const b = cramerVonMises2Samp(y, x, { method });
        expectClose(a.statistic, b.statistic);
        expectClose(a.pvalue, b.pvalue);
        expect(a.pvalue).toBeGreaterThanOrEqual(0);
        expect(a.pvalue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => cramerVonMises2Samp([1], [1, 2])).toThrow(EmptySampleError);
    expect(() => cramerVonMises2Samp([1, NaN], [1, 2])).toThrow(/^x:/);
    expect(() => cramerVonMises2Samp([1, 2], [3])).toThrow(/^y:/);
    expect(() => cramerVonMises2Samp([1, 2], [3, 4], { method: 'permutation' as Method })).toThrow(InvalidArgumentError);
    expect(() => cramerVonMises2Samp([1, 2], [3, 4], { methd: 'exact' } as never)).toThrow(/options\.methd/);
  });
});
