// Two-sample Kolmogorov–Smirnov test with SciPy's exact (lattice-path) and asymptotic p-values:
// the workhorse drift test for continuous features.

import { kstwoSf } from '../distributions/index.js';
import { cleanSortedSample, checkOption } from '../sample.js';
import type { NumericArray } from '../sample.js';
import { checkOptionKeys } from '../options.js';

/** Which difference of the empirical CDFs the test looks at (F = ECDF of `x`, G = ECDF of `y`). */
export type KsAlternative = 'two-sided' | 'less' | 'greater';
/** How the p-value is computed: exact lattice-path counts, the asymptotic law, or SciPy's choice. */
export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface Ks2SampOptions {
  /** 'two-sided' (max |F − G|), 'greater' (max F − G) or 'less' (max G − F). Default 'two-sided'. */
  alternative?: KsAlternative;
  /** 'auto' (exact when both samples have at most 10 000 values), 'exact' or 'asymp'. Default 'auto'. */
  method?: KsMethod;
}

export interface Ks2SampResult {
  /** The KS statistic D (on the lattice 1/lcm(n1, n2) when the exact method was attempted). */
  readonly statistic: number;
  readonly pvalue: number;
  /** The data value at which D is attained (SciPy `statistic_location`). */
  readonly statisticLocation: number;
  /** +1 when D = max(F − G), −1 when D = max(G − F) (SciPy `statistic_sign`). */
  readonly statisticSign: 1 | -1;
  /** NaNs removed from `x` and `y` together. */
  readonly nanDropped: number;
}

const ALTERNATIVES: readonly KsAlternative[] = ['two-sided', 'less', 'greater'];
const METHODS: readonly KsMethod[] = ['auto', 'exact', 'asymp'];
const OPTION_KEYS = ['alternative', 'method'] as const;
// SciPy's MAX_AUTO_N: 'auto' tries the exact distribution up to this sample size.
const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;
// log(DBL_MAX): beyond it SciPy's binom(n1 + n2, n1) is infinite and the one-sided exact count fails.
const LOG_DBL_MAX = 709.782712893384;

/**
 * Two-sample Kolmogorov–Smirnov test, SciPy `ks_2samp` (1.10) semantics: D from the ECDFs on the
 * pooled data, `auto` → exact when max(n1, n2) ≤ 10 000, exact p by lattice-path counting (closed
 * forms for n1 = n2), and SciPy's fallback to the asymptotic p where its exact computation fails
 * (overflow or a probability outside [0, 1]). Asymptotic two-sided p = `kstwo.sf(D, round(n1·n2/(n1+n2)))`,
 * one-sided p from Hodges' approximation. NaNs are dropped (`nanDropped`).
 *
 * After sorting (a radix sort for large samples) D costs one O(n1 + n2) merge. The exact p for
 * unequal sizes walks the (n1 × n2) lattice: two-sided only a band around the diagonal, one-sided
 * only where SciPy's path count fits a double (n1 + n2 up to about 1 000).
 */
export function ks2Samp(x: NumericArray, y: NumericArray, options: Ks2SampOptions = {}): Ks2SampResult {
  checkOptionKeys(options, OPTION_KEYS);
  const alternative = checkOption(options.alternative ?? 'two-sided', 'options.alternative', ALTERNATIVES);
  let method = checkOption(options.method ?? 'auto', 'options.method', METHODS);
  const cx = cleanSortedSample(x, 'x');
  const cy = cleanSortedSample(y, 'y');
  const a = cx.values;
  const b = cy.values;
  const n1 = a.length;
  const n2 = b.length;

  const ext = ecdfExtremes(a, b);
  let d: number;
  let location: number;
  let sign: 1 | -1;
  const minS = Math.min(Math.max(-ext.minDiff, 0), 1);
  if (alternative === 'less' || (alternative === 'two-sided' && minS > ext.maxDiff)) {
    d = minS + 0; // + 0 turns SciPy's clipped −0 into 0
    location = ext.minLocation;
    sign = -1;
  } else {
    d = ext.maxDiff;
    location = ext.maxLocation;
    sign = 1;
  }

  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;
  if (method === 'auto') method = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact' && n1g >= INT32_MAX / n2g) method = 'asymp';

  let p = Number.NaN;
  if (method === 'exact') {
    const lcm = n1g * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    const prob = h === 0 ? 1 : exactPvalue(n1, n2, g, h, alternative);
    if (prob >= 0 && prob <= 1) p = prob;
    else method = 'asymp';
  }
  if (method === 'asymp') p = asympPvalue(n1, n2, d, alternative);
  p = Math.min(Math.max(p, 0), 1); // NaN stays NaN, as with np.clip
  return { statistic: d, pvalue: p, statisticLocation: location, statisticSign: sign, nanDropped: cx.nanDropped + cy.nanDropped };
}

interface EcdfExtremes {
  maxDiff: number;
  maxLocation: number;
  minDiff: number;
  minLocation: number;
}

/**
 * One merge over the two sorted samples. At each distinct value v the ECDFs are (#a ≤ v)/n1 and
 * (#b ≤ v)/n2, computed exactly as SciPy does so that ties between equal differences resolve alike.
 * SciPy's argmax runs over [a, b] concatenated, so a value found in `a` wins over one found only
 * in `b`, and within each sample the smallest value wins.
 */
