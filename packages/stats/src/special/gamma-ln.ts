// Log-gamma and its accurate pieces (Stirling remainder, lgamma(1+a), log1p(x)-x), on which the
// incomplete gamma/beta functions and the discrete distributions build their prefactors.

const HALF_LOG_2PI = 0.9189385332046728;
const EULER_GAMMA = 0.5772156649015329;

// Stirling series coefficients B_{2k} / (2k (2k-1)), k = 1..8.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400] as const;

/**
 * The remainder of Stirling's formula: lnΓ(x) − [(x − ½)ln x − x + ½ln 2π], for x > 0.
 * Keeping it separate lets prefactors cancel the large terms analytically instead of numerically.
 */
export function stirlingError(x: number): number {
  if (x >= 10) {
    const r = 1 / x;
    const r2 = r * r;
    let s = 0;
    for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + (STIRLING[k] as number);
    return s * r;
  }
  // Shift up with lnΓ(x) = lnΓ(x + k) − ln(x(x+1)…(x+k−1)), then subtract the Stirling main part.
  return gammaln(x) - ((x - 0.5) * Math.log(x) - x + HALF_LOG_2PI);
}

/** SciPy `scipy.special.gammaln` (1.10): ln|Γ(x)|; +∞ at the poles 0, −1, −2, … */
export function gammaln(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (!Number.isFinite(x)) return Number.POSITIVE_INFINITY;
  if (x <= 0 && Math.floor(x) === x) return Number.POSITIVE_INFINITY;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(sinPi(x))) - gammaln(1 - x);
  }
  if (x < 1.5) return lgamma1p(x - 1);
  if (x < 2.5) return Math.log(x - 1) + lgamma1p(x - 2);
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingError(x);
  let prod = 1;
  let y = x;
  while (y < 10) {
    prod *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + stirlingError(y) - Math.log(prod);
}

// ζ(k) − 1 for k = 2..40, filled once: the Taylor coefficients of lnΓ(1 + a) need them.
const ZETA_M1: number[] = (() => {
  const out: number[] = [0, 0];
  for (let k = 2; k <= 40; k++) {
    let s = 0;
    // Terms decay like n^−k; for k = 2 the tail needs the Euler–Maclaurin correction.
    const N = 200;
    for (let n = N; n >= 2; n--) s += Math.pow(n, -k);
    // Tail Σ_{n>N} n^−k ≈ N^{1−k}/(k−1) − N^{−k}/2 + k N^{−k−1}/12 − k(k+1)(k+2)N^{−k−3}/720.
    s += Math.pow(N, 1 - k) / (k - 1) - 0.5 * Math.pow(N, -k) + (k * Math.pow(N, -k - 1)) / 12 - (k * (k + 1) * (k + 2) * Math.pow(N, -k - 3)) / 720;
    out.push(s);
  }
  return out;
})();

/**
 * lnΓ(1 + a), accurate to full relative precision as a → 0 (SciPy's internal `lgam1p`).
 * Uses lnΓ(1+a) = −γa + Σ_{k≥2} (−1)^k ζ(k) a^k / k for |a| ≤ 0.5.
 */
export function lgamma1p(a: number): number {
  if (Math.abs(a) > 0.5) return gammaln(1 + a);
  // Split ζ(k) = 1 + (ζ(k) − 1): the "1" part sums to −ln(1 + a) + a in closed form.
  let s = 0;
  let p = -a;
  for (let k = 2; k <= 40; k++) {
    p *= -a;
    const term = ((ZETA_M1[k] as number) * p) / k;
    s += term;
    if (Math.abs(term) < 1e-17 * Math.abs(s)) break;
  }
  return -EULER_GAMMA * a + (a - Math.log1p(a)) + s;
}

/** log(1 + x) − x, accurate for small |x| (SciPy `log1pmx`). */
export function log1pmx(x: number): number {
  if (Math.abs(x) < 0.5) {
    // −x²/2 + x³/3 − …, summed until the terms stop mattering.
    let p = -x;
    let s = 0;
    for (let k = 2; k < 200; k++) {
      p *= -x;
      const term = -p / k;
      s += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(s)) break;
    }
    // p alternates sign: the series is Σ (−1)^{k+1} x^k / k for k ≥ 2.
    return s;
  }
  return Math.log1p(x) - x;
}

/** sin(πx) without the rounding of π·x for large x. */
export function sinPi(x: number): number {
  let r = x % 2;
  if (r < 0) r += 2;
  if (r === 0 || r === 1) return 0;
  if (r > 1) return -Math.sin(Math.PI * (r - 1));
  return Math.sin(Math.PI * r);
}
