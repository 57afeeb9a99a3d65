// The standard normal CDF and its inverse, built on erfc so both tails keep relative accuracy.

import { erfc, normalQuantileGuess } from './erf.js';

const SQRT_2PI = 2.5066282746310002;

/** SciPy `scipy.special.ndtr` (1.10): Φ(x), the standard normal CDF. */
export function ndtr(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** SciPy `scipy.special.ndtri` (1.10): Φ⁻¹(p); −∞ at 0, +∞ at 1, NaN outside [0, 1]. */
export function ndtri(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // Solve in the lower tail, where p carries full relative precision.
  if (p > 0.5) return -ndtriLower(1 - p);
  return ndtriLower(p);
}

// Φ⁻¹ for p ≤ ½ by Halley's method on Φ(x) − p from a 4.5e-4-accurate start.
function ndtriLower(p: number): number {
  if (p === 0.5) return 0;
  let x = normalQuantileGuess(p);
  for (let i = 0; i < 10; i++) {
    const f = ndtr(x) - p;
    const d = Math.exp(-0.5 * x * x) / SQRT_2PI;
    if (d === 0) break;
    const u = f / d;
    // Halley's correction: φ'/φ = −x.
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) {
      // One more Newton step settles the last bit.
      x -= (ndtr(x) - p) / (Math.exp(-0.5 * x * x) / SQRT_2PI);
      break;
    }
  }
  return x;
}
