// Fisher's exact test on a 2 × 2 table: the exact alternative to the chi-square test when counts
// are small (Alibi Detect's FET drift detector uses it).

import { InvalidArgumentError } from '../errors.js';
import { hypergeomCdf, hypergeomPmf, hypergeomSf } from '../distributions/index.js';
import { checkOption } from '../sample.js';
import { checkOptionKeys } from '../options.js';

/** 'greater': odds ratio > 1; 'less': odds ratio < 1. */
export type FisherAlternative = 'two-sided' | 'less' | 'greater';

export interface FisherExactOptions {
  /** Default 'two-sided'. */
  alternative?: FisherAlternative;
}

export interface FisherExactResult {
  /** Sample odds ratio a·d/(b·c): ∞ when b or c is 0, NaN when a row or column is empty (as SciPy). */
  readonly statistic: number;
  readonly pvalue: number;
}

const ALTERNATIVES: readonly FisherAlternative[] = ['two-sided', 'less', 'greater'];
// SciPy 1.10's relative tolerance for "as likely as the observed table" in the two-sided p.
const EPSILON = 1e-14;
const GAMMA = 1 + EPSILON;

/**
 * Fisher's exact test, SciPy `fisher_exact` (1.10) for table [[a, b], [c, d]]: statistic is the
 * unconditional odds ratio a·d/(b·c) (∞ if b or c is 0; NaN with p = 1 when a row or column sums
 * to 0). 'less' = hypergeom.cdf(a), 'greater' = hypergeom.cdf(b) on the transposed margins;
 * 'two-sided' sums the tables no more likely than the observed one (relative tolerance 1e-14),
 * finding the far tail by SciPy's binary search around the mode.
 */
export function fisherExact(
  table: readonly [readonly [number, number], readonly [number, number]] | ArrayLike<ArrayLike<number>>,
  options: FisherExactOptions = {},
): FisherExactResult {
  checkOptionKeys(options, ['alternative']);
  const alternative = checkOption(options.alternative ?? 'two-sided', 'options.alternative', ALTERNATIVES);
  const [a, b, c, d] = checkTable2x2(table);

  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return { statistic: Number.NaN, pvalue: 1 };
  const statistic = c > 0 && b > 0 ? (a * d) / (c * b) : Infinity;

  const n1 = a + b;
  const n2 = c + d;
  const n = a + c;
  const total = n1 + n2;
  const pmf = (k: number): number => hypergeomPmf(k, total, n1, n);
  let pvalue: number;
  if (alternative === 'less') {
    pvalue = hypergeomCdf(a, total, n1, n);
  } else if (alternative === 'greater') {
    pvalue = hypergeomCdf(b, total, n1, b + d);
  } else {
    const mode = Math.trunc(((n + 1) * (n1 + 1)) / (total + 2));
    const pexact = pmf(a);
    const pmode = pmf(mode);
    if (Math.abs(pexact - pmode) / Math.max(pexact, pmode) <= EPSILON) return { statistic, pvalue: 1 };
    if (a < mode) {
      const plower = hypergeomCdf(a, total, n1, n);
      if (pmf(n) > pexact * GAMMA) return { statistic, pvalue: plower };
      const guess = binarySearch((k) => -pmf(k), -pexact * GAMMA, mode, n);
      pvalue = plower + hypergeomSf(guess, total, n1, n);
    } else {
      const pupper = hypergeomSf(a - 1, total, n1, n);
      if (pmf(0) > pexact * GAMMA) return { statistic, pvalue: pupper };
      const guess = binarySearch(pmf, pexact * GAMMA, 0, mode);
      pvalue = pupper + hypergeomCdf(guess, total, n1, n);
    }
  }
  return { statistic, pvalue: Math.min(pvalue, 1) };
}

/**
 * The i in [lo − 1, hi] with f(i) ≤ target < f(i + 1) for f ascending on [lo, hi]; the search
 * SciPy's two-sided binomial and Fisher tests share (`_binary_search_for_binom_tst`).
 */
function binarySearch(f: (k: number) => number, target: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const v = f(mid);
    if (v < target) lo = mid + 1;
    else if (v > target) hi = mid - 1;
    else return mid;
  }
  return f(lo) <= target ? lo : lo - 1;
}

function checkTable2x2(table: ArrayLike<ArrayLike<number>>): [number, number, number, number] {
  const shape = 'a 2 × 2 table [[a, b], [c, d]]';
  if (table === null || typeof table !== 'object' || table.length !== 2) throw new InvalidArgumentError('table', shape, table);
  const out: number[] = [];
  for (let i = 0; i < 2; i++) {
    const row = table[i];
    if (row === null || typeof row !== 'object' || row.length !== 2) {
      throw new InvalidArgumentError(`table[${i}]`, 'a row of two counts', row);
    }
    for (let j = 0; j < 2; j++) {
      const v = row[j] as number;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
        throw new InvalidArgumentError(`table[${i}][${j}]`, 'a non-negative integer count', v);
      }
      out.push(v);
    }
  }
  return out as [number, number, number, number];
}
