// The log-beta function and the regularized incomplete beta function I_x(a, b) with its inverse.
// Both tails are computed directly (never as 1 − the other) so Student t and binomial tails stay exact.

import { gammaln, log1pmx, stirlingError } from './gamma-ln.js';
import { gammainc, gammaincc } from './incomplete-gamma.js';

const HALF_LOG_2PI = 0.9189385332046728;
const EPS = 1e-16;

/** SciPy `scipy.special.betaln` (1.10): ln|B(a, b)|. */
export function betaln(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  if (a <= 0 || b <= 0) return gammaln(a) + gammaln(b) - gammaln(a + b);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi < 10) return gammaln(a) + gammaln(b) - gammaln(a + b);
  const n = lo + hi;
  // lnΓ(hi) − lnΓ(hi + lo) with the large terms cancelled analytically.
  const diff = -(hi - 0.5) * Math.log1p(lo / hi) - lo * Math.log(n) + lo + stirlingError(hi) - stirlingError(n);
  if (lo < 10) return gammaln(lo) + diff;
  return HALF_LOG_2PI + (lo - 0.5) * Math.log(lo) - lo + stirlingError(lo) + diff;
}

/** SciPy `scipy.special.betainc` (1.10): regularized incomplete beta I_x(a, b), a, b > 0, x in [0, 1]. */
export function betainc(a: number, b: number, x: number): number {
  return ibeta(a, b, x, 1 - x, false);
}

/**
 * I_x(a, b) (`upper` false) or 1 − I_x(a, b) (`upper` true), given both x and y = 1 − x so callers
 * that know y more accurately than 1 − x (Student t) can pass it.
 */
export function ibeta(a: number, b: number, x: number, y: number, upper: boolean): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
    if (a === 0 && b > 0 && x >= 0 && x <= 1) return upper ? 0 : 1;
    if (b === 0 && a > 0 && x >= 0 && x <= 1) return upper ? 1 : 0;
    return Number.NaN;
  }
  if (x === 0) return upper ? 1 : 0;
  if (y === 0) return upper ? 0 : 1;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.NaN;
  // One huge parameter next to a small one (Student t with df ≥ 1e6): the fraction's terms cancel
  // like 1 − x, so expand around the gamma limit instead.
  if (a >= LARGE && b <= SMALL && (a - 1) * y * y <= 1) return largeParameter(a, b, y, upper);
  if (b >= LARGE && a <= SMALL && (b - 1) * x * x <= 1) return largeParameter(b, a, x, !upper);
  // The continued fraction converges fast for x < (a + 1)/(a + b + 2); else use the mirror I_y(b, a).
  if (x * (a + b + 2) < a + 1) {
    const v = (Math.exp(logPrefactor(a, b, x, y)) * continuedFraction(a, b, x, y)) / a;
    return upper ? 1 - v : v;
  }
  const w = (Math.exp(logPrefactor(b, a, y, x)) * continuedFraction(b, a, y, x)) / b;
  return upper ? w : 1 - w;
}

/** SciPy `scipy.special.betaincinv` (1.10): the x with I_x(a, b) = y. */
export function betaincinv(a: number, b: number, y: number): number {
  if (!(a > 0) || !(b > 0) || !(y >= 0 && y <= 1)) return Number.NaN;
  if (y === 0) return 0;
  if (y === 1) return 1;
  return ibetaInverse(a, b, y, 1 - y);
}

