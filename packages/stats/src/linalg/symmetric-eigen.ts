// Eigen-decomposition of a small symmetric matrix (covariances for PCA and for Epps–Singleton's
// pseudo-inverse), by cyclic Jacobi rotations.

/** Eigenvalues (descending) and unit eigenvectors, column k of `vectors` (row-major dim × dim) for `values[k]`. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of the symmetric `dim × dim` row-major `matrix` by cyclic Jacobi rotations,
 * run until the off-diagonal is exactly zero (or 100 sweeps): slower than tridiagonal QR but
 * accurate to high relative precision even for tiny eigenvalues, which is what rank decisions
 * (numpy's pinv) need. Meant for the small matrices of PCA and covariance tests (dim ≲ 100).
 */
export function symmetricEigen(matrix: Float64Array, dim: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) v[i * dim + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += (a[p * dim + q] as number) ** 2;
    if (off === 0) break;
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        const apq = a[p * dim + q] as number;
        if (apq === 0) continue;
        const app = a[p * dim + p] as number;
        const aqq = a[q * dim + q] as number;
        // Rotation angle from cot 2θ = (a_qq − a_pp)/(2a_pq), choosing the smaller root for stability.
        const theta = (aqq - app) / (2 * apq);
        const tan = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(tan * tan + 1);
        const sin = tan * cos;
        for (let r = 0; r < dim; r++) {
          const arp = a[r * dim + p] as number;
          const arq = a[r * dim + q] as number;
          a[r * dim + p] = cos * arp - sin * arq;
          a[r * dim + q] = sin * arp + cos * arq;
        }
        for (let c = 0; c < dim; c++) {
          const apc = a[p * dim + c] as number;
          const aqc = a[q * dim + c] as number;
          a[p * dim + c] = cos * apc - sin * aqc;
          a[q * dim + c] = sin * apc + cos * aqc;
        }
        a[p * dim + q] = 0;
        a[q * dim + p] = 0;
        for (let r = 0; r < dim; r++) {
          const vrp = v[r * dim + p] as number;
          const vrq = v[r * dim + q] as number;
          v[r * dim + p] = cos * vrp - sin * vrq;
          v[r * dim + q] = sin * vrp + cos * vrq;
        }
      }
    }
  }
  // Largest eigenvalue first, as PCA wants its components.
  const order = Array.from({ length: dim }, (_, i) => i).sort((x, y) => (a[y * dim + y] as number) - (a[x * dim + x] as number));
  const values = new Float64Array(dim);
  const vectors = new Float64Array(dim * dim);
  order.forEach((src, dst) => {
    values[dst] = a[src * dim + src] as number;
    for (let r = 0; r < dim; r++) vectors[r * dim + dst] = v[r * dim + src] as number;
  });
  return { values, vectors };
}
