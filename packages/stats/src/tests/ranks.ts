// Midranks (SciPy `rankdata(method='average')`) and the tie term Σ(t³ − t) that rank tests
// need for their variance corrections; both work from a sorted copy, never an index sort.

import { lowerBound, upperBound } from '../numeric/search-sorted.js';
import { sortedCopy } from '../sort.js';

/** Midranks of a sample together with its tie structure. */
export interface Midranks {
  /** 1-based average ranks, in the order of the input. */
  readonly ranks: Float64Array;
  /** Σ (t³ − t) over groups of t equal values (0 when there are no ties). */
  readonly tieTerm: number;
}

/**
 * Average ranks of `x`, as SciPy `rankdata(x, method='average')` (1.10) returns them. `x` must hold
 * no NaN (see `cleanSample`). Each value's rank comes from binary searches in a sorted copy, which
 * is faster on large Float64Arrays than sorting an index array with a comparator.
 */
export function midranks(x: ArrayLike<number>): Midranks {
  const sorted = sortedCopy(x);
  const n = sorted.length;
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    const lo = lowerBound(sorted, v);
    const hi = upperBound(sorted, v);
    // Positions lo..hi-1 share the value, so their ranks lo+1..hi average to (lo + hi + 1) / 2.
    ranks[i] = (lo + hi + 1) / 2;
  }
  return { ranks, tieTerm: tieTermSorted(sorted) };
}

/** Σ (t³ − t) over runs of equal values in an ascending array. */
export function tieTermSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  let term = 0;
  let i = 0;
  while (i < n) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    const t = j - i;
    if (t > 1) term += t * t * t - t;
    i = j;
  }
  return term;
}
