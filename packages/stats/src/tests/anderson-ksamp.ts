// k-sample Anderson–Darling test (Scholz & Stephens 1987), matching SciPy `anderson_ksamp`:
// standardised A², critical values from their Table 2, p interpolated, then capped as SciPy 1.10 caps it.

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { cleanSortedSample, checkOption } from '../sample.js';
import { sortInPlace } from '../sort.js';
import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';

/** Options of {@link andersonKSamp}. */
export interface AndersonKSampOptions {
  /**
   * 'midrank' (default; SciPy 1.10 `midrank=True`, eq. 7), 'right' (`midrank=False`, eq. 6,
   * right-continuous EDF for discrete data) or 'continuous' (eq. 3, as SciPy ≥ 1.17 `variant=`;
   * equal to 'right' when there are no ties).
   */
  readonly variant?: 'midrank' | 'right' | 'continuous';
}

/** Result of {@link andersonKSamp}. */
export interface AndersonKSampResult {
  /** Standardised statistic (A²kN − (k − 1)) / σN. */
  readonly statistic: number;
  /** Critical values at significance 25 %, 10 %, 5 %, 2.5 %, 1 %, 0.5 %, 0.1 % (a plain array: it serialises as JSON). */
  readonly criticalValues: number[];
  /** Interpolated p-value: 0.25 below the smallest critical value, 0.001 above the largest (SciPy 1.10); in between the interpolation may exceed 0.25 slightly. */
  readonly pvalue: number;
  /** NaN values dropped over all samples. */
  readonly nanDropped: number;
}

const VARIANTS = ['midrank', 'right', 'continuous'] as const;
const SIGNIFICANCE = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
// Interpolation coefficients of Scholz & Stephens (1987), Table 2: b0 + b1/√m + b2/m.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/**
 * k-sample Anderson–Darling test, SciPy `anderson_ksamp` (1.10; `variant` as in newer SciPy),
 * with NaNs omitted. Needs at least two non-empty samples, at least 4 values in all, and at least
 * two distinct values. The p-value is SciPy's quadratic fit of log(significance) against the
 * critical values, set to 0.25 below the smallest and 0.001 above the largest, as SciPy does.
 */
export function andersonKSamp(samples: readonly NumericArray[], options: AndersonKSampOptions = {}): AndersonKSampResult {
  checkOptionKeys(options, ['variant']);
  const variant = checkOption(options.variant ?? 'midrank', 'options.variant', VARIANTS);
  if (!Array.isArray(samples)) throw new InvalidArgumentError('samples', 'an array of samples', samples);
  const k = samples.length;
  if (k < 2) throw new InvalidArgumentError('samples', 'at least two samples', k);
  const sorted: Float64Array[] = [];
  let nanDropped = 0;
  let bigN = 0;
  for (let i = 0; i < k; i++) {
    const c = cleanSortedSample(samples[i] as NumericArray, `samples[${i}]`);
    sorted.push(c.values);
    nanDropped += c.nanDropped;
    bigN += c.values.length;
  }
  const pooled = new Float64Array(bigN);
  let offset = 0;
  for (const s of sorted) {
    pooled.set(s, offset);
    offset += s.length;
  }
  sortInPlace(pooled);
  if (pooled[0] === pooled[bigN - 1]) throw new InvalidArgumentError('samples', 'at least two distinct values', 'all equal');
  // σ² below has (N − 1)(N − 2)(N − 3) in its denominator.
  if (bigN < 4) throw new EmptySampleError('samples', 4);

  const a2kn = variant === 'midrank' ? a2Midrank(sorted, pooled) : variant === 'right' ? a2Right(sorted, pooled) : a2Continuous(sorted, pooled);

  let harmonicN = 0;
  for (const s of sorted) harmonicN += 1 / s.length;
  // h = Σ_{i<N} 1/i and g = Σ_{i<j<N} 1/((N − i)·j), accumulated as SciPy does (cumulative tails).
  let tail = 0;
  let g = 0;
  for (let i = bigN - 1, j = 2; i >= 2; i--, j++) {
    tail += 1 / i;
    g += tail / j;
  }
  const h = tail + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * harmonicN;
  const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * harmonicN - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * harmonicN + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  const sigmaSq = (a * (bigN * bigN * bigN) + b * (bigN * bigN) + c * bigN + d) / ((bigN - 1) * (bigN - 2) * (bigN - 3));
  const m = k - 1;
  const statistic = (a2kn - m) / Math.sqrt(sigmaSq);

  const criticalValues = B0.map((b0, i) => b0 + (B1[i] as number) / Math.sqrt(m) + (B2[i] as number) / m);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of criticalValues) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let pvalue: number;
  if (statistic < lo) pvalue = 0.25;
  else if (statistic > hi) pvalue = 0.001;
  else {
    const logSig = SIGNIFICANCE.map(Math.log);
    const [c2, c1, c0] = quadraticFit(criticalValues, logSig);
    pvalue = Math.exp((c2 * statistic + c1) * statistic + c0);
  }
  return { statistic, criticalValues, pvalue, nanDropped };
}

