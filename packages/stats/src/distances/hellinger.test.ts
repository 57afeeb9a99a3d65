import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LengthMismatchError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { binCounts } from '../binning/bin-counts.js';
import { hellingerDistance } from './hellinger.js';

interface VectorCase {
  name: string;
  p: number[];
  q: number[];
  hellinger: number;
  hellinger_frouros_form: number;
}
const fx = loadFixture<{ vectorDistances: VectorCase[]; frouros: { hellinger20: number } }>('distances');
const frouros = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');

describe('hellingerDistance', () => {
  for (const c of fx.vectorDistances) {
    it(`${c.name} matches sqrt(1 - sum sqrt(pq)) and frouros' form`, () => {
      expectClose(hellingerDistance(c.p, c.q), c.hellinger);
      // frouros computes sqrt(sum (sqrt p - sqrt q)^2)/sqrt 2: equal in exact arithmetic.
      expectClose(hellingerDistance(c.p, c.q), c.hellinger_frouros_form, { rel: 1e-9, abs: 1e-9 });
    });
  }

  it("matches frouros' Hellinger(20 bins) = 0.467129645775421 with 20 equal-width joint bins", () => {
    const { reference, current } = binCounts(frouros.X, frouros.Y, { bins: 20 });
    expectClose(hellingerDistance(reference, current), 0.467129645775421);
    expectClose(fx.frouros.hellinger20, 0.467129645775421);
  });

  it('is 1 for disjoint support, 0 for equal vectors, symmetric and in [0, 1] (property)', () => {
    expect(hellingerDistance([1, 0], [0, 1])).toBe(1);
    expect(hellingerDistance([2, 3], [4, 6])).toBe(0);
    const counts = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(counts, counts, (p, q) => {
        const k = Math.min(p.length, q.length);
        const a = p.slice(0, k);
        const b = q.slice(0, k);
        a[0] = a[0]! + 1;
        b[0] = b[0]! + 1;
        const h = hellingerDistance(a, b);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(1);
        expect(hellingerDistance(b, a)).toBeCloseTo(h, 14);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input', () => {
    expect(() => hellingerDistance([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => hellingerDistance([1, Number.NaN], [1, 2])).toThrow(/p\[1\]/);
  });
});
