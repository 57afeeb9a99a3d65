// The beta distribution (SciPy `scipy.stats.beta`), on the regularized incomplete beta function.

import { betaln, ibeta, ibetaInverse } from '../special/incomplete-beta.js';
import { checkPositive } from './check.js';

/** SciPy `beta.pdf(x, a, b)` (1.10). */
export function betaPdf(x: number, a: number, b: number): number {
  checkPositive(a, 'a');
  checkPositive(b, 'b');
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a === 1 ? Math.exp(-betaln(a, b)) : a < 1 ? Number.POSITIVE_INFINITY : 0;
  if (x === 1) return b === 1 ? Math.exp(-betaln(a, b)) : b < 1 ? Number.POSITIVE_INFINITY : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - betaln(a, b));
}

/** SciPy `beta.cdf(x, a, b)` (1.10). */
export function betaCdf(x: number, a: number, b: number): number {
  checkPositive(a, 'a');
  checkPositive(b, 'b');
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return ibeta(a, b, x, 1 - x, false);
}

/** SciPy `beta.sf(x, a, b)` (1.10). */
export function betaSf(x: number, a: number, b: number): number {
  checkPositive(a, 'a');
  checkPositive(b, 'b');
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  return ibeta(a, b, x, 1 - x, true);
}

/** SciPy `beta.ppf(p, a, b)` (1.10). */
export function betaPpf(p: number, a: number, b: number): number {
  checkPositive(a, 'a');
  checkPositive(b, 'b');
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  return ibetaInverse(a, b, p, 1 - p);
}
