// Bin edges at a reference sample's quantiles, for binned drift measures whose bins should each
// hold about the same share of the reference.

import { InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { sampleValues } from '../sample.js';
import { sortInPlace } from '../sort.js';
import { quantileSorted } from '../descriptive/quantile.js';
import { linspace } from './linspace.js';

/**
 * Edges at the quantiles k/nBins (k = 0..nBins) of `x`, NumPy's default 'linear' method, then
 * deduplicated — `np.unique(np.quantile(x, np.linspace(0, 1, nBins + 1)))`. Ties in `x` can merge
 * bins, so fewer than nBins bins may come back. The first edge is min(x) and the last max(x); a
 * constant sample gives NumPy's [c − 0.5, c + 0.5]. NaN or ±Infinity in `x` throws.
 */
export function quantileBinEdges(x: NumericArray, nBins: number): Float64Array {
  if (typeof nBins !== 'number' || !Number.isInteger(nBins) || nBins < 1) throw new InvalidArgumentError('nBins', 'a positive integer', nBins);
  const s = sortInPlace(sampleValues(x, 'x', { finite: true }));
  const qs = linspace(0, 1, nBins + 1);
  const out: number[] = [];
  for (let i = 0; i < qs.length; i++) {
    const v = quantileSorted(s, qs[i] as number);
    if (out.length === 0 || v !== out[out.length - 1]) out.push(v);
  }
  if (out.length === 1) return Float64Array.of((out[0] as number) - 0.5, (out[0] as number) + 0.5);
  return Float64Array.from(out);
}
