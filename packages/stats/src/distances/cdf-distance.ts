// Distances between the empirical CDFs of two 1-D samples (SciPy's `_cdf_distance`): Wasserstein-1
// and energy distance, by one linear pass over the two sorted samples.

import { InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { checkSameLength, sampleValues } from '../sample.js';
import { argsort, sortFiniteInto, sortInPlace } from '../sort.js';

interface SortedDistribution {
  readonly values: Float64Array;
  /** Cumulative weights in sorted order, or null for unit weights. */
  readonly cumWeights: Float64Array | null;
  readonly total: number;
}

// Where the two samples of one call are sorted: reused across calls of this thread, since the sorted
// values live only until the call returns (a fresh 8 MB array per million values cost page faults).
const sortedScratch: Float64Array[] = [new Float64Array(0), new Float64Array(0)];

function scratchFor(side: 0 | 1, n: number): Float64Array {
  if ((sortedScratch[side] as Float64Array).length < n) sortedScratch[side] = new Float64Array(n);
  return (sortedScratch[side] as Float64Array).subarray(0, n);
}

function prepare(x: NumericArray, xName: string, w: NumericArray | undefined, wName: string, side: 0 | 1): SortedDistribution {
  // A Float64Array goes straight into the sort, which writes into this thread's scratch (no copy) and
  // checks finiteness in its first pass; a non-finite one takes the path below, which names the value.
  if (w === undefined && x instanceof Float64Array && x.length > 0) {
    const values = scratchFor(side, x.length);
    if (sortFiniteInto(x, values)) return { values, cumWeights: null, total: x.length };
  }
  const values = sampleValues(x, xName, { finite: true });
  // `values` is already a private copy: sort it in place.
  if (w === undefined) return { values: sortInPlace(values), cumWeights: null, total: values.length };
  const weights = sampleValues(w, wName, { min: 0, finite: true });
  checkSameLength(weights, wName, values, xName);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const wi = weights[i] as number;
    if (wi < 0) throw new InvalidArgumentError(`${wName}[${i}]`, 'a non-negative weight', wi);
    total += wi;
  }
  if (!(total > 0)) throw new InvalidArgumentError(wName, 'weights with a positive sum', total);
  const order = argsort(values);
  const sorted = new Float64Array(values.length);
  const cum = new Float64Array(values.length);
  let c = 0;
  for (let i = 0; i < order.length; i++) {
    const j = order[i] as number;
    sorted[i] = values[j] as number;
    c += weights[j] as number;
    cum[i] = c;
  }
  return { values: sorted, cumWeights: cum, total: c };
}

/**
 * ∫ |U(t) − V(t)|^p dt over the merged support (p = 1 or 2), as SciPy: between consecutive merged
 * values, each CDF is (number of its values ≤ t)/n or (its cumulative weight)/(total weight).
 */
function cdfIntegral(p: 1 | 2, u: SortedDistribution, v: SortedDistribution): number {
  const uv = u.values;
  const vv = v.values;
  const nu = uv.length;
  const nv = vv.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let comp = 0;
  let t = Math.min(uv[0] as number, vv[0] as number);
  while (i < nu || j < nv) {
    // Consume every value equal to t; the CDFs are then right-continuous values at t.
    while (i < nu && (uv[i] as number) === t) i++;
    while (j < nv && (vv[j] as number) === t) j++;
    if (i === nu && j === nv) break;
    const next = i === nu ? (vv[j] as number) : j === nv ? (uv[i] as number) : Math.min(uv[i] as number, vv[j] as number);
    const uc = u.cumWeights === null ? i / nu : (i === 0 ? 0 : (u.cumWeights[i - 1] as number)) / u.total;
    const vc = v.cumWeights === null ? j / nv : (j === 0 ? 0 : (v.cumWeights[j - 1] as number)) / v.total;
    const d = Math.abs(uc - vc);
    const term = (p === 1 ? d : d * d) * (next - t);
    // Neumaier compensation: at 10^6 terms a plain sum would drift from NumPy's pairwise sum.
    const s = sum + term;
    comp += sum >= term ? sum - s + term : term - s + sum;
    sum = s;
    t = next;
  }
  return sum + comp;
}

/**
 * SciPy `scipy.stats.wasserstein_distance(u, v, u_weights, v_weights)` (1.10): the 1-D earth mover's
 * distance ∫|U − V|. O(n log n): two radix sorts and one merge pass. Values and weights must be
 * finite — NaN or ±Infinity throws `InvalidArgumentError` naming the argument and index (a bare number
 * cannot report dropped values); weights must be non-negative with a positive sum.
 */
export function wassersteinDistance(u: NumericArray, v: NumericArray, uWeights?: NumericArray, vWeights?: NumericArray): number {
  const a = prepare(u, 'u', uWeights, 'uWeights', 0);
  const b = prepare(v, 'v', vWeights, 'vWeights', 1);
  return cdfIntegral(1, a, b);
}

/** A distribution already sorted: ascending values with cumulative weights (a sketch's sorted view). */
export interface SortedCdf {
  readonly values: Float64Array;
  /** cumWeights[i] = weight of values ≤ values[i]; non-decreasing, the last is the total. */
  readonly cumWeights: Float64Array;
}

function checkSortedCdf(d: SortedCdf, name: string): SortedDistribution {
  const n = d.values.length;
  if (n === 0) throw new InvalidArgumentError(`${name}.values`, 'at least one value', n);
  if (d.cumWeights.length !== n) throw new InvalidArgumentError(`${name}.cumWeights`, `${n} cumulative weights, one per value`, d.cumWeights.length);
  const total = d.cumWeights[n - 1] as number;
  if (!(total > 0) || !Number.isFinite(total)) throw new InvalidArgumentError(`${name}.cumWeights`, 'a finite positive total weight', total);
  return { values: d.values, cumWeights: d.cumWeights, total };
}

/**
 * `wassersteinDistance` of two weighted distributions given already sorted with cumulative weights,
 * as a KLL sketch's sorted view gives them: the same merge pass without the sorts, O(n + m).
 * The caller promises ascending, finite values (a sketch's view is).
 */
export function wassersteinDistanceSorted(u: SortedCdf, v: SortedCdf): number {
  return cdfIntegral(1, checkSortedCdf(u, 'u'), checkSortedCdf(v, 'v'));
}

/**
 * SciPy `scipy.stats.energy_distance(u, v, u_weights, v_weights)` (1.10): √2 · (∫(U − V)²)^½ =
 * (2E|X − Y| − E|X − X'| − E|Y − Y'|)^½. Same input rules and cost as `wassersteinDistance`.
 */
export function energyDistance(u: NumericArray, v: NumericArray, uWeights?: NumericArray, vWeights?: NumericArray): number {
  const a = prepare(u, 'u', uWeights, 'uWeights', 0);
  const b = prepare(v, 'v', vWeights, 'vWeights', 1);
  return Math.SQRT2 * Math.sqrt(cdfIntegral(2, a, b));
}
