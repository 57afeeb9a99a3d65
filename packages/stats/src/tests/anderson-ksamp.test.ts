import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectAllClose, expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { lcgCase } from '../../test/lcg-case.js';
import type { LcgSpec } from '../../test/lcg-case.js';
import { andersonKSamp } from './anderson-ksamp.js';

type Variant = 'midrank' | 'right' | 'continuous';
interface AdCase {
  name: string;
  samples: number[][];
  results: { variant: Variant; statistic: number; pvalue: number; criticalValues: number[] }[];
}
interface Fixture {
  andersonKSamp: AdCase[];
  large: { name: string; test: string; samples: LcgSpec[]; statistic: number; pvalue: number }[];
}
interface SharedCase {
  args: { samples: number[][] | string; variant: Variant };
  result: [number, number];
}

const fixture = loadFixture<Fixture>('tests_b');
const shared = loadSharedReference<Record<string, SharedCase>>('scipy_reference_vectors.json');

describe('andersonKSamp', () => {
  it('matches the SciPy known answers (drift.md §5)', () => {
    for (const key of ['anderson_ksamp_midrank', 'anderson_ksamp_midrank_ties', 'anderson_ksamp_right_ties']) {
      const { args, result } = shared[key] as SharedCase;
      const r = andersonKSamp(args.samples as number[][], { variant: args.variant });
      expectClose(r.statistic, result[0], {}, `${key} statistic`);
      expectClose(r.pvalue, result[1], {}, `${key} pvalue`);
    }
    // "interleaved 1..10 vs 1.5..10.5": p capped at 0.25
    const a = Array.from({ length: 10 }, (_, i) => i + 1);
    const capped = andersonKSamp([a, a.map((v) => v + 0.5)]);
    expectClose(capped.statistic, -1.1820361279065328);
    expect(capped.pvalue).toBe(0.25);
  });

  it('matches the frouros normal seed-31 answer (drift.md §4): p floored at 0.001', () => {
    const { X, Y } = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');
    const r = andersonKSamp([X, Y]);
    expectClose(r.statistic, 32.40316586267425);
    expect(r.pvalue).toBe(0.001);
  });

  it('matches SciPy on every fixture case and variant (k = 2..5, ties, sizes to 5000)', () => {
    for (const c of fixture.andersonKSamp) {
      for (const e of c.results) {
        const r = andersonKSamp(c.samples, { variant: e.variant });
        const label = `${c.name} ${e.variant}`;
        expectClose(r.statistic, e.statistic, {}, `${label} statistic`);
        expectClose(r.pvalue, e.pvalue, {}, `${label} pvalue`);
        expectAllClose(r.criticalValues, e.criticalValues, {}, `${label} criticalValues`);
      }
    }
  });

  it('matches SciPy on 10^5 values', () => {
    for (const c of fixture.large.filter((l) => l.test === 'andersonKSamp')) {
      const r = andersonKSamp(c.samples.map(lcgCase));
      expectClose(r.statistic, c.statistic, {}, `${c.name} statistic`);
      expectClose(r.pvalue, c.pvalue, {}, `${c.name} pvalue`);
    }
  });

  it("gives 'continuous' = 'right' when there are no ties", () => {
    const r = andersonKSamp(
      [
        [0.3, 1.7, 2.2, 5.1],
        [0.9, 1.1, 4.4],
        [3.3, 2.9, 6.0],
      ],
      { variant: 'right' },
    );
    const c = andersonKSamp(
      [
        [0.3, 1.7, 2.2, 5.1],
        [0.9, 1.1, 4.4],
        [3.3, 2.9, 6.0],
      ],
      { variant: 'continuous' },
    );
    expectClose(c.statistic, r.statistic);
  });

  it('drops NaN and reports how many', () => {
    const r = andersonKSamp([
      [1, 2, 2, NaN, 3, 3, 3, 4, 5, 6, 7],
      [3, 4, 4, 5, 6, 6, 7, 8, 9, 9, NaN],
    ]);
    expect(r.nanDropped).toBe(2);
    expectClose(r.statistic, 3.802993730798787);
    expectClose(r.pvalue, 0.009572557331277176);
  });

  it('does not depend on the order of samples, and caps p as SciPy does (property)', () => {
    const sample = fc.array(fc.integer({ min: -10, max: 10 }), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(sample, sample, sample, fc.constantFrom<Variant>('midrank', 'right', 'continuous'), (x, y, z, variant) => {
        fc.pre(new Set([...x, ...y, ...z]).size > 1);
        const a = andersonKSamp([x, y, z], { variant });
        const b = andersonKSamp([z, x, y], { variant });
        expectClose(a.statistic, b.statistic, { rel: 1e-9, abs: 1e-9 });
        // SciPy caps p only outside the critical values; just above the smallest one its
        // quadratic interpolation may exceed 0.25 slightly (e.g. 0.2509), and so does ours.
        const cv = a.criticalValues;
        if (a.statistic < cv[0]!) expect(a.pvalue).toBe(0.25);
        else if (a.statistic > cv[cv.length - 1]!) expect(a.pvalue).toBe(0.001);
        else {
          expect(a.pvalue).toBeGreaterThanOrEqual(0.001);
          expect(a.pvalue).toBeLessThan(0.26);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => andersonKSamp([[1, 2, 3]])).toThrow(/^samples:/);
    expect(() => andersonKSamp([[1, 2, 3], []])).toThrow(EmptySampleError);
    expect(() => andersonKSamp([[1, 2, 3], [NaN]])).toThrow(/^samples\[1\]:/);
    expect(() =>
      andersonKSamp([
        [2, 2, 2],
        [2, 2],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() => andersonKSamp([[1], [2, 3]])).toThrow(/^samples:/);
    expect(() =>
      andersonKSamp(
        [
          [1, 2],
          [3, 4],
        ],
        { variant: 'discrete' as Variant },
      ),
    ).toThrow(/options\.variant/);
    expect(() =>
      andersonKSamp(
        [
          [1, 2],
          [3, 4],
        ],
        { midrank: false } as never,
      ),
    ).toThrow(/options\.midrank/);
  });
});
