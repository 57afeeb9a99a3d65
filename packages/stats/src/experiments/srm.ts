// Sample ratio mismatch: does the observed split of units over the arms match the configured weights?

import { InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { chi2Sf } from '../distributions/index.js';

export interface SrmResult {
  /** Pearson's χ² over the arms with weight > 0. */
  readonly statistic: number;
  /** χ² survival at df = k − 1 (k counts every arm); GrowthBook warns below 0.001. */
  readonly pValue: number;
}

/** GrowthBook's default SRM p-value threshold (`DEFAULT_SRM_THRESHOLD`). */
export const DEFAULT_SRM_THRESHOLD = 0.001;

/**
 * gbstats `utils.py` `check_srm(users, weights)`: E_i = w_i/Σw · N for each arm with w_i > 0,
 * χ² = Σ(O_i − E_i)²/E_i, p = χ²_sf(χ², k − 1) with k the number of arms (those of weight 0
 * included, as gbstats does); p = 1 (and χ² = 0) when no unit was observed. Weights need not sum to 1.
 */
export function srmTest(counts: number[], weights: number[]): SrmResult {
  if (!Array.isArray(counts) || counts.length < 2) throw new InvalidArgumentError('counts', 'an array of at least 2 counts', counts);
  if (!Array.isArray(weights)) throw new InvalidArgumentError('weights', 'an array of weights', weights);
  if (weights.length !== counts.length) throw new LengthMismatchError('weights', 'counts', weights.length, counts.length);
  let total = 0;
  let totalWeight = 0;
  counts.forEach((c, i) => {
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) throw new InvalidArgumentError(`counts[${i}]`, 'a finite number ≥ 0', c);
    total += c;
  });
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new InvalidArgumentError(`weights[${i}]`, 'a finite number ≥ 0', w);
    totalWeight += w;
  });
  if (!(totalWeight > 0)) throw new InvalidArgumentError('weights', 'weights with a positive sum', weights);
  if (total === 0) return { statistic: 0, pValue: 1 };
  let x = 0;
  counts.forEach((o, i) => {
    const w = weights[i] as number;
    if (w <= 0) return;
    const e = (w / totalWeight) * total;
    x += (o - e) ** 2 / e;
  });
  return { statistic: x, pValue: chi2Sf(x, counts.length - 1) };
}
