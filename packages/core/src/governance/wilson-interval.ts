// The Wilson score interval of a binomial proportion (Wilson 1927; statsmodels'
// `proportion_confint(method='wilson')`), for the confidence intervals of a model card's accuracy.

import { normalIsf } from '@vigil/stats';

/** The two-sided (1 − alpha) Wilson interval of `successes` out of `n` (n > 0). */
export function wilsonScoreInterval(successes: number, n: number, alpha = 0.05): { lower: number; upper: number } {
  if (!(n > 0) || successes < 0 || successes > n) throw new RangeError(`wilsonScoreInterval: need 0 ≤ successes ≤ n and n > 0 (got ${successes} of ${n})`);
  const z = normalIsf(alpha / 2);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lower: center - half, upper: center + half };
}
