// Sample quantiles with NumPy's thirteen `method`s (Hyndman & Fan) plus the guide's nearest-rank
// percentile, and the median.

import { InvalidArgumentError } from '../errors.js';
import { checkOptionKeys } from '../options.js';
import type { NumericArray } from '../sample.js';
import { checkOption, sampleValues } from '../sample.js';
import { sortInPlace } from '../sort.js';

export const QUANTILE_METHODS = [
  'linear',
  'lower',
  'higher',
  'nearest',
  'midpoint',
  'inverted_cdf',
  'averaged_inverted_cdf',
  'closest_observation',
  'interpolated_inverted_cdf',
  'hazen',
  'weibull',
  'median_unbiased',
  'normal_unbiased',
  'nearest-rank',
] as const;

/** NumPy's `np.quantile` methods, plus 'nearest-rank' (P = x₍⌈q·n⌉₎, 1-based, clamped to [1, n]). */
export type QuantileMethod = (typeof QUANTILE_METHODS)[number];

export interface QuantileOptions {
  /** NumPy `method` (default 'linear', NumPy's default). */
  method?: QuantileMethod;
}

// NumPy's `_lerp`: the two-sided form keeps the result monotone in t and exact at t = 1.
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

// Round half to even, as `np.around`.
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const r = v - f;
  if (r > 0.5) return f + 1;
  if (r < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

// Indices for the discontinuous methods (`_discret_interpolation_to_boundaries` in NumPy).
function discreteIndex(v: number, takePrevious: (gamma: number, prev: number) => boolean, n: number): number {
  const prev = Math.floor(v);
  const idx = takePrevious(v - prev, prev) ? prev : prev + 1;
  return Math.min(Math.max(idx, 0), n - 1);
}

// Interpolates at a virtual (0-based, fractional) index, clamping out-of-range indices to the ends.
function atVirtualIndex(s: Float64Array, v: number, fixGamma?: (gamma: number) => number): number {
  const n = s.length;
  if (v >= n - 1) return s[n - 1] as number;
  if (v < 0) return s[0] as number;
  const prev = Math.floor(v);
  const gamma = fixGamma ? fixGamma(v - prev) : v - prev;
  return lerp(s[prev] as number, s[prev + 1] as number, gamma);
}

// Continuous Hyndman–Fan methods: virtual index n·q + α + q(1 − α − β) − 1.
function continuousIndex(n: number, q: number, alpha: number, beta: number): number {
  return n * q + (alpha + q * (1 - alpha - beta)) - 1;
}

/** The q-quantile of an ascending-sorted, NaN-free, non-empty array, NumPy's arithmetic step by step. */
export function quantileSorted(s: Float64Array, q: number, method: QuantileMethod = 'linear'): number {
  const n = s.length;
  switch (method) {
    case 'linear':
      return atVirtualIndex(s, (n - 1) * q);
    case 'lower':
      return s[Math.floor((n - 1) * q)] as number;
    case 'higher':
      return s[Math.ceil((n - 1) * q)] as number;
    case 'nearest':
      return s[roundHalfEven((n - 1) * q)] as number;
    case 'midpoint': {
      const v = (n - 1) * q;
      const mid = 0.5 * (Math.floor(v) + Math.ceil(v));
      return atVirtualIndex(s, mid, () => (mid % 1 === 0 ? 0 : 0.5));
    }
    case 'inverted_cdf':
      return s[discreteIndex(n * q - 1, (g) => g === 0, n)] as number;
    case 'averaged_inverted_cdf':
      return atVirtualIndex(s, n * q - 1, (g) => (g === 0 ? 0.5 : 1));
    case 'closest_observation':
      return s[discreteIndex(n * q - 1 - 0.5, (g, prev) => g === 0 && ((prev % 2) + 2) % 2 === 0, n)] as number;
    case 'interpolated_inverted_cdf':
      return atVirtualIndex(s, continuousIndex(n, q, 0, 1));
    case 'hazen':
      return atVirtualIndex(s, continuousIndex(n, q, 0.5, 0.5));
    case 'weibull':
      return atVirtualIndex(s, continuousIndex(n, q, 0, 0));
    case 'median_unbiased':
      return atVirtualIndex(s, continuousIndex(n, q, 1 / 3, 1 / 3));
    case 'normal_unbiased':
      return atVirtualIndex(s, continuousIndex(n, q, 3 / 8, 3 / 8));
    case 'nearest-rank': {
      const k = Math.min(Math.max(Math.ceil(q * n), 1), n);
      return s[k - 1] as number;
    }
  }
}

function checkQ(q: number, name: string): number {
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new InvalidArgumentError(name, 'a probability in [0, 1]', q);
  return q;
}

/**
 * NumPy `np.quantile(x, q, method=...)` (1.24) for q in [0, 1]; 'nearest-rank' is the guide's
 * P_k = x₍⌈k·n/100⌉₎ with q = k/100. A number q gives a number, an array a Float64Array.
 * NaN in `x` throws (`x[i]`): NumPy would return NaN, and a bare number cannot report a dropped count.
 */
export function quantile(x: NumericArray, q: number, options?: QuantileOptions): number;
export function quantile(x: NumericArray, q: NumericArray, options?: QuantileOptions): Float64Array;
export function quantile(x: NumericArray, q: number | NumericArray, options: QuantileOptions = {}): number | Float64Array {
  checkOptionKeys(options, ['method']);
  const method = checkOption(options.method ?? 'linear', 'options.method', QUANTILE_METHODS);
  let qs: number[];
  if (typeof q === 'number') qs = [checkQ(q, 'q')];
  else if (q !== null && typeof q === 'object' && typeof q.length === 'number') {
    qs = [];
    for (let i = 0; i < q.length; i++) qs.push(checkQ(q[i] as number, `q[${i}]`));
  } else throw new InvalidArgumentError('q', 'a number or an array of numbers in [0, 1]', q);
  const s = sortInPlace(sampleValues(x, 'x'));
  if (typeof q === 'number') return quantileSorted(s, qs[0] as number, method);
  const out = new Float64Array(qs.length);
  for (let i = 0; i < qs.length; i++) out[i] = quantileSorted(s, qs[i] as number, method);
  return out;
}

/** NumPy `np.median(x)`: the middle value, or the mean of the two middle values. Throws on NaN. */
export function median(x: NumericArray): number {
  const s = sortInPlace(sampleValues(x, 'x'));
  const n = s.length;
  const h = n >> 1;
  return n % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}
