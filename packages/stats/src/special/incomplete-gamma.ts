// Regularized incomplete gamma functions P(a, x), Q(a, x) and their inverses. Q keeps relative
// accuracy in the far upper tail, because chi-square p-values down to 1e-300 come from it.

import { gammaln, lgamma1p, log1pmx, stirlingError } from './gamma-ln.js';
import { ndtri } from './ndtr.js';

const HALF_LOG_2PI = 0.9189385332046728;
const EPS = 1e-16;

/** SciPy `scipy.special.gammainc` (1.10): regularized lower incomplete gamma P(a, x). */
export function gammainc(a: number, x: number): number {
  if (!(a >= 0) || !(x >= 0)) return Number.NaN;
  if (a === 0) return x > 0 ? 1 : Number.NaN;
  if (x === 0) return 0;
  if (!Number.isFinite(a)) return Number.isFinite(x) ? 0 : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x < a + 1) return lowerSeries(a, x);
  return 1 - upperFraction(a, x);
}

/** SciPy `scipy.special.gammaincc` (1.10): regularized upper incomplete gamma Q(a, x) = 1 − P. */
export function gammaincc(a: number, x: number): number {
  if (!(a >= 0) || !(x >= 0)) return Number.NaN;
  if (a === 0) return x > 0 ? 0 : Number.NaN;
  if (x === 0) return 1;
  if (!Number.isFinite(a)) return Number.isFinite(x) ? 1 : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x >= a + 1) return upperFraction(a, x);
  if (a < 1 && x < 1.5) return upperSmallA(a, x);
  return 1 - lowerSeries(a, x);
}

/** SciPy `scipy.special.gammaincinv` (1.10): the x with P(a, x) = p. */
export function gammaincinv(a: number, p: number): number {
  if (!(a >= 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (a === 0) return 0;
  return invert(a, p, 1 - p, p <= 0.5);
}

/** SciPy `scipy.special.gammainccinv` (1.10): the x with Q(a, x) = q. */
export function gammainccinv(a: number, q: number): number {
  if (!(a >= 0) || !(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return Number.POSITIVE_INFINITY;
  if (q === 1) return 0;
  if (a === 0) return 0;
  return invert(a, 1 - q, q, q > 0.5);
}

/** x^a e^{−x} / Γ(a), the common factor of both tails, computed as a logarithm. */
export function gammaLogPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - gammaln(a);
  // Cancel the large terms analytically: a·ln(x/a) − (x − a) = a·log1pmx((x − a)/a) near x = a;
  // far from it the plain form keeps ln(x/a) accurate where 1 + t would round.
  const t = (x - a) / a;
  const core = Math.abs(t) < 0.5 ? a * log1pmx(t) : a * Math.log(x / a) - (x - a);
  return core + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingError(a);
}

// P(a, x) = x^a e^{−x} / Γ(a + 1) · Σ xⁿ / ((a+1)…(a+n)); positive terms, used for x < a + 1.
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= EPS * sum) break;
  }
  return Math.exp(gammaLogPrefactor(a, x)) * (sum / a);
}

// Q(a, x) by Legendre's continued fraction (modified Lentz), used for x ≥ a + 1.
function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(gammaLogPrefactor(a, x)) * h;
}

// Q(a, x) for small a and x, where 1 − P would cancel: Q = −expm1(a ln x − lnΓ(1+a)) − x^a/Γ(1+a)·a·S,
// S = Σ_{n≥1} (−x)ⁿ / (n! (a + n)).
function upperSmallA(a: number, x: number): number {
  let s = 0;
  let t = 1;
  for (let n = 1; n < 200; n++) {
    t *= -x / n;
    const term = t / (a + n);
    s += term;
    if (Math.abs(term) <= EPS * Math.abs(s)) break;
  }
  const logLead = a * Math.log(x) - lgamma1p(a);
  return -Math.expm1(logLead) - Math.exp(logLead) * a * s;
}

// Newton on the logarithm of whichever tail is smaller (quadratic even 300 decades out), from a
// tail-aware start, with a bracket kept as a safeguard so steps that leave it fall back to bisection.
function invert(a: number, p: number, q: number, useLower: boolean): number {
  const logTarget = Math.log(useLower ? p : q);
  // g(x) = ln(tail(x)) − ln(target); g rises with x for the lower tail and falls for the upper.
  const tail = useLower ? (x: number) => gammainc(a, x) : (x: number) => gammaincc(a, x);
  const sign = useLower ? 1 : -1;
  let x = useLower || q > 0.1 ? initialGuess(a, p, q) : upperTailGuess(a, q);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 300; i++) {
    if (!(x > lo) || !(x < hi)) x = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.max(2 * lo, 1);
    const t = tail(x);
    const g = Math.log(t) - logTarget;
    if (g === 0) return x;
    if (sign * g > 0) hi = x;
    else lo = x;
    // d ln(tail)/dx = ±density/tail.
    const dens = Math.exp(gammaLogPrefactor(a, x)) / x;
    let next = x - (sign * g * t) / dens;
    if (!(next > lo && next < hi) || !(dens > 0)) next = Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * x;
    if (Math.abs(next - x) <= 2 * Number.EPSILON * x) return next;
    x = next;
  }
  return x;
}

// Q(a, x) ≈ x^{a−1} e^{−x} / Γ(a) far out: iterate x = −ln q + (a − 1) ln x − lnΓ(a).
function upperTailGuess(a: number, q: number): number {
  const lq = -Math.log(q) - gammaln(a);
  let x = Math.max(lq, 1);
  for (let i = 0; i < 8; i++) x = Math.max(lq + (a - 1) * Math.log(x), 1e-3);
  return Math.max(x, a);
}

function initialGuess(a: number, p: number, q: number): number {
  // Lower tail: P ≈ x^a / Γ(a + 1) while x ≪ a.
  const xs = Math.exp((Math.log(p) + lgamma1p(a)) / a);
  if (xs < 0.2 * a) return Math.max(xs, 1e-300);
  // Small-x tail: P ≈ x^a / Γ(a + 1).
  if (a < 1) {
    const xs = Math.exp((Math.log(p) + lgamma1p(a)) / a);
    if (p < 0.9 || xs < 1) return Math.max(xs, 1e-300);
    return -Math.log(q) + 1;
  }
  const z = p < q ? ndtri(p) : -ndtri(q);
  const c = 1 / (9 * a);
  const w = 1 - c + z * Math.sqrt(c);
  const x = a * w * w * w;
  return x > 0 ? x : a * 1e-3;
}
