import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { eppsSingleton2Samp } from './epps-singleton.js';

interface EsCase {
  name: string;
  x: number[];
  y: number[];
  results: { t: number[]; statistic: number; pvalue: number; cond: number }[];
}

const fixture = loadFixture<{ eppsSingleton2Samp: EsCase[] }>('tests_b');
const shared = loadSharedReference<Record<string, { result: [number, number] }>>('scipy_reference_vectors.json');

/** numpy.round(v, 6) for the values of the known answer (round half to even does not arise here). */
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

describe('eppsSingleton2Samp', () => {
  it('matches the SciPy known answer (drift.md §5)', () => {
    const x = Array.from({ length: 30 }, (_, i) => round6((i / 29) ** 2));
    const y = Array.from({ length: 25 }, (_, i) => round6(0.2 + (1.1 * i) / 24));
    const [statistic, pvalue] = (shared.epps_singleton as { result: [number, number] }).result;
    const r = eppsSingleton2Samp(x, y);
    expectClose(r.statistic, statistic);
    expectClose(r.pvalue, pvalue);
  });

  it('matches the frouros normal seed-31 answer (drift.md §5)', () => {
    const { X, Y } = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');
    const r = eppsSingleton2Samp(X, Y);
    expectClose(r.statistic, 71.53537406687721);
    expectClose(r.pvalue, 1.07586356802047e-14);
  });

  it('matches SciPy on every fixture case and choice of t', () => {
    for (const c of fixture.eppsSingleton2Samp) {
      for (const e of c.results) {
        const r = eppsSingleton2Samp(c.x, c.y, { t: e.t });
        const label = `${c.name} t=${e.t.join(',')}`;
        // W = n·gᵀΣ⁺g inherits the forward error cond(Σ)·ε of any pseudo-inverse, numpy's included;
        // only nearly singular covariances (tiny samples, three t points) need more than 1e-9.
        const tol = { rel: Math.max(1e-9, e.cond * Number.EPSILON), abs: 1e-12 };
        expectClose(r.statistic, e.statistic, tol, `${label} statistic`);
        expectClose(r.pvalue, e.pvalue, tol, `${label} pvalue`);
      }
    }
  });

  it('drops NaN and reports how many', () => {
    const r = eppsSingleton2Samp([1.0, 2.0, NaN, 3.5, 4.0, 5.5], [2.0, 2.5, 6.0, 7.0, 9.0, NaN, NaN]);
    const clean = eppsSingleton2Samp([1.0, 2.0, 3.5, 4.0, 5.5], [2.0, 2.5, 6.0, 7.0, 9.0]);
    expect(r.nanDropped).toBe(3);
    expect(r.statistic).toBe(clean.statistic);
    expect(r.pvalue).toBe(clean.pvalue);
  });

  it('is symmetric in x and y and keeps W ≥ 0, p in [0, 1] (property)', () => {
    const sample = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 5, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        let a;
        try {
          a = eppsSingleton2Samp(x, y);
        } catch (e) {
          // a pooled IQR of 0 (or a subnormal one, which leaves a degenerate covariance) is the only expected refusal
          expect(e).toBeInstanceOf(InvalidArgumentError);
          return;
        }
        const b = eppsSingleton2Samp(y, x);
        expectClose(a.statistic, b.statistic, { rel: 1e-7, abs: 1e-9 });
        expect(a.statistic).toBeGreaterThanOrEqual(-1e-9);
        expect(a.pvalue).toBeGreaterThanOrEqual(0);
        expect(a.pvalue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const five = [1, 2, 3, 4, 5];
    expect(() => eppsSingleton2Samp([1, 2, 3, 4], five)).toThrow(EmptySampleError);
    expect(() => eppsSingleton2Samp(five, [1, 2, 3, 4, NaN])).toThrow(/^y:/);
    expect(() => eppsSingleton2Samp([1, 2, 3, 4, Infinity], five)).toThrow(/^x:/);
    expect(() => eppsSingleton2Samp([1, 1, 1, 1, 1], [1, 1, 1, 1, 2])).toThrow(/interquartile/);
    expect(() => eppsSingleton2Samp(five, five, { t: [0.4, 0] })).toThrow(/options\.t\[1\]/);
    expect(() => eppsSingleton2Samp(five, five, { t: [] })).toThrow(/options\.t/);
    expect(() => eppsSingleton2Samp(five, five, { T: [1] } as never)).toThrow(/options\.T/);
  });
});
