// Reference and current distributions of one column, comparable bar by bar: numeric columns as
// shares on shared histogram edges (NumPy's 'doane' rule over both samples, as Evidently's plots),
// other columns as shares of their most frequent categories.

import { histogram, histogramBinEdges } from '@vigil/stats';
import type { Cell } from '../report/table.js';

export interface NumericDistribution {
  kind: 'numeric';
  /** Bin edges shared by both sides (length = bins + 1). */
  edges: number[];
  /** Share of each side's finite values in each bin. */
  reference: number[];
  current: number[];
}

export interface CategoricalDistribution {
  kind: 'categorical';
  /** Most frequent categories over both sides; the rest are summed into `otherLabel`. */
  categories: string[];
  reference: number[];
  current: number[];
  /** Present when some categories were folded into the last bar. */
  otherLabel?: string | undefined;
}

export type ColumnDistribution = NumericDistribution | CategoricalDistribution;

export interface ColumnDistributionOptions {
  /** At most this many bins (Doane's rule can ask for many on huge samples). Default 40. */
  maxBins?: number;
  /** At most this many category bars, the last being "other". Default 20. */
  maxCategories?: number;
  /** Draw category bars even for numbers (a 0/1 target, an integer code typed categorical). */
  asCategories?: boolean;
}

export function columnDistribution(
  reference: Float64Array | readonly Cell[],
  current: Float64Array | readonly Cell[],
  options: ColumnDistributionOptions = {},
): ColumnDistribution {
  const maxBins = options.maxBins ?? 40;
  const maxCategories = options.maxCategories ?? 20;
  if (!options.asCategories && reference instanceof Float64Array && current instanceof Float64Array) {
    const ref = finiteValues(reference);
    const cur = finiteValues(current);
    const both = new Float64Array(ref.length + cur.length);
    both.set(ref);
    both.set(cur, ref.length);
    if (both.length === 0) return { kind: 'numeric', edges: [], reference: [], current: [] };
    let edges = histogramBinEdges(both, 'doane');
    if (edges.length - 1 > maxBins) edges = histogramBinEdges(both, maxBins);
    return { kind: 'numeric', edges: [...edges], reference: shares(histogram(ref, edges), ref.length), current: shares(histogram(cur, edges), cur.length) };
  }
  return categorical(reference, current, maxCategories);
}

function finiteValues(values: Float64Array): Float64Array {
  let k = 0;
  const out = new Float64Array(values.length);
  for (const value of values) if (Number.isFinite(value)) out[k++] = value;
  return out.slice(0, k);
}

function shares(counts: Float64Array, total: number): number[] {
  return [...counts].map((count) => (total > 0 ? count / total : 0));
}

function categorical(reference: Float64Array | readonly Cell[], current: Float64Array | readonly Cell[], maxCategories: number): CategoricalDistribution {
  const refCounts = countCategories(reference);
  const curCounts = countCategories(current);
  const refTotal = total(refCounts);
  const curTotal = total(curCounts);
  const all = new Set([...refCounts.keys(), ...curCounts.keys()]);
  const ranked = [...all].sort(
    (a, b) => (refCounts.get(b) ?? 0) + (curCounts.get(b) ?? 0) - ((refCounts.get(a) ?? 0) + (curCounts.get(a) ?? 0)) || a.localeCompare(b),
  );
  const shown = ranked.length > maxCategories ? ranked.slice(0, maxCategories - 1) : ranked;
  const share = (counts: Map<string, number>, sum: number, key: string): number => (sum > 0 ? (counts.get(key) ?? 0) / sum : 0);
  const result: CategoricalDistribution = {
    kind: 'categorical',
    categories: [...shown],
    reference: shown.map((key) => share(refCounts, refTotal, key)),
    current: shown.map((key) => share(curCounts, curTotal, key)),
  };
  if (shown.length < ranked.length) {
    const otherLabel = `other (${ranked.length - shown.length})`;
    const shownSet = new Set(shown);
    const rest = (counts: Map<string, number>, sum: number): number => {
      let restCount = 0;
      for (const [key, count] of counts) if (!shownSet.has(key)) restCount += count;
      return sum > 0 ? restCount / sum : 0;
    };
    result.categories.push(otherLabel);
    result.reference.push(rest(refCounts, refTotal));
    result.current.push(rest(curCounts, curTotal));
    result.otherLabel = otherLabel;
  }
  return result;
}

/** Counts of non-missing values by their text, so 1 and '1' share a bar as they would on a chart axis. */
function countCategories(values: Float64Array | readonly Cell[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}
