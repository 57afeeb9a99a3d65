// Student's t distribution (SciPy `scipy.stats.t`) for real df, via the incomplete beta function
// with x = df/(df + t²) and 1 − x = t²/(df + t²) both formed directly.

import { InvalidArgumentError } from '../errors.js';
import { betaln, ibeta, ibetaInverse } from '../special/incomplete-beta.js';
import { ndtr, ndtri } from '../special/ndtr.js';

// df = +∞ is allowed, as in SciPy: the t distribution is then the standard normal.
function checkDf(df: number): void {
  if (typeof df !== 'number' || !(df > 0)) throw new InvalidArgumentError('df', 'a number > 0', df);
}

/** SciPy `t.pdf(x, df)` (1.10). */
export function studentTPdf(x: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(x)) return Number.NaN;
  if (!Number.isFinite(x)) return 0;
  if (df === Number.POSITIVE_INFINITY) return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const lg = -0.5 * Math.log(df) - betaln(0.5 * df, 0.5);
  return Math.exp(lg - 0.5 * (df + 1) * Math.log1p((x * x) / df));
}

// One tail: P(T > |t|) = ½ I_{df/(df+t²)}(df/2, ½).
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  if (t2 === Number.POSITIVE_INFINITY) return 0;
  const den = df + t2;
  return 0.5 * ibeta(0.5 * df, 0.5, df / den, t2 / den, false);
}

/** SciPy `t.cdf(x, df)` (1.10). */
export function studentTCdf(x: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(x)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return ndtr(x);
  return x < 0 ? upperTail(x, df) : 1 - upperTail(x, df);
}

/** SciPy `t.sf(x, df)` (1.10). */
export function studentTSf(x: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(x)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return ndtr(-x);
  return x > 0 ? upperTail(x, df) : 1 - upperTail(x, df);
}

/** SciPy `t.ppf(p, df)` (1.10). */
export function studentTPpf(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  return p < 0.5 ? -tailQuantile(p, df) : tailQuantile(1 - p, df);
}

/** SciPy `t.isf(q, df)` (1.10). */
export function studentTIsf(q: number, df: number): number {
  checkDf(df);
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return Number.POSITIVE_INFINITY;
  if (q === 1) return Number.NEGATIVE_INFINITY;
  if (q === 0.5) return 0;
  return q < 0.5 ? tailQuantile(q, df) : -tailQuantile(1 - q, df);
}

// The t > 0 with P(T > t) = tail (< ½): solve I_x(df/2, ½) = 2·tail for x = df/(df + t²).
function tailQuantile(tail: number, df: number): number {
  if (df === Number.POSITIVE_INFINITY) return -ndtri(tail);
  const p2 = 2 * tail;
  const x = ibetaInverse(0.5 * df, 0.5, p2, 1 - p2);
  // t² = df(1 − x)/x; for x near 1 take 1 − x from the complementary inverse for accuracy.
  if (x > 0.5) {
    const y = ibetaInverse(0.5, 0.5 * df, 1 - p2, p2);
    return Math.sqrt((df * y) / (1 - y));
  }
  return Math.sqrt((df * (1 - x)) / x);
}
