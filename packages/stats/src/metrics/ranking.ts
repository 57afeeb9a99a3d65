// Ranking metrics: scikit-learn 1.2's DCG / NDCG over graded relevance matrices, and the
// recommender metrics over ranked item lists (MAP@k, MRR, hit rate, precision@k, recall@k).

import { EmptySampleError, InvalidArgumentError } from '../errors.js';
import { pairwiseSum } from '../numeric/pairwise-sum.js';
import { checkOptionKeys } from '../options.js';
import { checkSameLength } from '../sample.js';
import type { Label } from './labels.js';
import { normalizeLabel } from './labels.js';
import type { ScoreMatrix } from './scores.js';
import { checkScoreMatrix } from './scores.js';
import { checkSampleWeight, npAverage } from './sample-weight.js';

export interface DcgOptions {
  /** Only the top k positions count (default all). */
  k?: number;
  /** Base of the logarithmic discount (default 2). */
  logBase?: number;
  sampleWeight?: ArrayLike<number>;
  /** Skip sklearn's averaging over tied scores (faster; ties then rank in an arbitrary order). */
  ignoreTies?: boolean;
}

function discounts(cols: number, k: number | undefined, logBase: number): Float64Array {
  const d = new Float64Array(cols);
  const lb = Math.log(logBase);
  for (let i = 0; i < cols; i++) d[i] = k !== undefined && i >= k ? 0 : 1 / (Math.log(i + 2) / lb);
  return d;
}

/** DCG of one query: gains ranked by score; ties share the mean gain over their positions. */
function dcgRow(gain: Float64Array, score: Float64Array, disc: Float64Array, ignoreTies: boolean): number {
  const n = gain.length;
  // Descending by score; NumPy's reversed argsort puts later items first among ties.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const sa = score[a] as number;
    const sb = score[b] as number;
    return sa > sb ? -1 : sa < sb ? 1 : b - a;
  });
  if (ignoreTies) {
    let s = 0;
    for (let r = 0; r < n; r++) s += (disc[r] as number) * (gain[order[r] as number] as number);
    return s;
  }
  const cum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cum[i] = acc += disc[i] as number;
  const terms: number[] = [];
  let prevEnd = -1;
  let r = 0;
  while (r < n) {
    let e = r;
    let g = 0;
    const sr = score[order[r] as number] as number;
    while (e < n && score[order[e] as number] === sr) e++;
    // np.add.at adds each group's gains in sample order.
    const members = order.slice(r, e).sort((a, b) => a - b);
    for (const i of members) g += gain[i] as number;
    const mean = g / (e - r);
    const dsum = prevEnd < 0 ? (cum[e - 1] as number) : (cum[e - 1] as number) - (cum[prevEnd] as number);
    terms.push(mean * dsum);
    prevEnd = e - 1;
    r = e;
  }
  return pairwiseSum(terms);
}

function checkRanking(yTrue: unknown, yScore: unknown, options: DcgOptions, allowed: readonly string[]) {
  checkOptionKeys(options, allowed);
  const t = checkScoreMatrix(yTrue, 'yTrue');
  const s = checkScoreMatrix(yScore, 'yScore');
  if (t.rows !== s.rows || t.cols !== s.cols) throw new InvalidArgumentError('yScore', `a ${t.rows} × ${t.cols} matrix like yTrue`, `${s.rows} × ${s.cols}`);
  if (t.cols < 2) throw new InvalidArgumentError('yTrue', 'at least two items per query (sklearn needs a multi-output target)', t.cols);
  const { k, ignoreTies = false } = options;
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) throw new InvalidArgumentError('k', 'a positive integer', k);
  if (typeof ignoreTies !== 'boolean') throw new InvalidArgumentError('ignoreTies', 'a boolean', ignoreTies);
  const w = checkSampleWeight(options.sampleWeight, t.rows);
  return { t, s, k, ignoreTies, w };
}

