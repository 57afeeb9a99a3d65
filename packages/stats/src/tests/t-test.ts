// Two-sample t test on means (Student's pooled variance, or Welch's unequal variances).

import { studentTCdf } from '../distributions/index.js';
import { cleanSample, checkOption } from '../sample.js';
import type { NumericArray } from '../sample.js';
import { booleanOption, checkOptionKeys } from '../options.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';

/** 'greater': mean(x) > mean(y); 'less': mean(x) < mean(y). */
export type TTestAlternative = 'two-sided' | 'less' | 'greater';

export interface TTestIndOptions {
  /** true: Student's test with pooled variance; false: Welch's test. Default true. */
  equalVar?: boolean;
  /** Default 'two-sided'. */
  alternative?: TTestAlternative;
}

export interface TTestIndResult {
  readonly statistic: number;
  readonly pvalue: number;
  /** Degrees of freedom: n1 + n2 − 2, or the Welch–Satterthwaite value. */
  readonly df: number;
  /** NaNs removed from `x` and `y` together. */
  readonly nanDropped: number;
}

const ALTERNATIVES: readonly TTestAlternative[] = ['two-sided', 'less', 'greater'];

/**
 * Independent two-sample t test, SciPy `ttest_ind` (1.10) with NaNs omitted: t = (x̄ − ȳ)/SE with
 * SE from the pooled variance (`equalVar`) or from s²x/n1 + s²y/n2 with Welch–Satterthwaite df
 * (an undefined df, both variances 0, becomes 1 as in SciPy). p from Student's t CDF
 * (`stdtr`). One value in a sample gives NaN, as in SciPy.
 */
export function tTestInd(x: NumericArray, y: NumericArray, options: TTestIndOptions = {}): TTestIndResult {
  const equalVar = booleanOption(checkOptionKeys(options, ['equalVar', 'alternative']), 'equalVar', true);
  const alternative = checkOption(options.alternative ?? 'two-sided', 'options.alternative', ALTERNATIVES);
  const cx = cleanSample(x, 'x');
  const cy = cleanSample(y, 'y');
  const a = cx.values;
  const b = cy.values;
  const n1 = a.length;
  const n2 = b.length;
  const m1 = pairwiseSum(a) / n1;
  const m2 = pairwiseSum(b) / n2;
  const v1 = sampleVariance(a, m1);
  const v2 = sampleVariance(b, m2);

  let df: number;
  let denom: number;
  if (equalVar) {
    df = n1 + n2 - 2;
    const pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
    denom = Math.sqrt(pooled * (1 / n1 + 1 / n2));
  } else {
    const vn1 = v1 / n1;
    const vn2 = v2 / n2;
    const s = vn1 + vn2;
    df = (s * s) / ((vn1 * vn1) / (n1 - 1) + (vn2 * vn2) / (n2 - 1));
    if (Number.isNaN(df)) df = 1;
    denom = Math.sqrt(s);
  }
  const statistic = (m1 - m2) / denom;
  let pvalue: number;
  if (alternative === 'less') pvalue = studentTCdf(statistic, df);
  else if (alternative === 'greater') pvalue = studentTCdf(-statistic, df);
  else pvalue = 2 * studentTCdf(-Math.abs(statistic), df);
  return { statistic, pvalue, df, nanDropped: cx.nanDropped + cy.nanDropped };
}

/** Variance with ddof = 1 in SciPy's order: mean of squared deviations, times n/(n − 1). */
function sampleVariance(a: Float64Array, mean: number): number {
  const n = a.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - mean;
    sq[i] = d * d;
  }
  return (pairwiseSum(sq) / n) * (n / (n - 1));
}
