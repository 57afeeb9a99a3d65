// Mann–Whitney U rank test on two independent samples, matching SciPy `mannwhitneyu` (1.10):
// midranks from one merge of the two sorted samples, exact null distribution or normal approximation.

import { normalSf } from '../distributions/index.js';
import { cleanSortedSample, checkOption } from '../sample.js';
import type { NumericArray } from '../sample.js';
import { booleanOption, checkOptionKeys } from '../options.js';

/** Options of {@link mannWhitneyU}; names follow SciPy's keywords in camelCase. */
export interface MannWhitneyUOptions {
  /** 'two-sided' (default), 'less' (x stochastically smaller than y) or 'greater'. */
  readonly alternative?: 'two-sided' | 'less' | 'greater';
  /** 'auto' (default): asymptotic when both samples exceed 8 values or there are ties, else exact. */
  readonly method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction of ½ in the normal approximation (default true; no effect when exact). */
  readonly useContinuity?: boolean;
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyUResult {
  /** U1 = R1 − n1(n1 + 1)/2, the statistic of the first sample `x`. */
  readonly statistic: number;
  readonly pvalue: number;
  /** NaN values dropped from x and y together. */
  readonly nanDropped: number;
}

const ALTERNATIVES = ['two-sided', 'less', 'greater'] as const;
const METHODS = ['auto', 'exact', 'asymptotic'] as const;
const OPTION_KEYS = ['alternative', 'method', 'useContinuity'];
// Above this a count of lattice paths no longer fits a double exactly; the exact distribution is
// then carried as probabilities instead of counts.
const EXACT_COUNT_LIMIT = 2 ** 53;

/**
 * Mann–Whitney U test, SciPy `mannwhitneyu` (1.10) with `nan_policy='omit'`. Returns U1 for `x`.
 * Exact p-values use the distribution of U without tie correction (as SciPy does, with U truncated
 * to an integer); asymptotic ones the tie-corrected normal approximation. p is clipped to [0, 1].
 */
export function mannWhitneyU(x: NumericArray, y: NumericArray, options: MannWhitneyUOptions = {}): MannWhitneyUResult {
  const o = checkOptionKeys(options, OPTION_KEYS);
  const alternative = checkOption(options.alternative ?? 'two-sided', 'options.alternative', ALTERNATIVES);
  let method = checkOption(options.method ?? 'auto', 'options.method', METHODS);
  const useContinuity = booleanOption(o, 'useContinuity', true);
  const cx = cleanSortedSample(x, 'x');
  const cy = cleanSortedSample(y, 'y');
  const xs = cx.values;
  const ys = cy.values;
  const n1 = xs.length;
  const n2 = ys.length;

  // One merge of the sorted samples gives x's rank sum and the tie term without a pooled sort.
  let r1 = 0;
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  let before = 0;
  while (i < n1 || j < n2) {
    const xv = i < n1 ? (xs[i] as number) : Infinity;
    const yv = j < n2 ? (ys[j] as number) : Infinity;
    const v = xv < yv ? xv : yv;
    let a = 0;
    while (i < n1 && xs[i] === v) {
      i++;
      a++;
    }
    let b = 0;
    while (j < n2 && ys[j] === v) {
      j++;
      b++;
    }
    const t = a + b;
    r1 += a * (before + (t + 1) / 2);
    if (t > 1) tieTerm += t * t * t - t;
    before += t;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;

  if (method === 'auto') method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  // SciPy takes the upper tail of U2 for 'less' (by symmetry) and doubles the larger tail for two-sided.
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  const factor = alternative === 'two-sided' ? 2 : 1;

  let p: number;
  if (method === 'exact') {
    p = exactUpperTail(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    let numerator = u - (n1 * n2) / 2;
    if (useContinuity) numerator -= 0.5;
    p = normalSf(numerator / s);
  }
  p *= factor;
  // An exact two-sided p at U = n1·n2/2 exceeds 1 before clipping (as in SciPy); NaN stays NaN.
  if (p > 1) p = 1;
  else if (p < 0) p = 0;
  return { statistic: u1, pvalue: p, nanDropped: cx.nanDropped + cy.nanDropped };
}

/**
 * P(U ≥ u) under the null for sample sizes m and n, i.e. P(U ≤ mn − u) by symmetry. The counts
 * of U are the coefficients of the Gaussian binomial [m+n choose m]_q, built one factor
 * (1 − q^(n+i)) / (1 − q^i) at a time and truncated at the degree the tail needs.
 */
function exactUpperTail(u: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const k = m * n - u;
  if (k < 0) return 0;
  if (k >= m * n) return 1;
  const c = new Float64Array(k + 1);
  c[0] = 1;
  let total = 1;
  let asProbabilities = false;
  for (let i = 1; i <= small; i++) {
    const shift = large + i;
    for (let d = k; d >= shift; d--) c[d] = (c[d] as number) - (c[d - shift] as number);
    for (let d = i; d <= k; d++) c[d] = (c[d] as number) + (c[d - i] as number);
    // The new total is binom(large + i, i) = old total · (large + i) / i.
    if (!asProbabilities && (total * (large + i)) / i > EXACT_COUNT_LIMIT) {
      const scale = 1 / ((total * (large + i)) / i);
      for (let d = 0; d <= k; d++) c[d] = (c[d] as number) * scale;
      asProbabilities = true;
    } else if (asProbabilities) {
      const scale = i / (large + i);
      for (let d = 0; d <= k; d++) c[d] = (c[d] as number) * scale;
    } else {
      total = Math.round((total * (large + i)) / i);
    }
  }
  let sum = 0;
  for (let d = 0; d <= k; d++) sum += c[d] as number;
  return asProbabilities ? sum : sum / total;
}
