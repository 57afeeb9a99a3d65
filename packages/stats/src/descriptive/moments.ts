// Moments of a sample: mean, variance, standard deviation, skewness and kurtosis, with NumPy's
// and SciPy's definitions.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { checkOptionKeys } from '../options.js';
import type { NumericArray } from '../sample.js';
import { firstBadValue, sampleValues } from '../sample.js';

// A NaN in the input is an error (these functions return a bare number and cannot report a
// dropped count); ±Infinity follows IEEE arithmetic as in NumPy.

/** Neumaier-compensated sum: NumPy sums pairwise, and compensation keeps us within an ulp or two of it. */
function compensatedSum(x: Float64Array): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const total = sum + c;
  // With infinities the compensation term is NaN; the plain sum is then the IEEE answer.
  return Number.isFinite(total) ? total : sum;
}

/** NumPy `np.mean(x)`. Throws on NaN (`x[i]`) and on an empty sample. */
export function mean(x: NumericArray): number {
  const v = sampleValues(x, 'x');
  return compensatedSum(v) / v.length;
}

export interface VarianceOptions {
  /** Delta degrees of freedom: the divisor is n − ddof (NumPy's `ddof`, default 0). */
  ddof?: number;
}

/**
 * NumPy `np.var(x, ddof=0)`, computed with Welford's one-pass update (stable for large offsets).
 * Throws on NaN and when n ≤ ddof (NumPy would return inf or NaN with a warning).
 */
export function variance(x: NumericArray, options: VarianceOptions = {}): number {
  checkOptionKeys(options, ['ddof']);
  const { ddof = 0 } = options;
  if (typeof ddof !== 'number' || !Number.isInteger(ddof) || ddof < 0) {
    throw new InvalidArgumentError('options.ddof', 'a non-negative integer', ddof);
  }
  // A Float64Array is read in place, unchecked: NaN in it makes the result NaN, and only then is it
  // looked for (±Infinity alone may give NaN too, and is allowed). Anything else is checked and copied first.
  if (x instanceof Float64Array && x.length > ddof) {
    const result = welfordVariance(x, ddof);
    if (!Number.isNaN(result) || firstBadValue(x, false) < 0) return result;
  }
  const v = x instanceof Float64Array && x.length > 0 && firstBadValue(x, false) < 0 ? x : sampleValues(x, 'x');
  if (v.length <= ddof) throw new EmptySampleError('x', ddof + 1);
  return welfordVariance(v, ddof);
}

function welfordVariance(v: Float64Array, ddof: number): number {
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < v.length; i++) {
    const xi = v[i] as number;
    const d = xi - m;
    m += d / (i + 1);
    m2 += d * (xi - m);
  }
  return m2 / (v.length - ddof);
}

/** NumPy `np.std(x, ddof=0)`: the square root of `variance`. */
export function std(x: NumericArray, options: VarianceOptions = {}): number {
  return Math.sqrt(variance(x, options));
}

/** Central moments m2, m3, m4 about the mean, two-pass as SciPy's `_moment`. */
function centralMoments(v: Float64Array): { mu: number; m2: number; m3: number; m4: number } {
  const n = v.length;
  const mu = compensatedSum(v) / n;
  const d2 = new Float64Array(n);
  const d3 = new Float64Array(n);
  const d4 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (v[i] as number) - mu;
    const s = d * d;
    d2[i] = s;
    d3[i] = s * d;
    d4[i] = s * s;
  }
  return { mu, m2: compensatedSum(d2) / n, m3: compensatedSum(d3) / n, m4: compensatedSum(d4) / n };
}

// SciPy treats m2 as zero when it is below (resolution · mean)², resolution = 1e-15 for float64.
function isDegenerate(m2: number, mu: number): boolean {
  return m2 <= (1e-15 * mu) ** 2;
}

export interface SkewnessOptions {
  /** false applies the adjusted Fisher–Pearson correction (SciPy `bias`, default true). */
  bias?: boolean;
}

/**
 * SciPy `scipy.stats.skew(x, bias=True)` (1.10): m3 / m2^1.5. A constant sample gives NaN, as
 * SciPy does (the statistic is undefined there). Throws on NaN in `x`.
 */
export function skewness(x: NumericArray, options: SkewnessOptions = {}): number {
  checkOptionKeys(options, ['bias']);
  const { bias = true } = options;
  const v = sampleValues(x, 'x');
  const n = v.length;
  const { mu, m2, m3 } = centralMoments(v);
  if (isDegenerate(m2, mu)) return Number.NaN;
  const g1 = m3 / m2 ** 1.5;
  if (bias || n <= 2) return g1;
  return (Math.sqrt((n - 1) * n) / (n - 2)) * g1;
}

export interface KurtosisOptions {
  /** true gives excess kurtosis (normal → 0), false Pearson's (normal → 3). SciPy `fisher`, default true. */
  fisher?: boolean;
  /** false applies the unbiased-estimator correction (SciPy `bias`, default true). */
  bias?: boolean;
}

/**
 * SciPy `scipy.stats.kurtosis(x, fisher=True, bias=True)` (1.10): m4 / m2² − 3. A constant sample
 * gives NaN, as SciPy does. Throws on NaN in `x`.
 */
export function kurtosis(x: NumericArray, options: KurtosisOptions = {}): number {
  checkOptionKeys(options, ['fisher', 'bias']);
  const { fisher = true, bias = true } = options;
  const v = sampleValues(x, 'x');
  const n = v.length;
  const { mu, m2, m4 } = centralMoments(v);
  if (isDegenerate(m2, mu)) return Number.NaN;
  let k = m4 / (m2 * m2);
  if (!bias && n > 3) k = (1 / (n - 2) / (n - 3)) * ((n * n - 1) * k - 3 * (n - 1) ** 2) + 3;
  return fisher ? k - 3 : k;
}