/** A²akN, eq. 7 of Scholz & Stephens: midrank EDFs, for continuous and discrete data. */
function a2Midrank(sorted: readonly Float64Array[], pooled: Float64Array): number {
  const bigN = pooled.length;
  const k = sorted.length;
  const pos = new Int32Array(k);
  let total = 0;
  const sums = new Float64Array(k);
  let start = 0;
  while (start < bigN) {
    const z = pooled[start] as number;
    let end = start + 1;
    while (end < bigN && pooled[end] === z) end++;
    const lj = end - start;
    const bj = start + lj / 2;
    const denom = bj * (bigN - bj) - (bigN * lj) / 4;
    for (let i = 0; i < k; i++) {
      const s = sorted[i] as Float64Array;
      let p = pos[i] as number;
      const below = p;
      while (p < s.length && s[p] === z) p++;
      pos[i] = p;
      const mij = p - (p - below) / 2;
      const diff = bigN * mij - bj * s.length;
      sums[i] = (sums[i] as number) + ((lj / bigN) * (diff * diff)) / denom;
    }
    start = end;
  }
  for (let i = 0; i < k; i++) total += (sums[i] as number) / (sorted[i] as Float64Array).length;
  return total * ((bigN - 1) / bigN);
}

/** A²kN, eq. 6 of Scholz & Stephens: right-continuous EDFs, over distinct values but the last. */
function a2Right(sorted: readonly Float64Array[], pooled: Float64Array): number {
  const bigN = pooled.length;
  const k = sorted.length;
  const pos = new Int32Array(k);
  const sums = new Float64Array(k);
  let start = 0;
  for (;;) {
    const z = pooled[start] as number;
    let end = start + 1;
    while (end < bigN && pooled[end] === z) end++;
    if (end === bigN) break;
    const lj = end - start;
    const bj = end;
    for (let i = 0; i < k; i++) {
      const s = sorted[i] as Float64Array;
      let p = pos[i] as number;
      while (p < s.length && s[p] === z) p++;
      pos[i] = p;
      const diff = bigN * p - bj * s.length;
      sums[i] = (sums[i] as number) + ((lj / bigN) * (diff * diff)) / (bj * (bigN - bj));
    }
    start = end;
  }
  let total = 0;
  for (let i = 0; i < k; i++) total += (sums[i] as number) / (sorted[i] as Float64Array).length;
  return total;
}

/** A²kN, eq. 3 of Scholz & Stephens: one term per pooled observation but the last. */
function a2Continuous(sorted: readonly Float64Array[], pooled: Float64Array): number {
  const bigN = pooled.length;
  const k = sorted.length;
  const pos = new Int32Array(k);
  const sums = new Float64Array(k);
  let start = 0;
  while (start < bigN - 1) {
    const z = pooled[start] as number;
    let end = start + 1;
    while (end < bigN && pooled[end] === z) end++;
    for (let i = 0; i < k; i++) {
      const s = sorted[i] as Float64Array;
      let p = pos[i] as number;
      while (p < s.length && s[p] === z) p++;
      pos[i] = p;
      const ni = s.length;
      // Tied pooled positions share M_ij (a right-side count) but each has its own j.
      let acc = sums[i] as number;
      for (let j = start + 1; j <= end && j < bigN; j++) {
        const diff = bigN * p - j * ni;
        acc += (diff * diff) / (j * (bigN - j));
      }
      sums[i] = acc;
    }
    start = end;
  }
  let total = 0;
  for (let i = 0; i < k; i++) total += (sums[i] as number) / (sorted[i] as Float64Array).length;
  return total / bigN;
}

/**
 * Least-squares quadratic through (x, y), as `numpy.polyfit(x, y, 2)`: columns of the Vandermonde
 * matrix scaled to unit norm, then Householder QR. Returns [c2, c1, c0] (highest power first).
 */
function quadraticFit(x: ArrayLike<number>, y: readonly number[]): [number, number, number] {
  const rows = x.length;
  const cols = 3;
  const a: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const xr = x[r] as number;
    a.push([xr * xr, xr, 1]);
  }
  const scale = [0, 0, 0];
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += (a[r] as number[])[c]! ** 2;
    scale[c] = Math.sqrt(s);
    for (let r = 0; r < rows; r++) (a[r] as number[])[c]! /= scale[c]!;
  }
  const rhs = y.slice();
  for (let c = 0; c < cols; c++) {
    let norm = 0;
    for (let r = c; r < rows; r++) norm += (a[r] as number[])[c]! ** 2;
    norm = Math.sqrt(norm);
    const top = (a[c] as number[])[c]!;
    const alpha = top > 0 ? -norm : norm;
    // Householder vector v = column − alpha·e_c, applied to the remaining columns and to rhs.
    const v: number[] = new Array<number>(rows).fill(0);
    for (let r = c; r < rows; r++) v[r] = (a[r] as number[])[c]!;
    v[c] = top - alpha;
    let vv = 0;
    for (let r = c; r < rows; r++) vv += v[r]! * v[r]!;
    if (vv === 0) continue;
    for (let cc = c; cc < cols; cc++) {
      let dot = 0;
      for (let r = c; r < rows; r++) dot += v[r]! * (a[r] as number[])[cc]!;
      const f = (2 * dot) / vv;
      for (let r = c; r < rows; r++) (a[r] as number[])[cc]! -= f * v[r]!;
    }
    let dot = 0;
    for (let r = c; r < rows; r++) dot += v[r]! * rhs[r]!;
    const f = (2 * dot) / vv;
    for (let r = c; r < rows; r++) rhs[r]! -= f * v[r]!;
  }
  const coef = [0, 0, 0];
  for (let c = cols - 1; c >= 0; c--) {
    let s = rhs[c]!;
    for (let cc = c + 1; cc < cols; cc++) s -= (a[c] as number[])[cc]! * coef[cc]!;
    coef[c] = s / (a[c] as number[])[c]!;
  }
  return [coef[0]! / scale[0]!, coef[1]! / scale[1]!, coef[2]! / scale[2]!];
}
