// Turns a reference and a current sample into count vectors on the same bins, the input of the
// binned drift measures (PSI, Jensen–Shannon, KL, Hellinger, total variation).

import { InvalidArgumentError } from '../errors.js';
import type { NumericArray } from '../sample.js';
import { checkOption, cleanSample } from '../sample.js';
import { checkOptionKeys } from '../options.js';
import type { BinRule } from './histogram-bin-edges.js';
import { histogramBinEdges } from './histogram-bin-edges.js';
import { checkEdges, countInto } from './histogram.js';
import { quantileBinEdges } from './quantile-bin-edges.js';

export interface BinCountsOptions {
  /** A bin count, a NumPy rule name, or explicit edges (default 10 bins). */
  bins?: number | BinRule | NumericArray;
  /**
   * 'width' (default): equal-width edges by `histogramBinEdges`; 'quantile': edges at the
   * reference's quantiles (`quantileBinEdges`, needs a numeric `bins`).
   */
  strategy?: 'width' | 'quantile';
  /**
   * Which sample equal-width edges span: 'joint' (default; frouros' convention: the min..max of
   * both samples, so nothing falls outside) or 'reference'.
   */
  edgesFrom?: 'joint' | 'reference';
}

export interface BinCounts {
  readonly edges: Float64Array;
  readonly reference: Float64Array;
  readonly current: Float64Array;
  /** NaNs dropped from both samples together. */
  readonly nanDropped: number;
  /** Values outside the edges, counted into the first or last bin rather than lost. */
  readonly clipped: number;
}

/**
 * Counts `reference` and `current` on shared bins. NaNs are dropped and counted; values outside
 * the edges (possible with reference-derived or explicit edges) go to the nearest end bin, so each
 * count vector sums to its sample size and proportions stay comparable; `clipped` says how many.
 */
export function binCounts(reference: NumericArray, current: NumericArray, options: BinCountsOptions = {}): BinCounts {
  checkOptionKeys(options, ['bins', 'strategy', 'edgesFrom']);
  const strategy = checkOption(options.strategy ?? 'width', 'options.strategy', ['width', 'quantile'] as const);
  const edgesFrom = checkOption(options.edgesFrom ?? 'joint', 'options.edgesFrom', ['joint', 'reference'] as const);
  const bins = options.bins ?? 10;
  const ref = cleanSample(reference, 'reference');
  const cur = cleanSample(current, 'current');
  let edges: Float64Array;
  if (typeof bins === 'object') {
    edges = checkEdges(bins, 'options.bins');
  } else if (strategy === 'quantile') {
    if (typeof bins !== 'number') throw new InvalidArgumentError('options.bins', "a bin count with strategy 'quantile'", bins);
    edges = quantileBinEdges(ref.values, bins);
  } else if (edgesFrom === 'joint') {
    const joint = new Float64Array(ref.values.length + cur.values.length);
    joint.set(ref.values);
    joint.set(cur.values, ref.values.length);
    edges = histogramBinEdges(joint, bins);
  } else {
    edges = histogramBinEdges(ref.values, bins);
  }
  const k = edges.length - 1;
  const lo = edges[0] as number;
  const hi = edges[k] as number;
  let clipped = 0;
  const count = (v: Float64Array): Float64Array => {
    const c = new Float64Array(k);
    countInto(v, edges, c);
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (x < lo) {
        c[0]!++;
        clipped++;
      } else if (x > hi) {
        c[k - 1]!++;
        clipped++;
      }
    }
    return c;
  };
  const refCounts = count(ref.values);
  const curCounts = count(cur.values);
  return { edges, reference: refCounts, current: curCounts, nanDropped: ref.nanDropped + cur.nanDropped, clipped };
}
