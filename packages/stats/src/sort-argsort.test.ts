import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';
import { argsort } from './sort.js';

function isStableSortOrder(x: ArrayLike<number>, idx: Uint32Array): boolean {
  if (idx.length !== x.length) return false;
  const seen = new Uint8Array(x.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    if (seen[i]) return false;
    seen[i] = 1;
    if (k === 0) continue;
    const j = idx[k - 1] as number;
    const a = x[j] as number;
    const b = x[i] as number;
    if (a > b || (a === b && j > i)) return false;
  }
  return true;
}

describe('argsort', () => {
  it('orders small arrays stably, ties in input order, -0 tied with +0', () => {
    expect(Array.from(argsort([3, 1, 2, 1, -0, 0, -Infinity, Infinity]))).toEqual([6, 4, 5, 1, 3, 2, 0, 7]);
    expect(Array.from(argsort([]))).toEqual([]);
  });

  it('gives a stable sorting permutation for random inputs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 200 }), (a) => {
        expect(isStableSortOrder(a, argsort(a))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('uses the radix path above the threshold with the same stable result', () => {
    const rng = createRng(11);
    const n = 300_000;
    const x = new Float64Array(n);
    // Heavy ties, negatives, zeros of both signs and infinities all cross the radix path.
    for (let i = 0; i < n; i++) {
      const r = rng.next();
      x[i] = r < 0.01 ? -0 : r < 0.02 ? 0 : r < 0.025 ? Number.NEGATIVE_INFINITY : Math.round(rng.normal() * 50) / 10;
    }
    const idx = argsort(x);
    expect(isStableSortOrder(x, idx)).toBe(true);
    const y = Float64Array.from({ length: n }, () => rng.normal() * 1e6);
    expect(isStableSortOrder(y, argsort(y))).toBe(true);
  });
});
