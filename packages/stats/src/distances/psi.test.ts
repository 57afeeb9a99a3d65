import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { psi, psiBand } from './psi.js';

interface VectorCase {
  name: string;
  p: number[];
  q: number[];
  psi: number;
  'psi_eps1e-6': number;
}
const fx = loadFixture<{ vectorDistances: VectorCase[] }>('distances');

describe('psi', () => {
  for (const c of fx.vectorDistances) {
    it(`${c.name} matches the NumPy reference formula`, () => {
      expectClose(psi(c.p, c.q), c.psi, {}, 'epsilon 1e-4');
      expectClose(psi(c.p, c.q, { epsilon: 1e-6 }), c['psi_eps1e-6'], {}, 'epsilon 1e-6');
    });
  }

  it('computes a hand example', () => {
    // proportions e = [0.5, 0.5], a = [0.25, 0.75]
    const expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
    expectClose(psi([50, 50], [1, 3]), expected);
    // an empty bin in `actual` becomes epsilon, one empty in both contributes nothing
    const withZero = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    expectClose(psi([1, 1, 0], [0, 1, 0]), withZero);
  });

  it('is symmetric and non-negative, zero on equal vectors (property)', () => {
    const counts = fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(counts, counts, (p, q) => {
        const k = Math.min(p.length, q.length);
        const a = p.slice(0, k);
        const b = q.slice(0, k);
        a[0] = a[0]! + 1;
        b[1] = b[1]! + 1;
        const v = psi(a, b);
        expect(v).toBeGreaterThanOrEqual(0);
        expectClose(psi(b, a), v, { rel: 1e-12, abs: 1e-15 });
        expect(psi(a, a)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('reads the guide bands', () => {
    expect(psiBand(0)).toBe('none');
    expect(psiBand(0.0999)).toBe('none');
    expect(psiBand(0.1)).toBe('moderate');
    expect(psiBand(0.1999)).toBe('moderate');
    expect(psiBand(0.2)).toBe('significant');
    expect(psiBand(3)).toBe('significant');
    expect(() => psiBand(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => psiBand(-1)).toThrow(/value/);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => psi([1, Number.NaN], [1, 1])).toThrow(/expected\[1\]/);
    expect(() => psi([1, 1], [1])).toThrow(/actual/);
    expect(() => psi([1, 1], [1, 1], { epsilon: 0 })).toThrow(/options\.epsilon/);
    expect(() => psi([1, 1], [1, 1], { epsilon: 2 })).toThrow(InvalidArgumentError);
  });
});
