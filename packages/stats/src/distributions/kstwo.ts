// The finite-n distribution of the two-sided one-sample KS statistic D_n (SciPy `kstwo`), with
// Simard & L'Ecuyer's choice of algorithm by (n, d) exactly as SciPy 1.10 `_ksstats.py` makes it.
// `ks_2samp` with method 'asymp' reads its p-value from `kstwoSf`.

import { lgamma1p } from '../special/gamma-ln.js';
import { brentRoot } from '../special/root.js';
import { checkSampleSize } from './check.js';
import { kstwobignPpf } from './kstwobign.js';
import { smirnovSf } from './smirnov.js';

const SCALE_UP = 2 ** 128;
const SCALE_DOWN = 2 ** -128;
const LOG_2PI = 1.8378770664093456;
const SQRT_2PI = 2.5066282746310002;
const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;

const clip = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/** SciPy `scipy.stats.kstwo.cdf(d, n)` (1.10): P(D_n ≤ d). Throws unless n is a positive integer. */
export function kstwoCdf(d: number, n: number): number {
  checkSampleSize(n, 'n');
  return kolmogorovN(n, d, true);
}

/** SciPy `scipy.stats.kstwo.sf(d, n)` (1.10): P(D_n > d), accurate far into the upper tail. */
export function kstwoSf(d: number, n: number): number {
  checkSampleSize(n, 'n');
  return kolmogorovN(n, d, false);
}

/** SciPy `scipy.stats.kstwo.ppf(q, n)` (1.10): the d with P(D_n ≤ d) = q. */
export function kstwoPpf(q: number, n: number): number {
  checkSampleSize(n, 'n');
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  return kolmogorovInverse(n, q, 1 - q);
}

/** SciPy `scipy.stats.kstwo.isf(q, n)` (1.10): the d with P(D_n > d) = q. */
export function kstwoIsf(q: number, n: number): number {
  checkSampleSize(n, 'n');
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  return kolmogorovInverse(n, 1 - q, q);
}

function select(cdfProb: number, sfProb: number, cdf: boolean): number {
  return clip(cdf ? cdfProb : sfProb);
}

// ln(n!/nⁿ) by Stirling's series (accurate for the n > 140 where it is used).
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  const r2 = r * r;
  const s =
    r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))));
  return 0.5 * Math.log(n) - n + 0.5 * LOG_2PI + s;
}

function kolmogorovN(n: number, x: number, cdf: boolean): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return select(1, 0, cdf);
  if (x <= 0) return select(0, 1, cdf);
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: for 1/(2n) ≤ d ≤ 1/n, P(D_n ≤ d) = n!/nⁿ (2nd − 1)ⁿ.
    if (t <= 0.5) return select(0, 1, cdf);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      const f = (2 * t - 1) / n;
      for (let i = 1; i <= n; i++) prob *= i * f;
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return select(prob, 1 - prob, cdf);
  }
  if (t >= n - 1) {
    const prob = 2 * Math.pow(1 - x, n);
    return select(1 - prob, prob, cdf);
  }
  if (x >= 0.5) {
    // The two one-sided events cannot both happen: the tail is exactly twice Smirnov's.
    const prob = 2 * smirnovSf(n, x);
    return select(1 - prob, prob, cdf);
  }
  const nxx = t * x;
  if (n <= 140) {
    if (nxx <= 0.754693) {
      const prob = durbinMatrix(n, x);
      return select(prob, 1 - prob, cdf);
    }
    if (nxx <= 4) {
      const prob = pomeranz(n, x);
      return select(prob, 1 - prob, cdf);
    }
    const prob = 2 * smirnovSf(n, x);
    return select(1 - prob, prob, cdf);
  }
  if (!cdf) {
    if (nxx >= 370) return 0;
    if (nxx >= 2.2) return clip(2 * smirnovSf(n, x));
  }
  let cdfProb: number;
  if (nxx >= 18) cdfProb = 1;
  else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) cdfProb = durbinMatrix(n, x);
  else cdfProb = pelzGood(n, x);
  return select(cdfProb, 1 - cdfProb, cdf);
}

