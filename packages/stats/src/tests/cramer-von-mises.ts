// Two-sample Cramér–von Mises test, matching SciPy `cramervonmises_2samp` (1.10): midrank statistic,
// exact p by counting lattice paths (Xiao et al. 2006), asymptotic p from the limiting distribution.

import { cleanSortedSample, checkOption } from '../sample.js';
import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';

/** Options of {@link cramerVonMises2Samp}. */
export interface CramerVonMises2SampOptions {
  /** 'auto' (default): exact when both samples hold at most 20 values, else asymptotic. */
  readonly method?: 'auto' | 'exact' | 'asymptotic';
}

/** Result of {@link cramerVonMises2Samp}. */
export interface CramerVonMises2SampResult {
  /** The statistic T of Anderson (1962), eq. 9. */
  readonly statistic: number;
  readonly pvalue: number;
  /** NaN values dropped from x and y together. */
  readonly nanDropped: number;
}

const METHODS = ['auto', 'exact', 'asymptotic'] as const;
// Exact enumeration grows like lcm(n, m)²·(n + m) states per cell; SciPy's auto switches at 20.
const AUTO_EXACT_MAX = 20;

/**
 * Two-sample Cramér–von Mises test, SciPy `cramervonmises_2samp` (1.10) with NaNs omitted.
 * Needs at least two values in each sample. Ties get midranks; the exact p-value then counts
 * paths with the (non-integer) U, as SciPy does.
 */
export function cramerVonMises2Samp(x: NumericArray, y: NumericArray, options: CramerVonMises2SampOptions = {}): CramerVonMises2SampResult {
  checkOptionKeys(options, ['method']);
  let method = checkOption(options.method ?? 'auto', 'options.method', METHODS);
  const cx = cleanSortedSample(x, 'x', 2);
  const cy = cleanSortedSample(y, 'y', 2);
  const xs = cx.values;
  const ys = cy.values;
  const nx = xs.length;
  const ny = ys.length;
  if (method === 'auto') method = Math.max(nx, ny) > AUTO_EXACT_MAX ? 'asymptotic' : 'exact';

  // U = nx·Σ(r_i − i)² + ny·Σ(s_j − j)², with r, s the pooled midranks of the sorted samples.
  let sx = 0;
  let sy = 0;
  let i = 0;
  let j = 0;
  let before = 0;
  while (i < nx || j < ny) {
    const xv = i < nx ? (xs[i] as number) : Infinity;
    const yv = j < ny ? (ys[j] as number) : Infinity;
    const v = xv < yv ? xv : yv;
    let a = i;
    while (a < nx && xs[a] === v) a++;
    let b = j;
    while (b < ny && ys[b] === v) b++;
    const rank = before + (a - i + (b - j) + 1) / 2;
    for (let q = i + 1; q <= a; q++) sx += (rank - q) * (rank - q);
    for (let q = j + 1; q <= b; q++) sy += (rank - q) * (rank - q);
    before += a - i + (b - j);
    i = a;
    j = b;
  }
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const bigN = nx + ny;
  const t = u / (k * bigN) - (4 * k - 1) / (6 * bigN);

  let p: number;
  if (method === 'exact') {
    p = exactPValue(u, nx, ny);
  } else {
    // Anderson (1962) eq. 11, 14 and 15: standardise T, then use the one-sample limit.
    const et = (1 + 1 / bigN) / 6;
    let vt = (bigN + 1) * (4 * k * bigN - 3 * (nx * nx + ny * ny) - 2 * k);
    vt = vt / (45 * bigN * bigN * 4 * k);
    const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
    // Below 0.003 the limiting cdf is under 1.3e-18: SciPy returns 1 directly.
    p = tn < 0.003 ? 1 : Math.max(0, 1 - cvmLimitCdf(tn));
  }
  return { statistic: t, pvalue: p, nanDropped: cx.nanDropped + cy.nanDropped };
}

/**
 * Exact P(U ≥ u) (Xiao, Gordon & Yakovlev 2006, Algorithm 1): walk the lattice from (0, 0) to
 * (n, m), adding (a·v − b·u)² at each point, and keep for each cell the frequency of each sum.
 */
