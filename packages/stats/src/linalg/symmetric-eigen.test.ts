import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen.js';

describe('symmetricEigen', () => {
  it('decomposes a 3×3 matrix with known eigenvalues (numpy.linalg.eigh)', () => {
    // [[2,1,0],[1,2,1],[0,1,2]]: eigenvalues 2 + √2, 2, 2 − √2.
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 0, 1, 2, 1, 0, 1, 2), 3);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(values[1]).toBeCloseTo(2, 12);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 12);
    // First eigenvector ∝ (1, √2, 1) up to sign.
    const v0 = [vectors[0] as number, vectors[3] as number, vectors[6] as number];
    const sign = Math.sign(v0[0] as number);
    expect(v0.map((x) => x * sign)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(Math.SQRT1_2, 12), expect.closeTo(0.5, 12)]);
  });
});

describe('symmetricEigen on a rank-deficient covariance', () => {
  it('finds the zero eigenvalue to high accuracy and reconstructs the matrix', () => {
    // Covariance of (x, 2x, y): rank 2, one eigenvalue exactly 0 in exact arithmetic.
    const m = Float64Array.of(1, 2, 0.3, 2, 4, 0.6, 0.3, 0.6, 2);
    const { values, vectors } = symmetricEigen(m, 3);
    expect(values[0]! >= values[1]! && values[1]! >= values[2]!).toBe(true);
    expect(Math.abs(values[2]!)).toBeLessThan(1e-14);
    // V · diag(values) · Vᵀ = m.
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k]! * values[k]! * vectors[j * 3 + k]!;
        expect(s).toBeCloseTo(m[i * 3 + j]!, 12);
      }
    }
  });
});
