// The drift methods under Evidently's registry names (legacy `calculations/stattests`, 0.7.21):
// default threshold, drift rule, applicable types and Evidently's exact binning and zero fill.

import {
  andersonKSamp,
  chiSquare,
  cramerVonMises2Samp,
  eppsSingleton2Samp,
  energyDistance,
  fisherExact,
  gTest,
  histogram,
  histogramBinEdges,
  iqr,
  jensenShannonDistance,
  klDivergence,
  ks2Samp,
  mannWhitneyU,
  normalCdf,
  std,
  tTestInd,
  wassersteinDistance,
} from '@vigil/stats';
import { DriftMethodError } from './drift-errors.js';
import type { DriftKey, DriftKind, DriftPair } from './drift-pair.js';
import { NumpyRandomState } from './numpy-random.js';

/** How a score is judged against its threshold: p-values drift below it, distances at or above it. */
export type DriftRule = 'lt' | 'lte' | 'gte' | 'gt';

export interface DriftMethod {
  /** Evidently's registry name. */
  readonly name: string;
  readonly displayName: string;
  /** Column types Evidently registers the method for (a forced method on another type is an error). */
  readonly types: readonly DriftKind[];
  readonly defaultThreshold: number;
  /** 'pvalue': small means drift; 'distance': large means drift. */
  readonly score: 'pvalue' | 'distance';
  readonly rule: DriftRule;
  /** The score of one cleaned column pair. */
  compute(pair: DriftPair): number;
}

/** Applies a method's drift rule (Evidently mixes `<`/`<=` and `>=`/`>`; each method keeps its own). */
export function isDrifted(rule: DriftRule, score: number, threshold: number): boolean {
  switch (rule) {
    case 'lt':
      return score < threshold;
    case 'lte':
      return score <= threshold;
    case 'gte':
      return score >= threshold;
    case 'gt':
      return score > threshold;
  }
}

function numbersOf(pair: DriftPair, method: string): { ref: Float64Array; cur: Float64Array } {
  const n = pair.numbers();
  if (n === undefined) throw new DriftMethodError(pair.name, method, 'a column of numbers');
  return n;
}

// Evidently `get_binned_data`: a numerical column whose reference has more than 20 distinct values
// is cut by Sturges edges on reference + current together; anything else gets one bin per value.
// Shares are count / sample size. `fillZeros` is Evidently's `feel_zeroes`: each vector's zeros
// become min(non-zero)/10⁶ when that minimum is ≤ 1e-4, else 1e-4, and nothing is renormalised.
function binnedShares(pair: DriftPair, fillZeros: boolean): [Float64Array, Float64Array] {
  let ref: Float64Array;
  let cur: Float64Array;
  const nums = pair.numbers();
  if (pair.kind === 'numerical' && nums !== undefined && pair.distinctUpTo(20, 'ref') > 20) {
    const combined = new Float64Array(nums.ref.length + nums.cur.length);
    combined.set(nums.ref);
    combined.set(nums.cur, nums.ref.length);
    const edges = histogramBinEdges(combined, 'sturges');
    ref = histogram(nums.ref, edges);
    cur = histogram(nums.cur, edges);
  } else {
    const c = pair.counts();
    ref = c.ref.slice();
    cur = c.cur.slice();
  }
  const nRef = pair.nRef;
  const nCur = pair.nCur;
  for (let i = 0; i < ref.length; i++) ref[i] = (ref[i] as number) / nRef;
  for (let i = 0; i < cur.length; i++) cur[i] = (cur[i] as number) / nCur;
  if (fillZeros) {
    fillZeroShares(ref);
    fillZeroShares(cur);
  }
  return [ref, cur];
}

function fillZeroShares(p: Float64Array): void {
  let min = Infinity;
  for (const v of p) if (v !== 0 && v < min) min = v;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  for (let i = 0; i < p.length; i++) if (p[i] === 0) p[i] = fill;
}

// Python's ordering of the keys Evidently sorts (numbers numerically, strings by code point).
function compareKeys(a: DriftKey, b: DriftKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

// Evidently `_z_stat_test`: two-proportion z-test on the share of the smallest category, with
// Evidently's own arithmetic (p = 2·(1 − Φ(|z|))), and p = 1 when both samples hold one same value.
function zTest(pair: DriftPair): number {
  const { keys, ref, cur } = pair.counts();
  let refDistinct = 0;
  let curDistinct = 0;
  for (let i = 0; i < keys.length; i++) {
    if ((ref[i] as number) > 0) refDistinct++;
    if ((cur[i] as number) > 0) curDistinct++;
  }
  if (keys.length === 1 && refDistinct === 1 && curDistinct === 1) return 1;
  let first = 0;
  for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i] as DriftKey, keys[first] as DriftKey) < 0) first = i;
  const n1 = pair.nRef;
  const n2 = pair.nCur;
  const p1 = (n1 - (ref[first] as number)) / n1;
  const p2 = (n2 - (cur[first] as number)) / n2;
  const p = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
  return 2 * (1 - normalCdf(Math.abs(z)));
}

