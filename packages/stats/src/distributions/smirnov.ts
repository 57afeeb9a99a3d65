// The exact one-sided Kolmogorov–Smirnov tail P(D_n⁺ ≥ d) (SciPy `scipy.special.smirnov`), by
// Birnbaum & Tingey's sum; the two-sided distribution uses it where the tails do not overlap.

import { stirlingError } from '../special/gamma-ln.js';

const LOG_2PI = 1.8378770664093456;

/**
 * SciPy `scipy.special.smirnov(n, d)` (1.10): P(D_n⁺ ≥ d) =
 * d · Σ_{v=0}^{⌊n(1−d)⌋} C(n, v) (d + v/n)^{v−1} (1 − d − v/n)^{n−v}.
 */
export function smirnovSf(n: number, d: number): number {
  if (!(n > 0) || Math.floor(n) !== n || !(d >= 0 && d <= 1)) return Number.NaN;
  if (d === 0) return 1;
  if (d === 1) return 0;
  if (n === 1) return 1 - d;
  const vmax = Math.floor(n * (1 - d));
  // Each term's logarithm is written so the O(n) pieces cancel analytically:
  // ln C(n,v) + (v−1)ln(d+v/n) + (n−v)ln(1−d−v/n)
  //   = v·log1p(dn/v) + (n−v)·log1p(−dn/(n−v)) − ln(d+v/n) − ½ln(2πv(n−v)/n) + c(n) − c(v) − c(n−v).
  const dn = d * n;
  const cn = stirlingError(n);
  let scale = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let prev = Number.NEGATIVE_INFINITY;
  for (let v = 0; v <= vmax; v++) {
    const rest = n - v;
    const evn = d + v / n;
    const omevn = (rest - dn) / n;
    if (!(omevn > 0)) continue;
    let t: number;
    if (v === 0) {
      t = n * Math.log1p(-d) - Math.log(d);
    } else {
      t =
        v * Math.log1p(dn / v) +
        rest * Math.log1p(-dn / rest) -
        Math.log(evn) -
        0.5 * (LOG_2PI + Math.log((v * rest) / n)) +
        cn -
        stirlingError(v) -
        stirlingError(rest);
    }
    if (t > scale) {
      sum = sum * Math.exp(scale - t) + 1;
      scale = t;
    } else {
      sum += Math.exp(t - scale);
    }
    // Past the peak the terms fall off geometrically; stop once they no longer count.
    if (t < prev && t < scale - 45) break;
    prev = t;
  }
  return d * sum * Math.exp(scale);
}
