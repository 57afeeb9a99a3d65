import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { mannWhitneyU } from './mann-whitney.js';
import { lcgCase } from '../../test/lcg-case.js';
import type { LcgSpec } from '../../test/lcg-case.js';

type Alternative = 'two-sided' | 'less' | 'greater';
type Method = 'auto' | 'exact' | 'asymptotic';
interface MwuCase {
  name: string;
  x: number[];
  y: number[];
  results: { method: Method; alternative: Alternative; useContinuity: boolean; statistic: number; pvalue: number }[];
}
interface LargeCase {
  name: string;
  test: string;
  x: LcgSpec;
  y: LcgSpec;
  statistic: number;
  pvalue: number;
}
interface Fixture {
  mannWhitneyU: MwuCase[];
  large: LargeCase[];
}
interface SharedCase {
  args: { x: number[]; y: number[]; method?: Method; use_continuity?: boolean };
  result: [number, number];
}

const fixture = loadFixture<Fixture>('tests_b');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');

describe('mannWhitneyU', () => {
  it('matches the SciPy known answers (drift.md §5)', () => {
    for (const key of ['mannwhitneyu_auto', 'mannwhitneyu_exact', 'mannwhitneyu_asymptotic', 'mannwhitneyu_ties_auto', 'mannwhitneyu_ties_nocc']) {
      const { args, result } = shared[key] as SharedCase;
      const r = mannWhitneyU(args.x, args.y, {
        method: args.method ?? 'auto',
        useContinuity: args.use_continuity ?? true,
      });
      expectClose(r.statistic, result[0], {}, `${key} statistic`);
      expectClose(r.pvalue, result[1], {}, `${key} pvalue`);
      expect(r.nanDropped).toBe(0);
    }
  });

  it('matches the frouros normal seed-31 answer (drift.md §4)', () => {
    const { X, Y } = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');
    const r = mannWhitneyU(X, Y);
    expectClose(r.statistic, 2139.0);
    expectClose(r.pvalue, 2.7623373527697943e-12);
  });

  it('matches SciPy on every method × alternative × continuity case of the fixture', () => {
    for (const c of fixture.mannWhitneyU) {
      for (const e of c.results) {
        const r = mannWhitneyU(c.x, c.y, { method: e.method, alternative: e.alternative, useContinuity: e.useContinuity });
        const label = `${c.name} ${e.method} ${e.alternative} cc=${e.useContinuity}`;
        expectClose(r.statistic, e.statistic, {}, `${label} statistic`);
        expectClose(r.pvalue, e.pvalue, {}, `${label} pvalue`);
      }
    }
  });

  it('matches SciPy on 10^5 values per sample', () => {
    for (const c of fixture.large.filter((l) => l.test === 'mannWhitneyU')) {
      const r = mannWhitneyU(lcgCase(c.x), lcgCase(c.y));
      expectClose(r.statistic, c.statistic, {}, `${c.name} statistic`);
      expectClose(r.pvalue, c.pvalue, {}, `${c.name} pvalue`);
    }
  });

  it('ranks infinities as the extreme values (SciPy 1.10 returns NaN when both signs occur)', () => {
    const r = mannWhitneyU([-Infinity, 1, 2, 5, Infinity], [0, 3, 4, Infinity], { method: 'asymptotic' });
    const same = mannWhitneyU([-1e300, 1, 2, 5, 1e300], [0, 3, 4, 1e300], { method: 'asymptotic' });
    expect(r.statistic).toBe(same.statistic);
    expect(r.pvalue).toBe(same.pvalue);
  });

  it('drops NaN and reports how many', () => {
    const r = mannWhitneyU([1.1, NaN, 2.3, 3.2, 4.8, 5.0, 6.1, 7.7], [2.0, 3.5, NaN, NaN, 4.1, 8.2, 9.9, 10.4]);
    expect(r.nanDropped).toBe(3);
    expectClose(r.statistic, 14);
    expectClose(r.pvalue, 0.36596736596736595);
  });

  it('keeps U1 + U2 = n1·n2 and p in [0, 1] (property)', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(sample, sample, fc.constantFrom<Method>('auto', 'exact', 'asymptotic'), (x, y, method) => {
        const a = mannWhitneyU(x, y, { method, alternative: 'greater' });
        const b = mannWhitneyU(y, x, { method, alternative: 'greater' });
        expect(a.statistic + b.statistic).toBe(x.length * y.length);
        const two = mannWhitneyU(x, y, { method });
        // all-tied samples give NaN without continuity only; with it p is 1
        expect(two.pvalue).toBeGreaterThanOrEqual(0);
        expect(two.pvalue).toBeLessThanOrEqual(1);
        // swapping samples swaps the one-sided alternatives
        expectClose(mannWhitneyU(x, y, { method, alternative: 'less' }).pvalue, b.pvalue);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(EmptySampleError);
    expect(() => mannWhitneyU([NaN], [1])).toThrow(/^x:/);
    expect(() => mannWhitneyU([1], [])).toThrow(/^y:/);
    expect(() => mannWhitneyU([1], [2], { method: 'permutation' as Method })).toThrow(InvalidArgumentError);
    expect(() => mannWhitneyU([1], [2], { alternative: 'both' as Alternative })).toThrow(/options\.alternative/);
    expect(() => mannWhitneyU([1], [2], { useContinuity: 1 as unknown as boolean })).toThrow(/options\.useContinuity/);
    expect(() => mannWhitneyU([1], [2], { use_continuity: false } as never)).toThrow(/options\.use_continuity/);
    expect(() => mannWhitneyU([1, 'a' as unknown as number], [2])).toThrow(/x\[1\]/);
  });
});