// Durbin's matrix formula, P(D_n < d) = n!/nⁿ · (H^n)_{kk}, with Marsaglia–Tsang–Wang's scaling
// to keep the matrix power in range.
function durbinMatrix(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;
  // Column i (≥ 1) holds 1/(r − i + 1)! on and below its superdiagonal band.
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1] as number;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] as number;

  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  let tmp = new Float64Array(m * m);
  while (nn > 0) {
    if (nn % 2) {
      matmul(P, H, tmp, m);
      [P, tmp] = [tmp, P];
      expnt += hExpnt;
    }
    matmul(H, H, tmp, m);
    [H, tmp] = [tmp, H];
    hExpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] as number) > SCALE_UP) {
      for (let i = 0; i < m * m; i++) H[i] = (H[i] as number) * SCALE_DOWN;
      hExpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      expnt -= 128;
    }
  }
  if (expnt !== 0) p *= Math.pow(2, expnt);
  return clip(p);
}

function matmul(A: Float64Array, B: Float64Array, out: Float64Array, m: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const io = i * m;
    for (let l = 0; l < m; l++) {
      const a = A[io + l] as number;
      if (a === 0) continue;
      const lo = l * m;
      for (let j = 0; j < m; j++) out[io + j] = (out[io + j] as number) + a * (B[lo + j] as number);
    }
  }
}

// The column range [j1, j2] of row i in Pomeranz's recursion.
function pomeranzRange(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

// Pomeranz's recursion (1974): P(D_n ≤ d) by convolving rows of a lattice of Poisson-like powers.
function pomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gn = g / n;
  const tgn = (2 * g) / n;
  const omgn = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] as number) * gn) / m;
    twogpower[m] = ((twogpower[m - 1] as number) * tgn) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] as number) * omgn) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzRange(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzRange(i, n, ll, ceilf, roundf);
    const pw = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // Entries j1..j2 of the full convolution of V0[k1..j2] with the powers.
      const start = j1 - k1;
      const len = j2 - j1 + 1;
      const base = k1 - V0s;
      let maxV = 0;
      for (let r = 0; r < len; r++) {
        const idx = start + r;
        let s = 0;
        for (let q = 0; q <= idx; q++) s += (V0[base + q] as number) * (pw[idx - q] as number);
        V1[r] = s;
        if (s > maxV) maxV = s;
      }
      if (maxV > 0 && maxV < SCALE_DOWN) {
        for (let r = 0; r < len; r++) V1[r] = (V1[r] as number) * SCALE_UP;
        expnt -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > SCALE_UP) {
      ans *= SCALE_DOWN;
      expnt += 128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans *= Math.pow(2, expnt);
  return clip(ans);
}

// Pelz & Good's (1976) expansion K0 + K1/√n + K2/n + K3/n^{3/2} in z = √n·d, written with theta
// functions so it converges for small z.
function pelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = Math.pow(q, 8 * k);
    K0 = K0 * qp + 1;
    K1 = K1 * qp + (k1a + k1b * m2);
    K2 = K2 * qp + (k2a + k2b * m2 + k2c * m4);
    K3 = K3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const f = q * SQRT_2PI;
  K0 = (K0 * f) / z;
  K1 = (K1 * f) / (6 * z4);
  K2 = (K2 * f) / (72 * z2 * z4 * z);
  K3 = (K3 * f) / (6480 * z4 * z6);
  q = Math.exp(-PI2 / 2 / z2);
  let e2 = 0;
  let e3 = 0;
  const s3z = Math.sqrt(3) * z;
  // numpy sums these arrays from k = maxk down to 1; keep that order.
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = Math.pow(q, k2);
    e2 += k2 * qp;
    const kpi = Math.PI * k;
    e3 += (s3z + kpi) * (s3z - kpi) * k2 * qp;
  }
  K2 += (e2 * PI2 * SQRT_2PI) / (-36 * z3);
  K3 += (e3 * PI2 * SQRT_2PI) / (216 * z6);
  const sn = Math.sqrt(n);
  return K0 + K1 / sn + K2 / n + K3 / (n * sn);
}

// SciPy `_kolmogni`: the d with cdf = p (q = 1 − p given separately), via closed forms at the ends
// and Brent's method between 1/n and the limiting-distribution quantile.
function kolmogorovInverse(n: number, p: number, q: number): number {
  if (p <= 0) return 1 / n;
  if (q <= 0) return 1;
  const delta = Math.exp((Math.log(p) - lgamma1p(n)) / n);
  if (delta <= 1 / n) return (delta + 1 / n) / 2;
  const x = -Math.expm1(Math.log(q / 2) / n);
  if (x >= 1 - 1 / n) return x;
  let x1 = kstwobignPpf(p) / Math.sqrt(n);
  x1 = Math.min(x1, 1 - 1 / n);
  const f = (d: number): number => kolmogorovN(n, d, true) - p;
  return brentRoot(f, 1 / n, x1, 1e-14);
}