function exactPValue(s: number, m: number, n: number): number {
  const l = lcm(m, n);
  const a = l / m;
  const b = l / n;
  const mn = m * n;
  const zeta = pyFloorDiv(l * l * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn * mn);

  // Column v of the current row holds sorted distinct sums and their path counts.
  let prevValues: Float64Array[] = [Float64Array.of(0)];
  let prevFreqs: Float64Array[] = [Float64Array.of(1)];
  for (let v = 1; v <= m; v++) {
    prevValues.push(new Float64Array(0));
    prevFreqs.push(new Float64Array(0));
  }
  for (let u = 0; u <= n; u++) {
    const nextValues: Float64Array[] = [];
    const nextFreqs: Float64Array[] = [];
    let tmpValues: Float64Array = new Float64Array(0);
    let tmpFreqs: Float64Array = new Float64Array(0);
    for (let v = 0; v <= m; v++) {
      const merged = mergeCounts(tmpValues, tmpFreqs, prevValues[v] as Float64Array, prevFreqs[v] as Float64Array);
      const d = a * v - b * u;
      const add = d * d;
      const values = merged.values;
      for (let q = 0; q < values.length; q++) values[q] = (values[q] as number) + add;
      tmpValues = values;
      tmpFreqs = merged.freqs;
      nextValues.push(tmpValues);
      nextFreqs.push(tmpFreqs);
    }
    prevValues = nextValues;
    prevFreqs = nextFreqs;
  }
  const values = prevValues[m] as Float64Array;
  const freqs = prevFreqs[m] as Float64Array;
  let hits = 0;
  for (let q = 0; q < values.length; q++) if ((values[q] as number) >= zeta) hits += freqs[q] as number;
  return hits / binomial(m + n, m);
}

/** Union of two sorted frequency tables, adding the counts of shared values. */
function mergeCounts(av: Float64Array, af: Float64Array, bv: Float64Array, bf: Float64Array): { values: Float64Array; freqs: Float64Array } {
  const values = new Float64Array(av.length + bv.length);
  const freqs = new Float64Array(av.length + bv.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < av.length && j < bv.length) {
    const x = av[i] as number;
    const y = bv[j] as number;
    if (x < y) {
      values[k] = x;
      freqs[k++] = af[i++] as number;
    } else if (y < x) {
      values[k] = y;
      freqs[k++] = bf[j++] as number;
    } else {
      values[k] = x;
      freqs[k++] = (af[i++] as number) + (bf[j++] as number);
    }
  }
  while (i < av.length) {
    values[k] = av[i] as number;
    freqs[k++] = af[i++] as number;
  }
  while (j < bv.length) {
    values[k] = bv[j] as number;
    freqs[k++] = bf[j++] as number;
  }
  return { values: values.subarray(0, k), freqs: freqs.subarray(0, k) };
}

/** Python's float `//` (floor of the quotient, corrected as CPython corrects it). */
function pyFloorDiv(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return 0 * (a / b);
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** binom(n, k) as a double, exact while it fits (Python's `math.comb`, then a float division). */
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Limiting cdf of the one-sample Cramér–von Mises statistic (Csörgő & Faraway 1996, eq. 1.2–1.3),
 * summed as SciPy `_cdf_cvm_inf` sums it: terms are added until one falls below 1e-7.
 */
function cvmLimitCdf(x: number): number {
  let total = 0;
  // Γ(k + ½)/Γ(k + 1) by its recurrence: exact enough and free of lgamma's cancellation.
  let gammaRatio = Math.sqrt(Math.PI);
  const scale = Math.PI ** 1.5 * Math.sqrt(x);
  for (let k = 0; ; k++) {
    if (k > 0) gammaRatio *= (k - 0.5) / k;
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    // e^(−q)·K(q) = e^(−2q)·(e^q·K(q)); the scaled form stays finite for tiny q.
    const term = (gammaRatio / scale) * Math.sqrt(y) * Math.exp(-2 * q) * scaledBesselK(0.25, q);
    total += term;
    if (!(Math.abs(term) >= 1e-7)) break;
  }
  return total;
}

/**
 * e^x·K_ν(x) for x > 0 (SciPy `kve`), from e^x·K_ν(x) = ∫₀^∞ e^(−x·(cosh t − 1))·cosh(νt) dt by the
 * trapezoidal rule. The integrand is analytic in a strip around the real axis and decays
 * double-exponentially, so the error falls like exp(−2π²/(h²x)) for large x and exp(−π²/h) for
 * small x: a step of min(0.1, 0.5/√x) keeps it far below double precision. Exported for its test
 * only (not part of the package's face).
 */
export function scaledBesselK(nu: number, x: number): number {
  const h = Math.min(0.1, 0.5 / Math.sqrt(x));
  // cosh t − 1 = 2·sinh²(t/2) keeps the exponent accurate for small t.
  let sum = 0.5; // t = 0: e^0·cosh 0, halved by the trapezoidal rule
  for (let step = 1; ; step++) {
    const t = step * h;
    const sh = Math.sinh(t / 2);
    const f = Math.exp(-x * 2 * sh * sh) * Math.cosh(nu * t);
    sum += f;
    if (f < 1e-18 * sum) break;
  }
  return h * sum;
}
