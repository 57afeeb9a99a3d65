// The error function family: erf, erfc (relative accuracy deep into the upper tail) and erfcinv.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** SciPy `scipy.special.erf` (1.10). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < 2) return erfSeries(x);
  const v = 1 - erfcContinuedFraction(ax);
  return x < 0 ? -v : v;
}

/** SciPy `scipy.special.erfc` (1.10): 1 − erf(x), with full relative accuracy for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  // Up to x = 2, 1 − erf loses at most a digit (erfc(2) ≈ 4.7e-3); the fraction is slow there.
  if (x < 2) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // below the smallest subnormal
  return erfcContinuedFraction(x);
}

/** SciPy `scipy.special.erfcinv` (1.10): the x with erfc(x) = y, y in [0, 2]. */
export function erfcinv(y: number): number {
  if (!(y >= 0 && y <= 2)) return Number.NaN;
  if (y === 0) return Number.POSITIVE_INFINITY;
  if (y === 2) return Number.NEGATIVE_INFINITY;
  if (y === 1) return 0;
  if (y > 1) return -erfcinv(2 - y);
  // erfc(x) = 2·Φ(−x√2), so x = −Φ⁻¹(y/2)/√2; solve directly in erfc for accuracy.
  let x = -normalQuantileGuess(y / 2) * Math.SQRT1_2;
  for (let i = 0; i < 8; i++) {
    const f = erfc(x) - y;
    const d = -TWO_OVER_SQRT_PI * Math.exp(-x * x);
    if (d === 0) break;
    const u = f / d;
    // Halley: erfc'' / erfc' = −2x.
    const step = u / (1 + x * u);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}

// erf(x) = 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): all terms positive, so no cancellation.
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

// erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by modified Lentz.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    if (d === 0) d = tiny;
    c = x + an / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  // Split x² so e^{−x²} keeps its relative accuracy for large x.
  const xh = Math.round(x * 65536) / 65536;
  const e = Math.exp(-xh * xh) * Math.exp(-(x - xh) * (x + xh));
  return (ONE_OVER_SQRT_PI * e) / f;
}

/** A starting point for Φ⁻¹(p), good to about 4.5e-4 (Abramowitz & Stegun 26.2.23). */
export function normalQuantileGuess(p: number): number {
  const pp = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(pp));
  const x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return p < 0.5 ? -x : x;
}
