// Shared input handling for distances between two histograms: both vectors are checked as counts
// (finite, non-negative) on the same bins and normalised to sum 1, as SciPy does.

import { InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { checkCounts, checkSameLength } from '../sample.js';

/** `x / sum(x)` after checking that `x` holds finite non-negative numbers with a positive sum. */
export function normalised(x: NumericArray, name: string): Float64Array {
  const c = checkCounts(x, name);
  let sum = 0;
  for (let i = 0; i < c.length; i++) sum += c[i] as number;
  if (!(sum > 0)) throw new InvalidArgumentError(name, 'counts or probabilities with a positive sum', sum);
  for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) / sum;
  return c;
}

/** Both vectors normalised, after checking they have the same length (the same bins). */
export function normalisedPair(p: NumericArray, q: NumericArray, pName = 'p', qName = 'q'): [Float64Array, Float64Array] {
  const a = normalised(p, pName);
  const b = normalised(q, qName);
  checkSameLength(b, qName, a, pName);
  return [a, b];
}

/** Checks a logarithm base option: a finite number > 0 and ≠ 1, or undefined for natural logs. */
export function logBaseDivisor(base: unknown, name = 'options.base'): number {
  if (base === undefined) return 1;
  if (typeof base !== 'number' || !Number.isFinite(base) || base <= 0 || base === 1) {
    throw new InvalidArgumentError(name, 'a positive finite logarithm base other than 1', base);
  }
  return Math.log(base);
}

/** SciPy `rel_entr(x, y)`: x·ln(x/y), 0 when x = 0, +∞ when x > 0 and y = 0. */
export function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}
