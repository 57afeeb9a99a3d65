// Histogram bin edges as NumPy computes them: a bin count or a named width rule, equal-width
// edges from NumPy's `linspace`, and NumPy's widening of a constant sample to ±0.5.

import { InvalidArgumentError } from '../errors.js';
import { checkOptionKeys } from '../options.js';
import type { NumericArray } from '../sample.js';
import { checkOption, sampleValues } from '../sample.js';
import { sortInPlace } from '../sort.js';
import { quantileSorted } from '../descriptive/quantile.js';
import { countInto } from './histogram.js';
import { linspace } from './linspace.js';

export const BIN_RULES = ['auto', 'sturges', 'doane', 'fd', 'scott', 'rice', 'sqrt', 'stone'] as const;

/** NumPy's named bin-width estimators (`np.histogram_bin_edges(bins=...)`). */
export type BinRule = (typeof BIN_RULES)[number];

export interface HistogramBinEdgesOptions {
  /** Lower and upper edge; NumPy `range`. Default: the sample's min and max. With a rule, values outside are ignored. */
  range?: readonly [number, number];
}

// Population standard deviation, two-pass as `np.std`.
function populationStd(s: Float64Array): number {
  const n = s.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i] as number;
  const mu = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (s[i] as number) - mu;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

// Bin width of each rule on the range-trimmed, non-empty sample `s` (NumPy's `_hist_bin_*`).
// Only the rules that need quartiles ('fd', 'auto') pay for a sort.
function ruleWidth(rule: BinRule, s: Float64Array, first: number, last: number): number {
  const n = s.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = s[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const ptp = max - min;
  const sturges = (): number => ptp / (Math.log2(n) + 1);
  const fd = (): number => {
    const sorted = sortInPlace(s.slice());
    return 2 * (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) * n ** (-1 / 3);
  };
  switch (rule) {
    case 'sqrt':
      return ptp / Math.sqrt(n);
    case 'sturges':
      return sturges();
    case 'rice':
      return ptp / (2 * n ** (1 / 3));
    case 'scott':
      return ((24 * Math.PI ** 0.5) / n) ** (1 / 3) * populationStd(s);
    case 'fd':
      return fd();
    case 'auto': {
      const f = fd();
      const st = sturges();
      return f ? Math.min(f, st) : st;
    }
    case 'doane': {
      if (n <= 2) return 0;
      const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)));
      const sigma = populationStd(s);
      if (!(sigma > 0)) return 0;
      let mu = 0;
      for (let i = 0; i < n; i++) mu += s[i] as number;
      mu /= n;
      let g = 0;
      for (let i = 0; i < n; i++) {
        const t = ((s[i] as number) - mu) / sigma;
        g += t * t * t;
      }
      const g1 = g / n;
      return ptp / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
    }
    case 'stone': {
      if (n <= 1 || ptp === 0) return 0;
      // Minimise Stone's leave-one-out risk estimate over 1..max(100, ⌊√n⌋) equal-width bins on [first, last].
      const upper = Math.max(100, Math.floor(Math.sqrt(n)));
      let best = 1;
      let bestRisk = Infinity;
      for (let k = 1; k <= upper; k++) {
        const counts = new Float64Array(k);
        countInto(s, linspace(first, last, k + 1), counts);
        let dot = 0;
        for (let i = 0; i < k; i++) {
          const p = (counts[i] as number) / n;
          dot += p * p;
        }
        const risk = (2 - (n + 1) * dot) / (ptp / k);
        if (risk < bestRisk) {
          bestRisk = risk;
          best = k;
        }
      }
      return ptp / best;
    }
  }
}

/**
 * NumPy `np.histogram_bin_edges(x, bins, range)` (1.24): `bins` equal-width bins, or the number a
 * rule picks ('auto', 'sturges', 'doane', 'fd', 'scott', 'rice', 'sqrt', 'stone'); edges from
 * NumPy's `linspace`, so they match bit for bit. A constant sample (or an empty range) spans
 * value ± 0.5; a rule that gives zero width (constant data, zero IQR) gives one bin, as NumPy.
 * NaN or ±Infinity in `x` throws (NumPy cannot autodetect a range either).
 */
export function histogramBinEdges(x: NumericArray, bins: number | BinRule = 10, options: HistogramBinEdgesOptions = {}): Float64Array {
  checkOptionKeys(options, ['range']);
  const values = sampleValues(x, 'x', { min: 0, finite: true });
  let first: number;
  let last: number;
  if (options.range !== undefined) {
    const r = options.range;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new InvalidArgumentError('options.range', 'two finite numbers [lower, upper]', r);
    }
    [first, last] = r as [number, number];
    if (first > last) throw new InvalidArgumentError('options.range', 'lower ≤ upper', `[${first}, ${last}]`);
  } else if (values.length === 0) {
    first = 0;
    last = 1;
  } else {
    first = Infinity;
    last = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < first) first = v;
      if (v > last) last = v;
    }
  }
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let nBins: number;
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) throw new InvalidArgumentError('bins', 'a positive integer or a rule name', bins);
    nBins = bins;
  } else {
    const rule = checkOption(bins, 'bins', BIN_RULES);
    let s = values;
    if (options.range !== undefined) s = values.filter((v) => v >= first && v <= last);
    if (s.length === 0) nBins = 1;
    else {
      const width = ruleWidth(rule, s, first, last);
      nBins = width ? Math.ceil((last - first) / width) : 1;
    }
  }
  return linspace(first, last, nBins + 1);
}