// Evidently `_chi_stat_test`: current counts against reference counts scaled to the current size.
function chiSquareTest(pair: DriftPair): number {
  const { ref, cur } = pair.counts();
  const k = pair.nCur / pair.nRef;
  const exp = ref.map((v) => v * k);
  return chiSquare(cur, exp).pvalue;
}

// Evidently `_hellinger_distance`: category shares, or for numbers density histograms on Sturges
// edges of the distinct values (not the data), clipped to [0, 1] before √(1 − Σ√(p·q)).
function hellinger(pair: DriftPair): number {
  const { keys, ref, cur } = pair.counts();
  let s = 0;
  if (pair.kind === 'categorical') {
    for (let i = 0; i < keys.length; i++) s += Math.sqrt(((ref[i] as number) / pair.nRef) * ((cur[i] as number) / pair.nCur));
  } else {
    const { ref: r, cur: c } = numbersOf(pair, 'hellinger');
    const edges = histogramBinEdges(keys as number[], 'sturges');
    const density = (x: Float64Array): Float64Array => {
      const h = histogram(x, edges);
      let total = 0;
      for (const v of h) total += v;
      for (let i = 0; i < h.length; i++) h[i] = (h[i] as number) / ((edges[i + 1] as number) - (edges[i] as number)) / total;
      return h;
    };
    const h1 = density(r);
    const h2 = density(c);
    const width = ((edges[edges.length - 1] as number) - (edges[0] as number)) / (edges.length - 1);
    for (let i = 0; i < h1.length; i++) s += Math.sqrt((h1[i] as number) * (h2[i] as number)) * width;
  }
  s = Math.min(Math.max(s, 0), 1);
  return Math.sqrt(1 - s);
}

// Evidently `_fisher_exact_stattest`: a 2×2 table of the two categories; samples of different
// sizes, or more than two categories, are refused as Evidently refuses them.
function fisher(pair: DriftPair): number {
  const { keys, ref, cur } = pair.counts();
  if (pair.nRef !== pair.nCur) {
    throw new DriftMethodError(pair.name, 'fisher_exact', 'reference and current of equal length', `${pair.nRef} and ${pair.nCur} values`);
  }
  if (keys.length > 2) throw new DriftMethodError(pair.name, 'fisher_exact', 'at most two categories', `${keys.length}`);
  // The two-sided p-value does not depend on which category is counted first.
  const refZero = ref[0] as number;
  const curZero = cur[0] as number;
  return fisherExact([
    [pair.nCur - curZero, curZero],
    [pair.nRef - refZero, refZero],
  ]).pvalue;
}

// Evidently `_tvd_stattest`: total variation distance of category shares, p-value from 1000
// permutations drawn as Evidently draws them (NumPy's global generator seeded 0, `choice` without
// replacement = a full permutation each time). Distances are computed in Evidently's float order,
// since permuted tables often tie the observed one and rounding decides which ties count.
function tvdPermutation(pair: DriftPair): number {
  const { keys, ref, cur } = pair.codes();
  const nr = ref.length;
  const nc = cur.length;
  const n = nr + nc;
  const k = keys.length;
  const pooled = new Int32Array(n);
  pooled.set(ref);
  pooled.set(cur, nr);
  const total = new Float64Array(k);
  for (let i = 0; i < n; i++) total[pooled[i] as number]!++;
  const refCounts = new Float64Array(k);
  for (let i = 0; i < nr; i++) refCounts[ref[i] as number]!++;
  const statistic = (rc: Float64Array): number => {
    // NumPy's add.reduce: the first element plus the sequential sum of the rest (fewer than 9 keys).
    let s = 0;
    for (let j = 1; j < k; j++) {
      const r = rc[j] as number;
      s += Math.abs(r / nr - ((total[j] as number) - r) / nc);
    }
    const r0 = rc[0] as number;
    return 0.5 * (Math.abs(r0 / nr - ((total[0] as number) - r0) / nc) + s);
  };
  const observed = statistic(refCounts);
  const rs = new NumpyRandomState(0);
  const perm = new Uint32Array(n);
  const iterations = 1000;
  let atLeast = 0;
  for (let it = 0; it < iterations; it++) {
    rs.permutation(n, perm);
    refCounts.fill(0);
    for (let i = 0; i < nr; i++) refCounts[pooled[perm[i] as number] as number]!++;
    if (statistic(refCounts) >= observed) atLeast++;
  }
  return atLeast / iterations;
}

