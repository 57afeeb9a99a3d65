// Information-theoretic divergences between two histograms on the same bins: Kullback–Leibler
// and the Jensen–Shannon distance.

import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';
import { logBaseDivisor, normalisedPair, relEntr } from './probability-vector.js';

export interface LogBaseOptions {
  /** Logarithm base (default e, as SciPy). 2 gives bits and bounds the JS distance by 1. */
  base?: number;
}

/**
 * SciPy `scipy.stats.entropy(p, q, base)` (1.10): KL(p‖q) = Σ pᵢ ln(pᵢ/qᵢ) after normalising both
 * to sum 1; +Infinity when q has a zero where p has mass, as SciPy. Counts must be finite and
 * non-negative (NaN throws, naming `p[i]`/`q[i]`).
 */
export function klDivergence(p: NumericArray, q: NumericArray, options: LogBaseOptions = {}): number {
  checkOptionKeys(options, ['base']);
  const div = logBaseDivisor(options.base);
  const [a, b] = normalisedPair(p, q);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += relEntr(a[i] as number, b[i] as number);
  return s / div;
}

/**
 * SciPy `scipy.spatial.distance.jensenshannon(p, q, base)` (1.10): with m = (p + q)/2,
 * √((KL(p‖m) + KL(q‖m)) / 2) — the distance (square root of the divergence), natural log unless
 * `base` is given, so at most √ln 2 (1 in base 2).
 */
export function jensenShannonDistance(p: NumericArray, q: NumericArray, options: LogBaseOptions = {}): number {
  checkOptionKeys(options, ['base']);
  const div = logBaseDivisor(options.base);
  const [a, b] = normalisedPair(p, q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const bi = b[i] as number;
    const m = (ai + bi) / 2;
    left += relEntr(ai, m);
    right += relEntr(bi, m);
  }
  return Math.sqrt((left + right) / div / 2);
}
