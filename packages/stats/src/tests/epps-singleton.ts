// Epps–Singleton two-sample test on the empirical characteristic function, matching SciPy
// `epps_singleton_2samp` (1.10), including numpy's pseudo-inverse and rank conventions.

import { chi2Sf } from '../distributions/index.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { InvalidArgumentError } from '../errors.js';
import { cleanSample } from '../sample.js';
import type { NumericArray } from '../sample.js';
import { sortedCopy } from '../sort.js';
import { checkOptionKeys } from '../options.js';

/** Options of {@link eppsSingleton2Samp}. */
export interface EppsSingleton2SampOptions {
  /** Points (before scaling by the pooled semi-IQR) where the characteristic function is taken. Default [0.4, 0.8]. */
  readonly t?: NumericArray;
}

/** Result of {@link eppsSingleton2Samp}. */
export interface EppsSingleton2SampResult {
  /** The statistic W (with the small-sample correction when both samples are under 25). */
  readonly statistic: number;
  /** χ² survival of W with the rank of the covariance estimate as degrees of freedom. */
  readonly pvalue: number;
  /** NaN values dropped from x and y together. */
  readonly nanDropped: number;
}

// numpy.linalg.pinv's default: singular values at or below 1e-15 × the largest count as zero.
const PINV_RCOND = 1e-15;

/**
 * Epps–Singleton test, SciPy `epps_singleton_2samp` (1.10) with NaNs omitted. Each sample needs at
 * least 5 values, all finite, and the pooled data a non-zero interquartile range.
 */
export function eppsSingleton2Samp(x: NumericArray, y: NumericArray, options: EppsSingleton2SampOptions = {}): EppsSingleton2SampResult {
  checkOptionKeys(options, ['t']);
  const t = checkPoints(options.t ?? [0.4, 0.8]);
  const cx = cleanSample(x, 'x', 5);
  const cy = cleanSample(y, 'y', 5);
  checkAllFinite(cx.values, 'x');
  checkAllFinite(cy.values, 'y');
  const xs = cx.values;
  const ys = cy.values;
  const nx = xs.length;
  const ny = ys.length;
  const n = nx + ny;

  const pooled = new Float64Array(n);
  pooled.set(xs);
  pooled.set(ys, nx);
  const sorted = sortedCopy(pooled);
  const sigma = (percentile(sorted, 75) - percentile(sorted, 25)) / 2;
  if (!(sigma > 0)) {
    throw new InvalidArgumentError('x', 'x and y pooled to have a non-zero interquartile range', 'an IQR of 0');
  }
  const dim = 2 * t.length;
  const scaled = t.map((v) => v / sigma);
  const fx = features(xs, scaled);
  const fy = features(ys, scaled);
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < dim * dim; i++) cov[i] = (n / nx) * (fx.cov[i] as number) + (n / ny) * (fy.cov[i] as number);
  const diff = new Float64Array(dim);
  for (let i = 0; i < dim; i++) diff[i] = (fx.mean[i] as number) - (fy.mean[i] as number);

  const { values, vectors } = symmetricEigen(cov, dim);
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  const cutoff = PINV_RCOND * largest;
  let rank = 0;
  let quad = 0;
  for (let c = 0; c < dim; c++) {
    const lambda = values[c] as number;
    if (!(Math.abs(lambda) > cutoff)) continue;
    rank++;
    let proj = 0;
    for (let r = 0; r < dim; r++) proj += (vectors[r * dim + c] as number) * (diff[r] as number);
    quad += (proj * proj) / lambda;
  }
  let w = n * quad;
  if (Math.max(nx, ny) < 25) {
    const corr = 1 / (1 + n ** -0.45 + 10.1 * (nx ** -1.7 + ny ** -1.7));
    w = corr * w;
  }
  if (rank === 0) {
    // Every characteristic-function feature is constant (e.g. a spread so small that t/σ
    // overflows): there is nothing to test, and NumPy's SVD fails to converge here too.
    throw new InvalidArgumentError('x', 'x and y whose empirical characteristic functions vary (a covariance of rank ≥ 1)', 'a degenerate covariance');
  }
  const pvalue = chi2Sf(w, rank);
  return { statistic: w, pvalue, nanDropped: cx.nanDropped + cy.nanDropped };
}

function checkPoints(t: NumericArray): number[] {
  if (t === null || typeof t !== 'object' || typeof t.length !== 'number' || t.length === 0) {
    throw new InvalidArgumentError('options.t', 'a non-empty array of positive numbers', t);
  }
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`options.t[${i}]`, 'a finite positive number', v);
    }
    out.push(v);
  }
  return out;
}

function checkAllFinite(x: Float64Array, name: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i] as number)) throw new InvalidArgumentError(name, 'finite values (or NaN, which is dropped)', x[i]);
  }
}

/** numpy.percentile(..., method='linear') on an ascending array, with numpy's two-sided lerp. */
function percentile(sorted: Float64Array, q: number): number {
  const index = (sorted.length - 1) * (q / 100);
  const below = Math.floor(index);
  const above = Math.min(below + 1, sorted.length - 1);
  const gamma = index - below;
  const a = sorted[below] as number;
  const b = sorted[above] as number;
  const d = b - a;
  return gamma >= 0.5 ? b - d * (1 - gamma) : a + d * gamma;
}

/** Mean and biased covariance of (cos(t₁x), …, cos(t_kx), sin(t₁x), …, sin(t_kx)) over a sample. */
function features(x: Float64Array, ts: readonly number[]): { mean: Float64Array; cov: Float64Array } {
  const k = ts.length;
  const dim = 2 * k;
  const n = x.length;
  const g = new Float64Array(dim * n);
  for (let j = 0; j < k; j++) {
    const tj = ts[j] as number;
    for (let i = 0; i < n; i++) {
      const arg = tj * (x[i] as number);
      g[j * n + i] = Math.cos(arg);
      g[(j + k) * n + i] = Math.sin(arg);
    }
  }
  const mean = new Float64Array(dim);
  for (let d = 0; d < dim; d++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[d * n + i] as number;
    mean[d] = s / n;
    for (let i = 0; i < n; i++) g[d * n + i] = (g[d * n + i] as number) - s / n;
  }
  const cov = new Float64Array(dim * dim);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (g[a * n + i] as number) * (g[b * n + i] as number);
      cov[a * dim + b] = s / n;
      cov[b * dim + a] = s / n;
    }
  }
  return { mean, cov };
}