/** Largest pooled sample `empirical_mmd` takes: its kernel matrix holds n² doubles, as Evidently's does. */
export const MMD_MAX_POOLED = 8000;

// Evidently `_mmd_stattest`: RBF kernel with the median-heuristic σ of the reference's squared
// distances (NumPy 'nearest' percentile), the unbiased MMD² and 100 label permutations. Evidently
// draws them from NumPy's global generator without seeding; we seed it 0 (as after `np.random.seed(0)`).
// Distances are Evidently's (v² − 2uv) + u², so the kernel matches bit for bit.
function empiricalMmd(pair: DriftPair): number {
  const { ref: x, cur: y } = numbersOf(pair, 'empirical_mmd');
  const nx = x.length;
  const ny = y.length;
  const n = nx + ny;
  if (n > MMD_MAX_POOLED) throw new DriftMethodError(pair.name, 'empirical_mmd', `at most ${MMD_MAX_POOLED} values in all (its kernel matrix is n²)`, n);
  if (nx < 2 || ny < 2) throw new DriftMethodError(pair.name, 'empirical_mmd', 'at least two values in each sample', `${nx} and ${ny}`);
  const d = (u: number, v: number): number => v * v - 2 * (u * v) + u * u;
  const dxx = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) dxx[i * nx + j] = d(x[i] as number, x[j] as number);
  // np.percentile(q=50, method='nearest'): index round-half-even((m − 1)/2) of the sorted values.
  const sorted = dxx.slice().sort();
  const h = (sorted.length - 1) * 0.5;
  let idx = Math.round(h);
  if (idx - h === 0.5 && idx % 2 === 1) idx -= 1;
  let sigma = Math.sqrt(0.5 * (sorted[idx] as number));
  if (sigma === 0) sigma = Math.sqrt(0.5);
  const gamma = 1.0 / (2.0 * sigma ** 2);
  const z = new Float64Array(n);
  z.set(x);
  z.set(y, nx);
  const kernel = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      // Evidently's blocks: kxx = rbf(x, x), kxy = rbf(x, y) and its transpose, kyy = rbf(y, y).
      const dist = a < nx || b >= nx ? d(z[a] as number, z[b] as number) : d(z[b] as number, z[a] as number);
      kernel[a * n + b] = Math.exp(-gamma * dist);
    }
  }
  const A = 1 / (nx * (nx - 1));
  const B = 1 / (ny * (ny - 1));
  const statistic = (index: ArrayLike<number>): number => {
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let a = 0; a < n; a++) {
      const row = (index[a] as number) * n;
      for (let b = 0; b < n; b++) {
        const v = kernel[row + (index[b] as number)] as number;
        if (a < nx) {
          if (b < nx) sxx += v;
        } else if (b < nx) sxy += v;
        else syy += v;
      }
    }
    return A * sxx + B * syy - 2.0 * (sxy / (nx * ny));
  };
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const observed = statistic(identity);
  const rs = new NumpyRandomState(0);
  const perm = new Uint32Array(n);
  let atLeast = 0;
  for (let it = 0; it < 100; it++) if (observed <= statistic(rs.permutation(n, perm))) atLeast++;
  return atLeast / 100;
}

function method(
  name: string,
  displayName: string,
  types: readonly DriftKind[],
  defaultThreshold: number,
  rule: DriftRule,
  compute: (pair: DriftPair) => number,
): DriftMethod {
  return { name, displayName, types, defaultThreshold, score: rule === 'lt' || rule === 'lte' ? 'pvalue' : 'distance', rule, compute };
}

const NUM: readonly DriftKind[] = ['numerical'];
const CAT: readonly DriftKind[] = ['categorical'];
const BOTH: readonly DriftKind[] = ['categorical', 'numerical'];

