// Cressie–Read power-divergence goodness-of-fit family: Pearson's chi-square, the G-test and their
// relatives share one statistic and one chi-square p-value.

import { InvalidArgumentError } from '../errors.js';
import { chi2Sf } from '../distributions/index.js';
import { checkCounts, checkFinite, checkSameLength } from '../sample.js';
import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';

/** SciPy's named values of the Cressie–Read λ. */
export type PowerDivergenceLambdaName = 'pearson' | 'log-likelihood' | 'freeman-tukey' | 'mod-log-likelihood' | 'neyman' | 'cressie-read';

export interface PowerDivergenceOptions {
  /** Reduction of the degrees of freedom k − 1 (for parameters estimated from the data). Default 0. */
  ddof?: number;
  /** λ as a number or one of SciPy's names. Default 1 ('pearson'). */
  lambda?: number | PowerDivergenceLambdaName;
}

export interface GoodnessOfFitResult {
  readonly statistic: number;
  readonly pvalue: number;
}

const LAMBDAS: Readonly<Record<PowerDivergenceLambdaName, number>> = {
  pearson: 1,
  'log-likelihood': 0,
  'freeman-tukey': -0.5,
  'mod-log-likelihood': -1,
  neyman: -2,
  'cressie-read': 2 / 3,
};
// SciPy 1.10's tolerance on Σ fObs vs Σ fExp (power_divergence's `rtol`).
const SUM_RTOL = 1e-8;

/**
 * Cressie–Read power-divergence test, SciPy `power_divergence` (1.10) for one 1-D sample:
 * statistic 2/(λ(λ+1))·Σ O·((O/E)^λ − 1) (λ = 0 and −1 as their limits), p = χ²_{k−1−ddof}.sf.
 * `fExp` defaults to the mean of `fObs`; when given, its total must match `fObs`'s to a relative
 * 1e-8 as SciPy checks. Zero expected counts give ∞ or NaN exactly as in SciPy.
 */
export function powerDivergence(fObs: NumericArray, fExp?: NumericArray, options: PowerDivergenceOptions = {}): GoodnessOfFitResult {
  checkOptionKeys(options, ['ddof', 'lambda']);
  const ddof = checkFinite(options.ddof ?? 0, 'options.ddof');
  const lambda = resolveLambda(options.lambda ?? 1);
  const obs = checkCounts(fObs, 'fObs');
  const k = obs.length;
  let exp: Float64Array;
  if (fExp === undefined) {
    exp = new Float64Array(k).fill(pairwiseSum(obs) / k);
  } else {
    exp = checkCounts(fExp, 'fExp');
    checkSameLength(exp, 'fExp', obs, 'fObs');
    const so = pairwiseSum(obs);
    const se = pairwiseSum(exp);
    const rel = Math.abs(so - se) / Math.min(so, se);
    if (rel > SUM_RTOL) {
      throw new InvalidArgumentError('fExp', `a total equal to that of fObs (${so}) within a relative ${SUM_RTOL}`, se);
    }
  }
  const statistic = divergenceStatistic(obs, exp, lambda);
  const df = k - 1 - ddof;
  // SciPy's chi2 with df ≤ 0 is undefined and yields NaN.
  const pvalue = df > 0 ? chi2Sf(statistic, df) : Number.NaN;
  return { statistic, pvalue };
}

/** Σ of the per-cell divergence terms, summed in NumPy's pairwise order. */
export function divergenceStatistic(obs: Float64Array, exp: Float64Array, lambda: number): number {
  const k = obs.length;
  const terms = new Float64Array(k);
  if (lambda === 1) {
    for (let i = 0; i < k; i++) {
      const d = (obs[i] as number) - (exp[i] as number);
      terms[i] = (d * d) / (exp[i] as number);
    }
  } else if (lambda === 0) {
    for (let i = 0; i < k; i++) terms[i] = 2 * xlogy(obs[i] as number, (obs[i] as number) / (exp[i] as number));
  } else if (lambda === -1) {
    for (let i = 0; i < k; i++) terms[i] = 2 * xlogy(exp[i] as number, (exp[i] as number) / (obs[i] as number));
  } else {
    const scale = 0.5 * lambda * (lambda + 1);
    for (let i = 0; i < k; i++) {
      const o = obs[i] as number;
      terms[i] = (o * ((o / (exp[i] as number)) ** lambda - 1)) / scale;
    }
  }
  return pairwiseSum(terms);
}

/** Maps SciPy's λ names to numbers; a number passes through. */
export function resolveLambda(lambda: unknown): number {
  if (typeof lambda === 'string') {
    if (Object.hasOwn(LAMBDAS, lambda)) return LAMBDAS[lambda as PowerDivergenceLambdaName];
    throw new InvalidArgumentError(
      'options.lambda',
      `a number or one of ${Object.keys(LAMBDAS)
        .map((s) => `'${s}'`)
        .join(', ')}`,
      lambda,
    );
  }
  return checkFinite(lambda, 'options.lambda');
}

/** SciPy `xlogy`: x·ln(y), defined as 0 when x = 0 (unless y is NaN). */
function xlogy(x: number, y: number): number {
  if (x === 0 && y === y) return 0;
  return x * Math.log(y);
}
