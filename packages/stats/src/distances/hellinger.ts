// Hellinger distance between two histograms on the same bins (no SciPy counterpart).

import type { NumericArray } from '../sample.js';
import { normalisedPair } from './probability-vector.js';

/**
 * Hellinger distance √(1 − Σ √(pᵢ qᵢ)) of the normalised vectors, in [0, 1] (rounding that
 * would push 1 − Σ√(pq) below 0 is clamped). Equals frouros' `HellingerDistance`
 * √(Σ(√p − √q)²)/√2 up to rounding. SciPy has no such function.
 */
export function hellingerDistance(p: NumericArray, q: NumericArray): number {
  const [a, b] = normalisedPair(p, q);
  let bc = 0;
  for (let i = 0; i < a.length; i++) bc += Math.sqrt((a[i] as number) * (b[i] as number));
  return Math.sqrt(Math.max(0, 1 - bc));
}