/** Every method Vigil offers, keyed by Evidently's registry name (text methods are not offered). */
export const DRIFT_METHODS: Readonly<Record<string, DriftMethod>> = Object.freeze({
  ks: method('ks', 'K-S p_value', NUM, 0.05, 'lte', (p) => {
    const { ref, cur } = numbersOf(p, 'ks');
    return ks2Samp(ref, cur).pvalue;
  }),
  chisquare: method('chisquare', 'chi-square p_value', CAT, 0.05, 'lt', chiSquareTest),
  z: method('z', 'Z-test p_value', CAT, 0.05, 'lt', zTest),
  jensenshannon: method('jensenshannon', 'Jensen-Shannon distance', BOTH, 0.1, 'gte', (p) => {
    const [r, c] = binnedShares(p, false);
    return jensenShannonDistance(r, c);
  }),
  wasserstein: method('wasserstein', 'Wasserstein distance (normed)', NUM, 0.1, 'gte', (p) => {
    const { ref, cur } = numbersOf(p, 'wasserstein');
    return wassersteinDistance(ref, cur) / Math.max(std(ref), 0.001);
  }),
  kl_div: method('kl_div', 'Kullback-Leibler divergence', BOTH, 0.1, 'gte', (p) => {
    const [r, c] = binnedShares(p, true);
    return klDivergence(r, c);
  }),
  // Evidently's PSI over its zero-filled shares, which differ per vector (see binnedShares), so
  // @vigil/stats' `psi` (one fixed epsilon) would not give Evidently's number.
  psi: method('psi', 'PSI', BOTH, 0.1, 'gte', (p) => {
    const [r, c] = binnedShares(p, true);
    let s = 0;
    for (let i = 0; i < r.length; i++) s += ((r[i] as number) - (c[i] as number)) * Math.log((r[i] as number) / (c[i] as number));
    return s;
  }),
  hellinger: method('hellinger', 'Hellinger distance', BOTH, 0.1, 'gte', hellinger),
  ed: method('ed', 'Energy-distance', NUM, 0.1, 'gt', (p) => {
    const { ref, cur } = numbersOf(p, 'ed');
    return energyDistance(ref, cur);
  }),
  mannw: method('mannw', 'Mann-Whitney U-rank test', NUM, 0.05, 'lt', (p) => {
    const { ref, cur } = numbersOf(p, 'mannw');
    return mannWhitneyU(ref, cur, { alternative: 'less' }).pvalue;
  }),
  anderson: method('anderson', 'Anderson-Darling', NUM, 0.1, 'lt', (p) => {
    const { ref, cur } = numbersOf(p, 'anderson');
    return andersonKSamp([ref, cur]).pvalue;
  }),
  cramer_von_mises: method('cramer_von_mises', 'Cramer-von Mises', NUM, 0.1, 'lte', (p) => {
    const { ref, cur } = numbersOf(p, 'cramer_von_mises');
    return cramerVonMises2Samp(ref, cur).pvalue;
  }),
  fisher_exact: method('fisher_exact', "Fisher's Exact test", CAT, 0.1, 'lt', fisher),
  g_test: method('g_test', 'g_test', CAT, 0.1, 'lt', (p) => {
    const { ref, cur } = p.counts();
    return gTest(cur, ref).pvalue;
  }),
  es: method('es', 'Epps-Singleton', NUM, 0.05, 'lt', (p) => {
    const { ref, cur } = numbersOf(p, 'es');
    const pooled = new Float64Array(ref.length + cur.length);
    pooled.set(ref);
    pooled.set(cur, ref.length);
    if (iqr(pooled) === 0) throw new DriftMethodError(p.name, 'es', 'a non-zero interquartile range of the pooled data', 0);
    return eppsSingleton2Samp(ref, cur).pvalue;
  }),
  t_test: method('t_test', 't_test', NUM, 0.05, 'lt', (p) => {
    const { ref, cur } = numbersOf(p, 't_test');
    return tTestInd(ref, cur).pvalue;
  }),
  TVD: method('TVD', 'Total-Variation-Distance', CAT, 0.1, 'lt', tvdPermutation),
  empirical_mmd: method('empirical_mmd', 'empirical_mmd', NUM, 0.1, 'lt', empiricalMmd),
});

/** Evidently `_get_default_stattest` (§1.4) for a cleaned pair: by reference size, type and distinct values of both samples. */
export function defaultDriftMethod(pair: DriftPair): DriftMethod {
  const nValues = pair.distinctUpTo(5, 'both');
  const m = DRIFT_METHODS;
  if (pair.nRef <= 1000) {
    if (pair.kind === 'numerical') return (nValues <= 2 ? m.z : nValues <= 5 ? m.chisquare : m.ks) as DriftMethod;
    return (nValues > 2 ? m.chisquare : m.z) as DriftMethod;
  }
  if (pair.kind === 'numerical') return (nValues <= 5 ? m.jensenshannon : m.wasserstein) as DriftMethod;
  return m.jensenshannon as DriftMethod;
}

/** The method registered under `name` for a column of `kind`, or a DriftMethodError naming the column. */
export function resolveDriftMethod(name: string, kind: DriftKind, column: string): DriftMethod {
  const found = Object.hasOwn(DRIFT_METHODS, name) ? DRIFT_METHODS[name] : undefined;
  if (found === undefined) throw new DriftMethodError(column, name, `one of ${Object.keys(DRIFT_METHODS).join(', ')}`, name);
  if (!found.types.includes(kind)) throw new DriftMethodError(column, name, `a column of type ${found.types.join(' or ')}`, kind);
  return found;
}