function row(m: ScoreMatrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** scikit-learn `dcg_score` (1.2): Σ gain / log_base(rank + 1), averaged over queries (rows). */
export function dcgScore(yTrue: readonly (readonly number[])[], yScore: readonly (readonly number[])[], options: DcgOptions = {}): number {
  const { t, s, k, ignoreTies, w } = checkRanking(yTrue, yScore, options, ['k', 'logBase', 'sampleWeight', 'ignoreTies']);
  const { logBase = 2 } = options;
  if (typeof logBase !== 'number' || !(logBase > 0) || logBase === 1) throw new InvalidArgumentError('logBase', 'a positive number other than 1', logBase);
  const disc = discounts(t.cols, k, logBase);
  const scores = new Float64Array(t.rows);
  for (let i = 0; i < t.rows; i++) scores[i] = dcgRow(row(t, i), row(s, i), disc, ignoreTies);
  return npAverage(scores, w);
}

export type NdcgOptions = Omit<DcgOptions, 'logBase'>;

/**
 * scikit-learn `ndcg_score` (1.2): DCG over the ideal DCG per query (0 when every gain is 0),
 * averaged over queries. Tied scores share their positions' mean gain unless `ignoreTies`.
 */
export function ndcgScore(yTrue: readonly (readonly number[])[], yScore: readonly (readonly number[])[], options: NdcgOptions = {}): number {
  const { t, s, k, ignoreTies, w } = checkRanking(yTrue, yScore, options, ['k', 'sampleWeight', 'ignoreTies']);
  const disc = discounts(t.cols, k, 2);
  const scores = new Float64Array(t.rows);
  for (let i = 0; i < t.rows; i++) {
    const g = row(t, i);
    const ideal = dcgRow(g, g, disc, true);
    scores[i] = ideal === 0 ? 0 : dcgRow(g, row(s, i), disc, ignoreTies) / ideal;
  }
  return npAverage(scores, w);
}

export interface AtKOptions {
  /** Cut-off: only the first k recommended items count (default 10). */
  k?: number;
}

/** Per query: relevant ids as a set, recommended ids in order (first occurrences, top k). */
function checkLists(relevant: unknown, ranked: unknown, k: unknown) {
  if (!Array.isArray(relevant)) throw new InvalidArgumentError('relevant', 'an array (one list of relevant ids per query)', relevant);
  if (!Array.isArray(ranked)) throw new InvalidArgumentError('ranked', 'an array (one ranked list of ids per query)', ranked);
  if (relevant.length === 0) throw new EmptySampleError('relevant');
  checkSameLength(ranked, 'ranked', relevant, 'relevant');
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new InvalidArgumentError('k', 'a positive integer', k);
  const queries: { rel: Set<string | number>; top: (string | number)[]; topHits: boolean[] }[] = [];
  for (let q = 0; q < relevant.length; q++) {
    const r: unknown = relevant[q];
    const p: unknown = ranked[q];
    if (!Array.isArray(r)) throw new InvalidArgumentError(`relevant[${q}]`, 'an array of item ids', r);
    if (!Array.isArray(p)) throw new InvalidArgumentError(`ranked[${q}]`, 'an array of item ids', p);
    const rel = new Set(r.map((v: Label, i) => normalizeLabel(v, `relevant[${q}][${i}]`)));
    const top = p.slice(0, k).map((v: Label, i) => normalizeLabel(v, `ranked[${q}][${i}]`));
    const seen = new Set<string | number>();
    // A repeated id counts once, at its first position (as ml_metrics' apk).
    const topHits = top.map((v) => {
      const hit = rel.has(v) && !seen.has(v);
      seen.add(v);
      return hit;
    });
    queries.push({ rel, top, topHits });
  }
  return queries;
}

/**
 * Mean average precision at k (no sklearn function; `ml_metrics.mapk`): per query
 * AP@k = Σ_{i≤k} P@i · rel_i / min(|relevant|, k), where rel_i is 1 when the i-th recommendation is
 * relevant and not a repeat, P@i the fraction of such hits in the first i; 0 for a query without
 * relevant items. Averaged over queries.
 */
export function meanAveragePrecisionAtK(relevant: readonly (readonly Label[])[], ranked: readonly (readonly Label[])[], options: AtKOptions = {}): number {
  checkOptionKeys(options, ['k']);
  const { k = 10 } = options;
  const qs = checkLists(relevant, ranked, k);
  const ap = new Float64Array(qs.length);
  qs.forEach((q, j) => {
    if (q.rel.size === 0) return;
    let hits = 0;
    let score = 0;
    q.topHits.forEach((h, i) => {
      if (!h) return;
      hits += 1;
      score += hits / (i + 1);
    });
    ap[j] = score / Math.min(q.rel.size, k);
  });
  return npAverage(ap);
}

/** Mean reciprocal rank (no sklearn function): mean over queries of 1 / (rank of the first relevant item in the top k), 0 if none. */
export function meanReciprocalRank(relevant: readonly (readonly Label[])[], ranked: readonly (readonly Label[])[], options: AtKOptions = {}): number {
  checkOptionKeys(options, ['k']);
  const { k = Number.MAX_SAFE_INTEGER } = options;
  const qs = checkLists(relevant, ranked, k);
  return npAverage(
    Float64Array.from(qs, (q) => {
      const i = q.topHits.indexOf(true);
      return i < 0 ? 0 : 1 / (i + 1);
    }),
  );
}

/** Hit rate at k (no sklearn function): the fraction of queries with at least one relevant item in the top k. */
export function hitRateAtK(relevant: readonly (readonly Label[])[], ranked: readonly (readonly Label[])[], options: AtKOptions = {}): number {
  checkOptionKeys(options, ['k']);
  const { k = 10 } = options;
  const qs = checkLists(relevant, ranked, k);
  return npAverage(Float64Array.from(qs, (q) => (q.topHits.includes(true) ? 1 : 0)));
}

/**
 * Precision at k (no sklearn function): per query, distinct relevant items in the top k divided
 * by k (a list shorter than k is not given credit for its missing slots); averaged over queries.
 */
export function precisionAtK(relevant: readonly (readonly Label[])[], ranked: readonly (readonly Label[])[], options: AtKOptions = {}): number {
  checkOptionKeys(options, ['k']);
  const { k = 10 } = options;
  const qs = checkLists(relevant, ranked, k);
  return npAverage(Float64Array.from(qs, (q) => q.topHits.filter(Boolean).length / k));
}

/**
 * Recall at k (no sklearn function): per query, distinct relevant items in the top k divided by
 * the number of relevant items (0 for a query without relevant items); averaged over queries.
 */
export function recallAtK(relevant: readonly (readonly Label[])[], ranked: readonly (readonly Label[])[], options: AtKOptions = {}): number {
  checkOptionKeys(options, ['k']);
  const { k = 10 } = options;
  const qs = checkLists(relevant, ranked, k);
  return npAverage(Float64Array.from(qs, (q) => (q.rel.size === 0 ? 0 : q.topHits.filter(Boolean).length / q.rel.size)));
}
