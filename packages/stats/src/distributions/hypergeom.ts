// The hypergeometric distribution (SciPy `scipy.stats.hypergeom`, parameters M, n, N), accurate for
// populations of 10^5 and more: log-pmf from log-beta, tails summed outward from k by term ratios.

import { binomialLogPmfRaw } from './binomial-core.js';
import { checkCount } from './check.js';
import { InvalidArgumentError } from '../errors.js';

function check(M: number, n: number, N: number): void {
  checkCount(M, 'M');
  checkCount(n, 'n');
  checkCount(N, 'N');
  if (n > M) throw new InvalidArgumentError('n', `an integer ≤ M (${M})`, n);
  if (N > M) throw new InvalidArgumentError('N', `an integer ≤ M (${M})`, N);
}

// ln pmf as binom(k; n, p)·binom(N−k; M−n, p)/binom(N; M, p) with p = N/M (the choice R's dhyper
// makes): each factor is a Loader saddle-point term, so no large log-gammas cancel.
function logPmf(k: number, M: number, n: number, N: number): number {
  // With no successes, all successes, no draws or all draws the support is a single point.
  if (n === 0 || n === M || N === 0 || N === M) return 0;
  const p = N / M;
  const q = (M - N) / M;
  return binomialLogPmfRaw(k, n, p, q) + binomialLogPmfRaw(N - k, M - n, p, q) - binomialLogPmfRaw(N, M, p, q);
}

/** SciPy `hypergeom.logpmf(k, M, n, N)` (1.10). */
export function hypergeomLogPmf(k: number, M: number, n: number, N: number): number {
  check(M, n, N);
  if (Number.isNaN(k)) return Number.NaN;
  const lo = Math.max(0, N - (M - n));
  const hi = Math.min(n, N);
  if (k < lo || k > hi || Math.floor(k) !== k) return Number.NEGATIVE_INFINITY;
  return logPmf(k, M, n, N);
}

/** SciPy `hypergeom.pmf(k, M, n, N)` (1.10). */
export function hypergeomPmf(k: number, M: number, n: number, N: number): number {
  return Math.exp(hypergeomLogPmf(k, M, n, N));
}

// Σ pmf(j) for j from `from` stepping by `dir` to the support's end, by the ratio pmf(j±1)/pmf(j).
function tailSum(from: number, dir: 1 | -1, M: number, n: number, N: number, lo: number, hi: number): number {
  let term = Math.exp(logPmf(from, M, n, N));
  let sum = term;
  let j = from;
  while (true) {
    if (dir === 1) {
      if (j >= hi) break;
      term *= ((n - j) * (N - j)) / ((j + 1) * (M - n - N + j + 1));
      j++;
    } else {
      if (j <= lo) break;
      term *= (j * (M - n - N + j)) / ((n - j + 1) * (N - j + 1));
      j--;
    }
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum;
}

/** SciPy `hypergeom.cdf(k, M, n, N)` (1.10): P(X ≤ k). */
export function hypergeomCdf(k: number, M: number, n: number, N: number): number {
  check(M, n, N);
  if (Number.isNaN(k)) return Number.NaN;
  const lo = Math.max(0, N - (M - n));
  const hi = Math.min(n, N);
  const j = Math.floor(k);
  if (j < lo) return 0;
  if (j >= hi) return 1;
  const mode = Math.floor(((N + 1) * (n + 1)) / (M + 2));
  if (j <= mode) return Math.min(1, tailSum(j, -1, M, n, N, lo, hi));
  return Math.max(0, 1 - tailSum(j + 1, 1, M, n, N, lo, hi));
}

/** SciPy `hypergeom.sf(k, M, n, N)` (1.10): P(X > k). */
export function hypergeomSf(k: number, M: number, n: number, N: number): number {
  check(M, n, N);
  if (Number.isNaN(k)) return Number.NaN;
  const lo = Math.max(0, N - (M - n));
  const hi = Math.min(n, N);
  const j = Math.floor(k);
  if (j < lo) return 1;
  if (j >= hi) return 0;
  const mode = Math.floor(((N + 1) * (n + 1)) / (M + 2));
  if (j + 1 > mode) return Math.min(1, tailSum(j + 1, 1, M, n, N, lo, hi));
  return Math.max(0, 1 - tailSum(j, -1, M, n, N, lo, hi));
}
