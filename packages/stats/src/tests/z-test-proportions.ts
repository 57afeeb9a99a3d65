// Two-sample z test for a difference of proportions (pooled variance): Evidently's default drift
// test for binary categorical features.

import { InvalidArgumentError } from '../errors.js';
import { normalCdf, normalSf } from '../distributions/index.js';
import { checkOption } from '../sample.js';
import { checkOptionKeys } from '../options.js';

/** 'greater': p1 > p2; 'less': p1 < p2. */
export type ProportionsAlternative = 'two-sided' | 'less' | 'greater';

export interface ZTestProportionsOptions {
  /** Default 'two-sided'. */
  alternative?: ProportionsAlternative;
}

export interface ZTestProportionsResult {
  readonly statistic: number;
  readonly pvalue: number;
}

const ALTERNATIVES: readonly ProportionsAlternative[] = ['two-sided', 'less', 'greater'];

/**
 * Pooled two-proportion z test, statsmodels `proportions_ztest(count, nobs, value=0,
 * prop_var=False)`: z = (p1 − p2)/sqrt(P(1 − P)(1/n1 + 1/n2)) with P = (c1 + c2)/(n1 + n2).
 * When P is 0 or 1 (both samples constant and equal) the variance vanishes; like Evidently's `z`
 * stattest we then return statistic 0 and p-value 1. The two-sided p is 2·sf(|z|): Evidently's
 * 2·(1 − cdf(|z|)) rounds to 0 once p drops below about 1e-16.
 */
export function zTestProportions(
  count: readonly [number, number] | ArrayLike<number>,
  nobs: readonly [number, number] | ArrayLike<number>,
  options: ZTestProportionsOptions = {},
): ZTestProportionsResult {
  checkOptionKeys(options, ['alternative']);
  const alternative = checkOption(options.alternative ?? 'two-sided', 'options.alternative', ALTERNATIVES);
  const [c1, c2] = checkPair(count, 'count', false);
  const [n1, n2] = checkPair(nobs, 'nobs', true);
  if (c1 > n1) throw new InvalidArgumentError('count[0]', `at most nobs[0] (${n1})`, c1);
  if (c2 > n2) throw new InvalidArgumentError('count[1]', `at most nobs[1] (${n2})`, c2);

  const pooled = (c1 + c2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { statistic: 0, pvalue: 1 };
  const diff = c1 / n1 - c2 / n2;
  const statistic = diff / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  let pvalue: number;
  if (alternative === 'two-sided') pvalue = 2 * normalSf(Math.abs(statistic));
  else if (alternative === 'greater') pvalue = normalSf(statistic);
  else pvalue = normalCdf(statistic);
  return { statistic, pvalue };
}

function checkPair(v: ArrayLike<number>, name: string, positive: boolean): [number, number] {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number' || v.length !== 2) {
    throw new InvalidArgumentError(name, 'an array of two numbers', v);
  }
  const out: [number, number] = [v[0] as number, v[1] as number];
  for (let i = 0; i < 2; i++) {
    const x = out[i] as number;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || (positive && x === 0)) {
      throw new InvalidArgumentError(`${name}[${i}]`, positive ? 'a finite positive number' : 'a finite non-negative number', x);
    }
  }
  return out;
}
