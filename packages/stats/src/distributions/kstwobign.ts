// The Kolmogorov limiting distribution of √n·D_n (SciPy `kstwobign`, `scipy.special.kolmogorov`).

import { brentRoot } from '../special/root.js';

const SQRT_2PI = 2.5066282746310002;

// Two theta-function series: Σ(−1)^k e^{−2k²x²} for x ≥ 1, and √(2π)/x Σ e^{−(2k−1)²π²/(8x²)} below.
function kolmogorovTail(x: number, complement: boolean): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return complement ? 0 : 1;
  if (x === Number.POSITIVE_INFINITY) return complement ? 1 : 0;
  let p = 0;
  if (x >= 1) {
    const alpha = -2 * x * x;
    let sign = 1;
    for (let r = 1; r < 1000; r++) {
      const t = Math.exp(alpha * r * r);
      p += sign * t;
      if (t === 0 || t / p <= Number.EPSILON) break;
      sign = -sign;
    }
    p *= 2;
    return complement ? 1 - p : p;
  }
  const alpha = (-Math.PI * Math.PI) / (8 * x * x);
  for (let r = 1; r < 1000; r += 2) {
    const t = Math.exp(alpha * r * r);
    p += t;
    if (t === 0 || t / p < Number.EPSILON) break;
  }
  p *= SQRT_2PI / x;
  return complement ? p : 1 - p;
}

/** SciPy `kstwobign.cdf` (1.10) = `scipy.special.kolmogc`: P(√n·D ≤ x) in the limit. */
export function kstwobignCdf(x: number): number {
  return kolmogorovTail(x, true);
}

/** SciPy `kstwobign.sf` (1.10) = `scipy.special.kolmogorov`. */
export function kstwobignSf(x: number): number {
  return kolmogorovTail(x, false);
}

/** SciPy `kstwobign.ppf` (1.10) = `scipy.special.kolmogci`: the x with cdf(x) = q. */
export function kstwobignPpf(q: number): number {
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return 0;
  if (q === 1) return Number.POSITIVE_INFINITY;
  // The cdf rises from ~0 at x = 0.2 to ~1 at x = 6; choose the tail to solve in for accuracy.
  if (q > 0.5) {
    const s = 1 - q;
    return brentRoot((x) => s - kstwobignSf(x), 1e-3, 40);
  }
  return brentRoot((x) => kstwobignCdf(x) - q, 1e-3, 40);
}

/** SciPy `kstwobign.isf` (1.10) = `scipy.special.kolmogi`: the x with sf(x) = q. */
export function kstwobignIsf(q: number): number {
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return Number.POSITIVE_INFINITY;
  if (q === 1) return 0;
  if (q < 0.5) return brentRoot((x) => q - kstwobignSf(x), 1e-3, 40);
  return brentRoot((x) => kstwobignCdf(x) - (1 - q), 1e-3, 40);
}
