// The binomial distribution (SciPy `scipy.stats.binom`); tails come from the incomplete beta.

import { normalQuantileGuess } from '../special/erf.js';
import { ibeta } from '../special/incomplete-beta.js';
import { binomialLogPmfRaw } from './binomial-core.js';
import { checkCount, checkProbability } from './check.js';

function check(n: number, p: number): void {
  checkCount(n, 'n');
  checkProbability(p, 'p');
}

/** SciPy `binom.pmf(k, n, p)` (1.10); 0 for k outside 0..n or not an integer. */
export function binomialPmf(k: number, n: number, p: number): number {
  check(n, p);
  if (Number.isNaN(k)) return Number.NaN;
  if (k < 0 || k > n || Math.floor(k) !== k) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(binomialLogPmfRaw(k, n, p, 1 - p));
}

/** SciPy `binom.cdf(k, n, p)` (1.10): P(X ≤ k). */
export function binomialCdf(k: number, n: number, p: number): number {
  check(n, p);
  if (Number.isNaN(k)) return Number.NaN;
  const j = Math.floor(k);
  if (j < 0) return 0;
  if (j >= n) return 1;
  return ibeta(n - j, j + 1, 1 - p, p, false);
}

/** SciPy `binom.sf(k, n, p)` (1.10): P(X > k). */
export function binomialSf(k: number, n: number, p: number): number {
  check(n, p);
  if (Number.isNaN(k)) return Number.NaN;
  const j = Math.floor(k);
  if (j < 0) return 1;
  if (j >= n) return 0;
  return ibeta(j + 1, n - j, p, 1 - p, false);
}

/** SciPy `binom.ppf(q, n, p)` (1.10): the smallest k with P(X ≤ k) ≥ q. */
export function binomialPpf(q: number, n: number, p: number): number {
  check(n, p);
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return -1;
  if (q === 1) return n;
  // Start from the normal approximation, then walk to the exact answer.
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  let k = Math.min(n, Math.max(0, Math.round(mean + sd * normalQuantileGuess(q))));
  while (k > 0 && binomialCdf(k - 1, n, p) >= q) k--;
  while (k < n && binomialCdf(k, n, p) < q) k++;
  return k;
}