/** The x with I_x(a, b) = p, where q = 1 − p is given separately for accuracy in the upper tail. */
export function ibetaInverse(a: number, b: number, p: number, q: number): number {
  if (p <= 0) return 0;
  if (q <= 0) return 1;
  const useLower = p <= q;
  const target = useLower ? p : q;
  const lbeta = betaln(a, b);
  const f = (x: number): number => (useLower ? ibeta(a, b, x, 1 - x, false) - p : q - ibeta(a, b, x, 1 - x, true));
  // Start from the power-law tail approximations I_x ≈ x^a/(a B) or 1 − I_x ≈ (1−x)^b/(b B).
  const mean = a / (a + b);
  let x: number;
  const xl = Math.exp((Math.log(p * a) + lbeta) / a);
  const xu = 1 - Math.exp((Math.log(q * b) + lbeta) / b);
  if (xl < mean && xl < 0.5 * (1 + mean) && p < 0.5) x = xl;
  else if (xu > mean && q < 0.5) x = xu;
  else x = mean;
  if (!(x > 0 && x < 1)) x = mean;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 300; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx > 0) hi = x;
    else lo = x;
    const logDens = (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta;
    const dens = Math.exp(logDens);
    let next = Number.NaN;
    if (dens > 0 && Number.isFinite(dens)) {
      const u = fx / dens;
      const corr = 1 - 0.5 * u * ((a - 1) / x - (b - 1) / (1 - x));
      next = x - (corr > 0.5 && corr < 2 ? u / corr : u);
    }
    if (!(next > lo && next < hi)) {
      // Bisect geometrically near 0 so tiny quantiles are reached in few steps.
      next = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : lo === 0 && hi < 0.25 ? hi / 16 : 0.5 * (lo + hi);
    }
    if (Math.abs(next - x) <= 4 * Number.EPSILON * Math.max(x, 1e-300) || Math.abs(fx) <= 1e-17 * target) return next;
    x = next;
  }
  return x;
}

const LARGE = 1e3;
const SMALL = 20;

/**
 * I_t(s, big) (`lower`) or its complement, for big ≫ 1 ≥ c·t² and s = small, by integrating
 * v^{s−1}(1−v)^{c} = v^{s−1} e^{−cv} · exp(c·log1pmx(−v)) term by term (c = big − 1). With
 * exp(c·log1pmx(−v)) = Σ g_k v^k, the k-th term is a gamma integral, so
 * I = F · Σ_k (g_k / c^k)(s)_k P(s + k, c·t), F = Γ(big + s) / (Γ(big) c^s); asymptotic in 1/c.
 */
function largeParameter(big: number, small: number, t: number, lower: boolean): number {
  const c = big - 1;
  const u = c * t;
  // ln F with the O(big) parts cancelled: (big − ½)·log1p(s/big) − s + s·log1p((s + 1)/c) + c(big + s) − c(big).
  const lnF = (big - 0.5) * Math.log1p(small / big) - small + small * Math.log1p((small + 1) / c) + stirlingError(big + small) - stirlingError(big);
  // ĝ_k = g_k / c^k from G' = H'G with H = c·log1pmx(−v): ĝ_k = −(1/k) Σ_{m=2..k} ĝ_{k−m} c^{1−m}.
  const g: number[] = [1, 0];
  let sum = lower ? gammainc(small, u) : gammaincc(small, u);
  let rising = 1;
  for (let k = 1; k < 80; k++) {
    if (k >= 2) {
      let acc = 0;
      let cp = 1 / c;
      for (let m = 2; m <= k; m++) {
        acc += (g[k - m] as number) * cp;
        cp /= c;
      }
      g.push(-acc / k);
    }
    rising *= small + k - 1;
    const gk = g[k] as number;
    if (gk === 0) continue;
    const coef = gk * rising;
    const term = coef * (lower ? gammainc(small + k, u) : gammaincc(small + k, u));
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && k > 3) break;
  }
  return Math.exp(lnF) * sum;
}

// ln[x^a y^b / B(a, b)], with the Stirling main parts cancelled when a and b are large.
function logPrefactor(a: number, b: number, x: number, y: number): number {
  // ln x from whichever of x, y = 1 − x was given with full relative accuracy.
  if (a < 10 || b < 10) {
    const lx = x > 0.5 ? Math.log1p(-y) : Math.log(x);
    const ly = y > 0.5 ? Math.log1p(-x) : Math.log(y);
    return a * lx + b * ly - betaln(a, b);
  }
  const n = a + b;
  const delta = x * n - a; // = b − y·n
  const core =
    Math.abs(delta) < 0.5 * Math.min(a, b) ? a * log1pmx(delta / a) + b * log1pmx(-delta / b) : a * Math.log((x * n) / a) + b * Math.log((y * n) / b);
  return core + 0.5 * Math.log((a * b) / n) - HALF_LOG_2PI + stirlingError(n) - stirlingError(a) - stirlingError(b);
}

// The continued fraction for I_x(a, b)·a·B(a, b)/(x^a y^b), evaluated by modified Lentz.
function continuedFraction(a: number, b: number, x: number, y: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 − (a+b)x/(a+1) written with y = 1 − x: it is tiny for large a near the mean and would cancel.
  let d = (1 - b + qab * y) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}
