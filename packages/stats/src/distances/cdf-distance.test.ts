import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, EmptySampleError, LengthMismatchError } from '../errors.js';
import { expectClose, loadFixture, loadSharedReference } from '../../test/fixtures.js';
import { energyDistance, wassersteinDistance, wassersteinDistanceSorted } from './cdf-distance.js';

interface CdfCase {
  name: string;
  u: number[];
  v: number[];
  uWeights?: number[];
  vWeights?: number[];
  wasserstein: number;
  energy: number;
}
interface RefCase {
  args: { u: number[]; v: number[]; uw?: number[]; vw?: number[] };
  result: number;
}

const fx = loadFixture<{ cdfDistances: CdfCase[]; frouros: { emd: number; energy: number } }>('distances');
const ref = loadSharedReference<Record<string, RefCase>>('scipy_reference_vectors.json');
const frouros = loadSharedReference<{ X: number[]; Y: number[] }>('frouros_normal_seed31.json');

describe('wassersteinDistance / energyDistance vs SciPy 1.10', () => {
  for (const c of fx.cdfDistances) {
    it(c.name, () => {
      expectClose(wassersteinDistance(c.u, c.v, c.uWeights, c.vWeights), c.wasserstein, {}, 'wasserstein');
      expectClose(energyDistance(c.u, c.v, c.uWeights, c.vWeights), c.energy, {}, 'energy');
    });
  }

  it('wassersteinDistanceSorted gives the same SciPy answers from sorted values with cumulative weights', () => {
    const sorted = (x: number[], w?: number[]) => {
      const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
      let c = 0;
      return { values: Float64Array.from(order, (i) => x[i]!), cumWeights: Float64Array.from(order, (i) => (c += w?.[i] ?? 1)) };
    };
    for (const c of fx.cdfDistances) expectClose(wassersteinDistanceSorted(sorted(c.u, c.uWeights), sorted(c.v, c.vWeights)), c.wasserstein, {}, c.name);
    const { args, result } = ref['wasserstein_weighted']!;
    expectClose(wassersteinDistanceSorted(sorted(args.u, args.uw), sorted(args.v, args.vw)), result);
    expect(() => wassersteinDistanceSorted({ values: new Float64Array(0), cumWeights: new Float64Array(0) }, sorted([1]))).toThrow(/u\.values/);
    expect(() => wassersteinDistanceSorted(sorted([1]), { values: Float64Array.of(1, 2), cumWeights: Float64Array.of(1) })).toThrow(/v\.cumWeights/);
  });

  it('matches the shared SciPy known answers', () => {
    for (const key of ['wasserstein_simple', 'wasserstein_weighted'] as const) {
      const { args, result } = ref[key]!;
      expectClose(wassersteinDistance(args.u, args.v, args.uw, args.vw), result, {}, key);
    }
    for (const key of ['energy_simple', 'energy_weighted', 'energy_c1c2'] as const) {
      const { args, result } = ref[key]!;
      expectClose(energyDistance(args.u, args.v, args.uw, args.vw), result, {}, key);
    }
  });

  it("matches frouros' EMD and energy docstring values (seed 31 normals)", () => {
    expectClose(wassersteinDistance(frouros.X, frouros.Y), 1.0686078744674332);
    expectClose(energyDistance(frouros.X, frouros.Y), 0.8359206395514527);
    expectClose(wassersteinDistance(frouros.X, frouros.Y), fx.frouros.emd);
  });

  it('is a symmetric, non-negative, shift-equivariant metric (property)', () => {
    const sample = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, fc.double({ min: -100, max: 100, noNaN: true }), (u, v, s) => {
        const w = wassersteinDistance(u, v);
        const e = energyDistance(u, v);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(e).toBeGreaterThanOrEqual(0);
        expectClose(wassersteinDistance(v, u), w, { rel: 1e-12, abs: 1e-12 });
        expectClose(energyDistance(v, u), e, { rel: 1e-12, abs: 1e-12 });
        expect(wassersteinDistance(u, u)).toBe(0);
        // Shifting both samples leaves W1 unchanged up to rounding of the shifted values.
        const tol = { rel: 1e-9, abs: 1e-9 * (1 + Math.abs(s) + Math.max(...u.map(Math.abs), ...v.map(Math.abs))) };
        expectClose(
          wassersteinDistance(
            u.map((x) => x + s),
            v.map((x) => x + s),
          ),
          w,
          tol,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('equals the mean absolute difference of sorted equal-size samples', () => {
    const u = [3, 1, 4, 1, 5, 9, 2, 6];
    const v = [2, 7, 1, 8, 2, 8, 1, 8];
    const a = [...u].sort((x, y) => x - y);
    const b = [...v].sort((x, y) => x - y);
    const expected = a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / a.length;
    expectClose(wassersteinDistance(u, v), expected);
  });

  it('handles large samples in one pass (radix path)', () => {
    const n = 200_000;
    const u = new Float64Array(n);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      u[i] = (i * 7919) % n;
      v[i] = ((i * 104729) % n) + 0.5;
    }
    // Both are permutations of an arithmetic grid, v shifted by 0.5: W1 = 0.5 exactly.
    expectClose(wassersteinDistance(u, v), 0.5);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(EmptySampleError);
    expect(() => wassersteinDistance([1, Number.NaN], [1])).toThrow(/u\[1\]/);
    expect(() => energyDistance([1], [2, Infinity])).toThrow(InvalidArgumentError);
    expect(() => wassersteinDistance([1, 2], [1], [1])).toThrow(LengthMismatchError);
    expect(() => wassersteinDistance([1, 2], [1], [1, -1])).toThrow(/uWeights\[1\]/);
    expect(() => wassersteinDistance([1, 2], [1], undefined, [0])).toThrow(/vWeights/);
  });
});