function ecdfExtremes(a: Float64Array, b: Float64Array): EcdfExtremes {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxA = -Infinity;
  let maxB = -Infinity;
  let minA = Infinity;
  let minB = Infinity;
  let maxLocA = Number.NaN;
  let maxLocB = Number.NaN;
  let minLocA = Number.NaN;
  let minLocB = Number.NaN;
  // Each step consumes one distinct value v (all its copies in both samples), then looks at the
  // ECDF gap just after v. Continuous data rarely tie, so the branches below are the hot path.
  while (i < n1 || j < n2) {
    const va = i < n1 ? (a[i] as number) : Infinity;
    const vb = j < n2 ? (b[j] as number) : Infinity;
    const v = va <= vb ? va : vb;
    const inA = va === v && i < n1;
    const inB = vb === v && j < n2;
    if (inA) {
      i++;
      while (i < n1 && a[i] === v) i++;
    }
    if (inB) {
      j++;
      while (j < n2 && b[j] === v) j++;
    }
    const diff = i / n1 - j / n2;
    if (inA) {
      if (diff > maxA) {
        maxA = diff;
        maxLocA = v;
      }
      if (diff < minA) {
        minA = diff;
        minLocA = v;
      }
    }
    if (inB) {
      if (diff > maxB) {
        maxB = diff;
        maxLocB = v;
      }
      if (diff < minB) {
        minB = diff;
        minLocB = v;
      }
    }
  }
  return combine(maxA, maxLocA, maxB, maxLocB, minA, minLocA, minB, minLocB);
}

function combine(maxA: number, maxLocA: number, maxB: number, maxLocB: number, minA: number, minLocA: number, minB: number, minLocB: number): EcdfExtremes {
  return {
    maxDiff: Math.max(maxA, maxB),
    maxLocation: maxA >= maxB ? maxLocA : maxLocB,
    minDiff: Math.min(minA, minB),
    minLocation: minA <= minB ? minLocA : minLocB,
  };
}

/** Exact P(D ≥ h/lcm) under H0; a value outside [0, 1] (or NaN) tells the caller to fall back. */
function exactPvalue(n1: number, n2: number, g: number, h: number, alternative: KsAlternative): number {
  if (alternative === 'two-sided') {
    return n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h, true);
  }
  if (n1 === n2) {
    // P(D+ ≥ h/n) = C(2n, n − h) / C(2n, n) = Π_{j<h} (n − j)/(n + j + 1).
    let p = 1;
    for (let j = 0; j < h; j++) p *= (n1 - j) / (n1 + j + 1);
    return p;
  }
  // SciPy divides a path count by binom(n1 + n2, n1) and gives up once that overflows.
  if (logBinom(n1 + n2, Math.min(n1, n2)) > LOG_DBL_MAX) return Number.NaN;
  return probOutsideBand(n1, n2, g, h, false);
}

/**
 * P(D_{n,n} ≥ h/n) by the reflection-principle series 2·Σ_k (−1)^{k+1} C(2n, n − kh)/C(2n, n),
 * evaluated Horner-style from the innermost term as SciPy does (`_compute_prob_outside_square`),
 * so that rounding — and hence SciPy's "p > 1 → fall back" decision — is reproduced.
 */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * Proportion of monotone lattice paths from (0, 0) to (m, n) that leave the band
 * |n·x − m·y| < h·g (two-sided) or the half-plane n·x − m·y < h·g (one-sided), x counting steps
 * of the larger sample. Works column by column on Q(x, y) = 1 − inside(x, y)/C(x + y, y), which
 * obeys Q(x, y) = (x·Q(x − 1, y) + y·Q(x, y − 1))/(x + y) inside and is 1 outside (Viehmann 2021,
 * the recursion SciPy uses); only the rows inside the band are visited. Never overflows.
 */
function probOutsideBand(n1: number, n2: number, g: number, h: number, twoSided: boolean): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  // Inside at column x: rows lo(x) ≤ y ≤ hi(x) with |ng·x − mg·y| < h (h on the lcm lattice).
  const q = new Float64Array(n + 1);
  let prevLo = 0;
  // Column x = 0: Q(0, y) = 0 inside (the single straight path stays in), 1 beyond. One-sided,
  // the whole column lies inside.
  let prevHi = twoSided ? Math.min(Math.ceil(h / mg) - 1, n) : n;
  for (let y = 0; y <= n; y++) q[y] = y <= prevHi ? 0 : 1;
  for (let x = 1; x <= m; x++) {
    const lo = Math.max(Math.floor((ng * x - h) / mg) + 1, 0);
    const hi = twoSided ? Math.min(Math.ceil((ng * x + h) / mg) - 1, n) : n;
    if (hi < lo) return 1;
    // Rows of the previous column that were outside hold 1; rows below lo are outside now.
    let below = lo === 0 ? 0 : 1;
    for (let y = lo; y <= hi; y++) {
      const left = y >= prevLo && y <= prevHi ? (q[y] as number) : 1;
      below = (left * x + below * y) / (x + y);
      q[y] = below;
    }
    prevLo = lo;
    prevHi = hi;
  }
  return q[n] as number;
}

/** Two-sided asymptotic p (finite-n Kolmogorov law) or Hodges' one-sided approximation. */
function asympPvalue(n1: number, n2: number, d: number, alternative: KsAlternative): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  if (alternative === 'two-sided') {
    const nEff = roundHalfEven(en);
    // SciPy's kstwo with n = 0 (n1 = n2 = 1) is undefined and returns NaN.
    return nEff < 1 ? Number.NaN : kstwoSf(d, nEff);
  }
  const z = Math.sqrt(en) * d;
  const expt = -2 * (z * z) - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3;
  return Math.exp(expt);
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** NumPy's `np.round`: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** ln C(n, k) as a sum of logs; only compared with the overflow threshold, far from it in practice. */
function logBinom(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}
