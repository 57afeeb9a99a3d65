import { describe, expect, it } from 'vitest';
import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { expectClose, loadFixture } from '../../test/fixtures.js';
import { mmd } from './mmd.js';

interface MmdCase {
  name: string;
  x: number[];
  y: number[];
  statistic: number;
  sigma: number;
}
const fx = loadFixture<{ mmd: MmdCase[] }>('distances');

function normals(n: number, mu: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mu + rng.normal();
  return out;
}

describe('mmd (unbiased MMD², RBF kernel, median heuristic)', () => {
  for (const c of fx.mmd) {
    it(`${c.name}: statistic and sigma match the NumPy reference`, () => {
      const r = mmd(c.x, c.y, { permutations: 20 });
      expectClose(r.sigma, c.sigma, {}, 'sigma');
      expectClose(r.statistic, c.statistic, {}, 'statistic');
      expect(r.nanDropped).toBe(0);
    });
  }

  it('p-value is (k + 1)/(B + 1), in (0, 1], deterministic per seed', () => {
    const x = normals(60, 0, 1);
    const y = normals(50, 0, 2);
    const a = mmd(x, y, { permutations: 99, seed: 7 });
    const b = mmd(x, y, { permutations: 99, seed: 7 });
    expect(a).toEqual(b);
    const k = a.pvalue * 100 - 1;
    expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
    expect(a.pvalue).toBeGreaterThan(0);
    expect(a.pvalue).toBeLessThanOrEqual(1);
  });

  it('is small for clearly different samples and large for the same distribution', () => {
    const diff = mmd(normals(80, 0, 3), normals(80, 1.5, 4), { permutations: 200, seed: 1 });
    expect(diff.pvalue).toBe(1 / 201);
    expect(diff.statistic).toBeGreaterThan(0.1);
    const same = mmd(normals(80, 0, 5), normals(80, 0, 6), { permutations: 200, seed: 1 });
    expect(same.pvalue).toBeGreaterThan(0.05);
  });

  it('drops NaN and counts it; a constant pooled sample gives 0 and p = 1', () => {
    const r = mmd([0, 1, Number.NaN, 2], [0.5, Number.NaN, 3], { permutations: 10 });
    const c = fx.mmd.find((m) => m.name === 'small')!;
    expect(r.nanDropped).toBe(2);
    expectClose(r.statistic, c.statistic);
    expect(mmd([2, 2, 2], [2, 2])).toEqual({ statistic: 0, pvalue: 1, sigma: 0, nanDropped: 0 });
  });

  it('recomputes kernels above the cache limit (4096 pooled values)', () => {
    const x = normals(2100, 0, 8);
    const y = normals(2100, 0, 9).map((v) => v + 3);
    const r = mmd(x, y, { permutations: 1, seed: 3 });
    expect(r.statistic).toBeGreaterThan(0.5);
    expect(r.pvalue).toBe(0.5);
  });

  it('accepts an explicit sigma', () => {
    const r = mmd([0, 1], [0, 1], { sigma: 1, permutations: 5 });
    // Kxx off-diagonal = exp(-1/2) twice over n(n-1)=2, same for y; Kxy mean = (1 + 1 + 2e^-1/2)/4.
    const e = Math.exp(-0.5);
    expectClose(r.statistic, e + e - 2 * ((2 + 2 * e) / 4));
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => mmd([1], [1, 2])).toThrow(EmptySampleError);
    expect(() => mmd([1, 2], [1, Infinity])).toThrow(/^y/);
    expect(() => mmd([1, 2], [1, 2], { permutations: 0 })).toThrow(/options\.permutations/);
    expect(() => mmd([1, 2], [1, 2], { sigma: -1 })).toThrow(InvalidArgumentError);
    expect(() => mmd([1, 2], [1, 2], { perms: 3 } as never)).toThrow(/options\.perms/);
  });
});
