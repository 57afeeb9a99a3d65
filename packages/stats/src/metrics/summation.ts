// NumPy-compatible sums and averages: NumPy adds float64 arrays pairwise (8 accumulators in
// blocks of 128), so summing the same way makes our metrics round like scikit-learn's.

import { InvalidArgumentError } from '../errors.js';
import { checkSameLength } from '../sample.js';

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    // NumPy starts from -0.0 so that an all(-0) sum stays -0; + 0 would not matter for metrics.
    let s = -0;
    for (let i = start; i < start + n; i++) s += a[i] as number;
    return s;
  }
  if (n <= 128) {
    let r0 = a[start] as number;
    let r1 = a[start + 1] as number;
    let r2 = a[start + 2] as number;
    let r3 = a[start + 3] as number;
    let r4 = a[start + 4] as number;
    let r5 = a[start + 5] as number;
    let r6 = a[start + 6] as number;
    let r7 = a[start + 7] as number;
    const end8 = start + n - (n % 8);
    let i = start + 8;
    for (; i < end8; i += 8) {
      r0 += a[i] as number;
      r1 += a[i + 1] as number;
      r2 += a[i + 2] as number;
      r3 += a[i + 3] as number;
      r4 += a[i + 4] as number;
      r5 += a[i + 5] as number;
      r6 += a[i + 6] as number;
      r7 += a[i + 7] as number;
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < start + n; i++) s += a[i] as number;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** `np.sum` of a contiguous float64 array (pairwise summation). */
export function npSum(a: ArrayLike<number>): number {
  return pairwise(a, 0, a.length);
}

/** `np.average(values, weights=weights)`: Σ v·w / Σ w, or the mean without weights. */
export function npAverage(values: Float64Array, weights?: Float64Array): number {
  if (weights === undefined) return npSum(values) / values.length;
  const prod = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) prod[i] = (values[i] as number) * (weights[i] as number);
  const scl = npSum(weights);
  if (scl === 0) throw new InvalidArgumentError('sampleWeight', 'weights that do not sum to zero', 0);
  return npSum(prod) / scl;
}

/** Checks optional sample weights: finite, non-negative, one per sample. */
export function checkSampleWeight(w: ArrayLike<number> | undefined, n: number, against = 'yTrue'): Float64Array | undefined {
  if (w === undefined) return undefined;
  if (w === null || typeof w !== 'object' || typeof w.length !== 'number') {
    throw new InvalidArgumentError('sampleWeight', 'an array of non-negative numbers', w);
  }
  checkSameLength(w, 'sampleWeight', { length: n }, against);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new InvalidArgumentError(`sampleWeight[${i}]`, 'a finite non-negative number', v);
    }
    out[i] = v;
  }
  return out;
}

/** Checks that an options argument is an object (or absent) and names no unknown option. */
export function checkOptions(options: unknown, allowed: readonly string[], fn: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError('options', `an options object for ${fn}`, options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(`options.${key}`, `one of the options of ${fn}: ${allowed.join(', ')}`);
    }
  }
}
