// The gamma distribution (SciPy `scipy.stats.gamma`, shape a, scale), built on gammainc/gammaincc.

import { gammaLogPrefactor, gammainc, gammaincc, gammaincinv } from '../special/incomplete-gamma.js';
import { checkPositive } from './check.js';

/** SciPy `gamma.pdf(x, a, scale=scale)` (1.10). */
export function gammaPdf(x: number, a: number, scale = 1): number {
  checkPositive(a, 'a');
  checkPositive(scale, 'scale');
  if (Number.isNaN(x)) return Number.NaN;
  const y = x / scale;
  if (y < 0) return 0;
  if (y === 0) return a === 1 ? 1 / scale : a < 1 ? Number.POSITIVE_INFINITY : 0;
  if (y === Number.POSITIVE_INFINITY) return 0;
  return Math.exp(gammaLogPrefactor(a, y)) / y / scale;
}

/** SciPy `gamma.cdf(x, a, scale=scale)` (1.10). */
export function gammaCdf(x: number, a: number, scale = 1): number {
  checkPositive(a, 'a');
  checkPositive(scale, 'scale');
  if (Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 0 : gammainc(a, x / scale);
}

/** SciPy `gamma.sf(x, a, scale=scale)` (1.10). */
export function gammaSf(x: number, a: number, scale = 1): number {
  checkPositive(a, 'a');
  checkPositive(scale, 'scale');
  if (Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 1 : gammaincc(a, x / scale);
}

/** SciPy `gamma.ppf(p, a, scale=scale)` (1.10). */
export function gammaPpf(p: number, a: number, scale = 1): number {
  checkPositive(a, 'a');
  checkPositive(scale, 'scale');
  return scale * gammaincinv(a, p);
}
