// The chi-square distribution (SciPy `scipy.stats.chi2`): a gamma with shape df/2 and scale 2.

import { gammaLogPrefactor, gammainc, gammaincc, gammainccinv, gammaincinv } from '../special/incomplete-gamma.js';
import { checkPositive } from './check.js';

/** SciPy `chi2.pdf(x, df)` (1.10). */
export function chi2Pdf(x: number, df: number): number {
  checkPositive(df, 'df');
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 0;
  if (x === 0) return df === 2 ? 0.5 : df < 2 ? Number.POSITIVE_INFINITY : 0;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return Math.exp(gammaLogPrefactor(df / 2, x / 2)) / x;
}

/** SciPy `chi2.cdf(x, df)` (1.10). */
export function chi2Cdf(x: number, df: number): number {
  checkPositive(df, 'df');
  if (Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 0 : gammainc(df / 2, x / 2);
}

/** SciPy `chi2.sf(x, df)` (1.10): the chi-square p-value, with relative accuracy down to ~1e-300. */
export function chi2Sf(x: number, df: number): number {
  checkPositive(df, 'df');
  if (Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 1 : gammaincc(df / 2, x / 2);
}

/** SciPy `chi2.ppf(p, df)` (1.10). */
export function chi2Ppf(p: number, df: number): number {
  checkPositive(df, 'df');
  return 2 * gammaincinv(df / 2, p);
}

/** SciPy `chi2.isf(q, df)` (1.10). */
export function chi2Isf(q: number, df: number): number {
  checkPositive(df, 'df');
  return 2 * gammainccinv(df / 2, q);
}
