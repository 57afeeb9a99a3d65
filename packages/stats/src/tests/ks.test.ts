import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { ks2Samp } from './ks.js';
import type { KsAlternative, KsMethod } from './ks.js';

interface KsCase {
  alternative: KsAlternative;
  method: KsMethod;
  statistic: number;
  pvalue: number;
  location: number;
  sign: 1 | -1;
}
interface Fixture {
  samples: Record<string, string>;
  ks2samp: (KsCase & { x: string; y: string })[];
  ks2sampHand: (KsCase & { x: number[]; y: number[] })[];
}
interface SharedCase {
  args: { x: number[]; y: number[]; method?: KsMethod; alternative?: KsAlternative };
  result: [number, number];
}

const fixture = loadFixture<Fixture>('tests_a');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');
const sampleCache = new Map<string, Float64Array>();
function sample(name: string): Float64Array {
  let s = sampleCache.get(name);
  if (!s) {
    s = Float64Array.from((fixture.samples[name] as string).split(' '), Number);
    sampleCache.set(name, s);
  }
  return s;
}

function check(r: ReturnType<typeof ks2Samp>, c: KsCase, label: string): void {
  expectClose(r.statistic, c.statistic, {}, `${label} statistic`);
  expectClose(r.pvalue, c.pvalue, {}, `${label} pvalue`);
  expect(r.statisticLocation, `${label} location`).toBe(c.location);
  expect(r.statisticSign, `${label} sign`).toBe(c.sign);
}

describe('ks2Samp', () => {
  it('matches the SciPy known answers (drift.md §5)', () => {
    for (const key of ['ks_2samp_auto', 'ks_2samp_exact', 'ks_2samp_asymp', 'ks_2samp_less', 'ks_2samp_greater', 'ks_2samp_b']) {
      const { args, result } = shared[key] as SharedCase;
      const r = ks2Samp(args.x, args.y, { method: args.method ?? 'auto', alternative: args.alternative ?? 'two-sided' });
      expectClose(r.statistic, result[0], {}, `${key} statistic`);
      expectClose(r.pvalue, result[1], {}, `${key} pvalue`);
      expect(r.nanDropped).toBe(0);
    }
  });

  it('matches the frouros normal seed-31 answer (drift.md §4)', () => {
    const { X, Y } = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');
    const r = ks2Samp(X, Y);
    expectClose(r.statistic, 0.55);
    expectClose(r.pvalue, 3.0406585087050305e-14);
  });

  it('matches SciPy on hand cases: ties, infinities, tiny samples, the exact-p > 1 fallback', () => {
    for (const c of fixture.ks2sampHand) {
      const r = ks2Samp(c.x, c.y, { alternative: c.alternative, method: c.method });
      check(r, c, `[${c.x.join(',')}] vs [${c.y.join(',')}] ${c.method} ${c.alternative}`);
    }
  });

  it('matches SciPy on seeded samples of 1 to 50 000 values, every method and alternative', () => {
    expect(fixture.ks2samp.length).toBeGreaterThan(300);
    for (const c of fixture.ks2samp) {
      const r = ks2Samp(sample(c.x), sample(c.y), { alternative: c.alternative, method: c.method });
      check(r, c, `${c.x} vs ${c.y} ${c.method} ${c.alternative}`);
    }
  });

  it('drops NaNs and reports how many', () => {
    const r = ks2Samp([1, Number.NaN, 2, 3, 4, 5], [3, 4, 5, 6, Number.NaN, 7, 8, Number.NaN]);
    expect(r.nanDropped).toBe(3);
    expectClose(r.pvalue, 0.35714285714285715);
    expect(() => ks2Samp([Number.NaN], [1])).toThrow(EmptySampleError);
  });

  it('keeps p in [0, 1], D in [0, 1], and is symmetric under swapping the samples', () => {
    const arr = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(arr, arr, fc.constantFrom<KsMethod>('auto', 'exact', 'asymp'), (x, y, method) => {
        const two = ks2Samp(x, y, { method });
        const swapped = ks2Samp(y, x, { method });
        const greater = ks2Samp(x, y, { method, alternative: 'greater' });
        const lessSwapped = ks2Samp(y, x, { method, alternative: 'less' });
        for (const r of [two, greater]) {
          expect(r.statistic).toBeGreaterThanOrEqual(0);
          expect(r.statistic).toBeLessThanOrEqual(1);
          if (!(x.length === 1 && y.length === 1 && method === 'asymp')) {
            expect(r.pvalue).toBeGreaterThanOrEqual(0);
            expect(r.pvalue).toBeLessThanOrEqual(1);
          }
        }
        expect(swapped.statistic).toBe(two.statistic);
        expect(Object.is(swapped.pvalue, two.pvalue)).toBe(true);
        expect(lessSwapped.statistic).toBe(greater.statistic);
      }),
      { numRuns: 150 },
    );
  });

  it('gives D = 0 and p = 1 for identical samples', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    for (const method of ['auto', 'exact'] as const) {
      const r = ks2Samp(x, x, { method });
      expect(r.statistic).toBe(0);
      expect(r.pvalue).toBe(1);
    }
  });

  it('rejects bad input with typed errors that name the argument', () => {
    expect(() => ks2Samp([], [1])).toThrow(EmptySampleError);
    expect(() => ks2Samp([1], [])).toThrow(/y/);
    expect(() => ks2Samp([1], [2], { alternative: 'both' as KsAlternative })).toThrow(InvalidArgumentError);
    expect(() => ks2Samp([1], [2], { method: 'fast' as KsMethod })).toThrow(/options\.method/);
    expect(() => ks2Samp([1], [2], { mode: 'exact' } as never)).toThrow(/options\.mode/);
    expect(() => ks2Samp([1, '2' as unknown as number], [2])).toThrow(/x\[1\]/);
  });
});
