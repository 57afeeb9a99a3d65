// Sample weights of the scikit-learn metrics: checking them, and `np.average` with them, summed
// pairwise as NumPy does so that our metrics round like scikit-learn's.

import { InvalidArgumentError } from '../errors.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';
import { checkCounts, checkSameLength } from '../sample.js';

/** `np.average(values, weights=weights)`: Σ v·w / Σ w, or the mean without weights. */
export function npAverage(values: Float64Array, weights?: Float64Array): number {
  if (weights === undefined) return pairwiseSum(values) / values.length;
  const prod = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) prod[i] = (values[i] as number) * (weights[i] as number);
  const scl = pairwiseSum(weights);
  if (scl === 0) throw new InvalidArgumentError('sampleWeight', 'weights that do not sum to zero', 0);
  return pairwiseSum(prod) / scl;
}

/** Checks optional sample weights: finite, non-negative, one per sample (`against` names the samples). */
export function checkSampleWeight(w: ArrayLike<number> | undefined, n: number, against = 'yTrue'): Float64Array | undefined {
  if (w === undefined) return undefined;
  const out = checkCounts(w, 'sampleWeight', 0);
  checkSameLength(out, 'sampleWeight', { length: n }, against);
  return out;
}
