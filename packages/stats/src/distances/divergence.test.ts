import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { jensenShannonDistance, klDivergence } from './divergence.js';

interface VectorCase {
  name: string;
  p: number[];
  q: number[];
  js: number;
  js_base2: number;
  kl: number;
  kl_base2: number;
}
interface RefCase {
  args: { p: number[]; q: number[]; base?: number };
  result: number;
}

const fx = loadFixture<{ vectorDistances: VectorCase[]; frouros: { probX: number[]; probY: number[]; js20: number; kl20: number } }>('distances');
const ref = loadSharedReference<Record<string, RefCase>>('scipy_reference_vectors.json');

const counts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 });

describe('jensenShannonDistance / klDivergence vs SciPy 1.10', () => {
  for (const c of fx.vectorDistances) {
    it(c.name, () => {
      expectClose(jensenShannonDistance(c.p, c.q), c.js, {}, 'js');
      expectClose(jensenShannonDistance(c.p, c.q, { base: 2 }), c.js_base2, {}, 'js base 2');
      expectClose(klDivergence(c.p, c.q), c.kl, {}, 'kl');
      expectClose(klDivergence(c.p, c.q, { base: 2 }), c.kl_base2, {}, 'kl base 2');
    });
  }

  it('matches the shared SciPy jensenshannon known answers', () => {
    for (const key of ['js_disjoint_base2', 'js_disjoint_natural', 'js_half', 'js_half_base2', 'js_unnormalized']) {
      const { args, result } = ref[key]!;
      const opts = args.base === undefined ? {} : { base: args.base };
      expectClose(jensenShannonDistance(args.p, args.q, opts), result, {}, key);
    }
    expectClose(jensenShannonDistance([1, 0], [0, 1]), Math.sqrt(Math.LN2));
  });

  it("matches frouros' JS(20) = 0.41702877367162156 and KL(20) = inf on its bin probabilities", () => {
    expectClose(jensenShannonDistance(fx.frouros.probX, fx.frouros.probY), 0.41702877367162156);
    expect(klDivergence(fx.frouros.probX, fx.frouros.probY)).toBe(Infinity);
    expect(fx.frouros.kl20).toBe(Infinity);
  });

  it('gives +Infinity where q is 0 and p is not, as scipy.stats.entropy', () => {
    expect(klDivergence([1, 1], [1, 0])).toBe(Infinity);
    expect(klDivergence([1, 0], [1, 1])).toBeCloseTo(Math.LN2, 15);
  });

  it('JS is symmetric, bounded by sqrt(ln 2) and zero on equal vectors (property)', () => {
    fc.assert(
      fc.property(counts, counts, (p, q) => {
        const k = Math.min(p.length, q.length);
        const a = p.slice(0, k);
        const b = q.slice(0, k);
        a[0] = a[0]! + 1;
        b[0] = b[0]! + 1;
        const d = jensenShannonDistance(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.sqrt(Math.LN2) + 1e-15);
        expectClose(jensenShannonDistance(b, a), d, { rel: 1e-12, abs: 1e-15 });
        expect(jensenShannonDistance(a, a)).toBe(0);
        expect(klDivergence(a, b)).toBeGreaterThanOrEqual(-1e-15);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => jensenShannonDistance([1, Number.NaN], [1, 1])).toThrow(/p\[1\]/);
    expect(() => jensenShannonDistance([1, 1], [1, -1])).toThrow(/q\[1\]/);
    expect(() => klDivergence([1, 1], [1])).toThrow(LengthMismatchError);
    expect(() => klDivergence([], [])).toThrow(EmptySampleError);
    expect(() => klDivergence([0, 0], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => klDivergence([1], [1], { base: 1 })).toThrow(/options\.base/);
    expect(() => jensenShannonDistance([1], [1], { bas: 2 } as never)).toThrow(/options\.bas/);
  });
});
