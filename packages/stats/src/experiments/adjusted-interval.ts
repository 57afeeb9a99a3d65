// The confidence interval GrowthBook shows after a multiple-testing correction of the p-values
// (Holm–Bonferroni or Benjamini–Hochberg over the goal metrics: `holm`, `benjaminiHochberg`).

import { InvalidArgumentError } from '../errors.js';
import { normalPpf } from '../distributions/index.js';

/**
 * GrowthBook `packages/shared/src/experiments/experiments.ts` `getAdjustedCI` with `adjustedCI`:
 * an ad hoc interval matching the adjusted p-value, sd_adj = |lift/Φ⁻¹(1 − p_adj/2)| and
 * lift ± Φ⁻¹(1 − alpha/2)·sd_adj, kept only where it contains the unadjusted `ci` (it never narrows);
 * (−∞, ∞) when p_adj > 0.999999, and (0, 0) → the unadjusted `ci` when the lift is 0.
 */
export function adjustedConfidenceInterval(lift: number, ci: [number, number], pValueAdjusted: number, alpha = 0.05): [number, number] {
  if (typeof pValueAdjusted !== 'number' || !(pValueAdjusted >= 0 && pValueAdjusted <= 1)) {
    throw new InvalidArgumentError('pValueAdjusted', 'a probability in [0, 1]', pValueAdjusted);
  }
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new InvalidArgumentError('alpha', 'a number in (0, 1)', alpha);
  if (pValueAdjusted > 0.999999) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  let adj: [number, number] = [0, 0];
  if (lift) {
    const width = normalPpf(1 - alpha / 2) * Math.abs(lift / normalPpf(1 - pValueAdjusted / 2));
    adj = [lift - width, lift + width];
  }
  return adj[0] < ci[0] && adj[1] > ci[1] ? adj : [ci[0], ci[1]];
}
