// Counting a sample into bins given by their edges, with NumPy's `np.histogram` conventions.

import { InvalidArgumentError } from '../errors.js';
import { upperBound } from '../numeric/search-sorted.js';
import type { NumericArray } from '../sample.js';
import { sampleValues } from '../sample.js';

/** Checks that `edges` has at least two finite, non-decreasing values (NumPy's requirement). */
export function checkEdges(edges: NumericArray, name = 'edges'): Float64Array {
  const e = sampleValues(edges, name, { min: 2, finite: true });
  for (let i = 1; i < e.length; i++) {
    if ((e[i] as number) < (e[i - 1] as number))
      throw new InvalidArgumentError(`${name}[${i}]`, `a value ≥ ${name}[${i - 1}] (edges must increase monotonically)`, e[i]);
  }
  return e;
}

/**
 * Adds the bin counts of `values` into `counts` (length edges.length − 1) with NumPy's rule:
 * bin i holds edges[i] ≤ v < edges[i+1], the last bin is closed on the right, values outside
 * [edges[0], edges[last]] are left out. Returns how many were left out. `values` must be NaN-free.
 */
export function countInto(values: Float64Array, e: Float64Array, counts: Float64Array): number {
  const k = e.length - 1;
  const lo = e[0] as number;
  const hi = e[k] as number;
  // Most edges are (nearly) uniform: guess the bin arithmetically, then correct it against the
  // real edges, so the answer is the exact comparison NumPy makes; fall back to bisection.
  // A span so narrow (subnormal) that k / span overflows gives no usable guess: bisect instead.
  const span = hi - lo;
  const norm = span > 0 && Number.isFinite(k / span) ? k / span : 0;
  let outside = 0;
  for (let j = 0; j < values.length; j++) {
    const v = values[j] as number;
    if (v < lo || v > hi) {
      outside++;
      continue;
    }
    if (v === hi) {
      counts[k - 1]!++;
      continue;
    }
    let i = Math.floor((v - lo) * norm);
    if (i > k - 1) i = k - 1;
    else if (i < 0) i = 0;
    if (v < (e[i] as number)) {
      i--;
      if (i >= 0 && v < (e[i] as number)) i = upperBound(e, v) - 1;
    } else if (v >= (e[i + 1] as number)) {
      i++;
      if (v >= (e[i + 1] as number)) i = upperBound(e, v) - 1;
    }
    counts[i]!++;
  }
  return outside;
}

/**
 * NumPy `np.histogram(x, bins=edges)[0]` (1.24): counts per bin, bins half-open [eᵢ, eᵢ₊₁) and the
 * last one closed, values outside the edges ignored. Edges must be finite and non-decreasing.
 * NaN in `x` throws (`x[i]`) — NumPy silently skips it, and counts cannot report a dropped number.
 */
export function histogram(x: NumericArray, edges: NumericArray): Float64Array {
  const e = checkEdges(edges);
  const values = sampleValues(x, 'x', { min: 0 });
  const counts = new Float64Array(e.length - 1);
  countInto(values, e, counts);
  return counts;
}
