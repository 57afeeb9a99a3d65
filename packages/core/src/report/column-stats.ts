// Per-column summary statistics for the quality preset, with Evidently's legacy column summary
// semantics (pandas `describe`, `nunique`, `value_counts(dropna=False)`) and its constant rules.

import { mean, quantile, sortedCopy, std } from '@vigil/stats';
import type { ColumnStats } from './report-model.js';
import type { Cell, ColumnType } from './table.js';

/** A category as a Map key: numbers, strings and booleans stay distinct (1, "1" and true differ). */
export type Category = string | number | boolean;

/** A column's statistics plus what the reference-vs-current rules need. */
export interface ColumnDigest {
  readonly stats: ColumnStats;
  /** Distinct non-missing values with their counts (categorical and boolean columns only). */
  readonly categories?: Map<Category, number>;
  /** Smallest and largest non-missing value (numerical columns with at least one value). */
  readonly min?: number;
  readonly max?: number;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Summarises one column. `numeric` is the column as numbers (NaN = missing) when the column type is
 * numerical; otherwise `cells` are counted as categories. Ties for the most common value go to the
 * smallest number or, for cells, to the value seen first (pandas leaves tie order unspecified).
 */
export function columnDigest(
  type: ColumnType,
  rows: number,
  numeric: Float64Array | undefined,
  cells: Float64Array | readonly Cell[],
  almostConstantThreshold: number,
): ColumnDigest {
  if (numeric !== undefined && type === 'numerical') return numericDigest(numeric, almostConstantThreshold);
  return categoryDigest(cells, rows, almostConstantThreshold);
}

function numericDigest(x: Float64Array, almostConstantThreshold: number): ColumnDigest {
  const rows = x.length;
  let count = 0;
  for (let i = 0; i < rows; i++) if (!Number.isNaN(x[i] as number)) count++;
  const values = new Float64Array(count);
  for (let i = 0, k = 0; i < rows; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) values[k++] = v;
  }
  const missing = rows - count;
  // One sort gives the distinct values, the mode and the quartiles.
  const s = sortedCopy(values);
  let unique = 0;
  let best = 0;
  let bestValue = Number.NaN;
  for (let i = 0; i < s.length;) {
    const v = s[i] as number;
    let j = i + 1;
    // -0 and +0 are one value for pandas; they sit next to each other after sorting.
    while (j < s.length && s[j] === v) j++;
    unique++;
    if (j - i > best) {
      best = j - i;
      bestValue = v === 0 ? 0 : v;
    }
    i = j;
  }
  const stats: ColumnStats = {
    ...common(rows, count, missing, unique, best, best >= missing ? bestValue : null, almostConstantThreshold),
    mean: count > 0 ? finiteOrNull(mean(values)) : null,
    std: count > 1 ? finiteOrNull(std(values, { ddof: 1 })) : null,
    min: count > 0 ? finiteOrNull(s[0] as number) : null,
    q25: null,
    median: null,
    q75: null,
    max: count > 0 ? finiteOrNull(s[count - 1] as number) : null,
  };
  if (count > 0) {
    const q = quantile(s, [0.25, 0.5, 0.75]);
    stats.q25 = finiteOrNull(q[0] as number);
    stats.median = finiteOrNull(q[1] as number);
    stats.q75 = finiteOrNull(q[2] as number);
  }
  if (count === 0) return { stats };
  return { stats, min: s[0] as number, max: s[count - 1] as number };
}

function categoryDigest(cells: Float64Array | readonly Cell[], rows: number, almostConstantThreshold: number): ColumnDigest {
  const counts = new Map<Category, number>();
  let missing = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as Cell;
    if (c === null || (typeof c === 'number' && Number.isNaN(c))) {
      missing++;
      continue;
    }
    const key = typeof c === 'number' && c === 0 ? 0 : c;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = 0;
  let bestValue: Category | null = null;
  for (const [k, n] of counts) {
    if (n > best) {
      best = n;
      bestValue = k;
    }
  }
  const count = rows - missing;
  return {
    stats: common(rows, count, missing, counts.size, best, best >= missing ? bestValue : null, almostConstantThreshold),
    categories: counts,
  };
}

function common(
  rows: number,
  count: number,
  missing: number,
  unique: number,
  best: number,
  mostCommon: Category | null,
  almostConstantThreshold: number,
): ColumnStats {
  const top = Math.max(best, missing);
  return {
    rows,
    count,
    missing,
    missingShare: rows === 0 ? 0 : missing / rows,
    unique,
    mostCommon,
    mostCommonShare: rows === 0 ? 0 : top / rows,
    constant: unique <= 1,
    // Evidently: value_counts().max() / rows — missing values are not a value here, and an empty
    // column (max of nothing is NaN) is never almost constant.
    almostConstant: rows > 0 && best > 0 && best / rows >= almostConstantThreshold,
  };
}
