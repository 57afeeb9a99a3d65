// Total variation distance between two histograms on the same bins.

import type { NumericArray } from '../sample.js';
import { normalisedPair } from './probability-vector.js';

/** Total variation distance ½ Σ |pᵢ − qᵢ| of the normalised vectors, in [0, 1] (Evidently's TVD statistic). */
export function totalVariationDistance(p: NumericArray, q: NumericArray): number {
  const [a, b] = normalisedPair(p, q);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return 0.5 * s;
}
