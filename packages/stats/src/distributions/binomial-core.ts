// Loader's saddle-point form of the binomial pmf ("Fast and accurate computation of binomial
// probabilities", 2000): relative accuracy near 1e-15 even for n = 10^6, shared with the hypergeometric.

import { stirlingError } from '../special/gamma-ln.js';

const LOG_2PI = 1.8378770664093456;

/** The deviance term x·ln(x/m) + m − x, summed as a series when x ≈ m to avoid cancellation. */
export function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** ln P(X = k) for X ~ Binomial(n, p), q = 1 − p given separately; integers 0 ≤ k ≤ n, 0 < p < 1. */
export function binomialLogPmfRaw(k: number, n: number, p: number, q: number): number {
  if (k === 0) return q < 0.5 ? n * Math.log(q) : n * Math.log1p(-p);
  if (k === n) return p < 0.5 ? n * Math.log(p) : n * Math.log1p(-q);
  const lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  return lc + 0.5 * (Math.log(n / (k * (n - k))) - LOG_2PI);
}
