// Multivariate drift by a domain classifier: can a model tell current rows from reference rows?
// An ROC AUC near 0.5 says no; drift when it exceeds 0.55 (Evidently's threshold for its
// classifier-based embedding drift). The classifier is Vigil's own, stated in the result: a linear
// model (modified-Huber loss, L1, scikit-learn's SGD as in text drift) over one-hot encodings fitted
// on the reference: the decile bin of each numerical value and each frequent category, missing
// values apart. Bins let a linear model see changes of shape and spread, not only of the mean;
// changes in how features move together are the PCA reconstruction error's part.

import { rocAucScore } from '@vigil/stats';
import { DriftMethodError } from './drift-errors.js';
import { NumpyRandomState } from './numpy-random.js';
import { requireColumn } from './preset-columns.js';
import type { DomainClassifierSection } from './report-model.js';
import type { Cell, ColumnType, Table, TableColumn } from './table.js';
import { decisionValue, sgdModifiedHuberL1 } from './text-drift.js';
import type { SparseRow } from './text-drift.js';

export interface DomainClassifierOptions {
  /** Columns to use, with their types (numerical, categorical or boolean; others are skipped). */
  columns: readonly string[];
  types: Record<string, ColumnType>;
  /** Rows drawn from each side at most (seeded), to bound the cost on large files. Default 20 000. */
  maxRowsPerSide?: number;
  /** AUC above which the data set drifted. Default 0.55. */
  threshold?: number;
}

export const DOMAIN_CLASSIFIER_DESCRIPTION =
  'linear classifier (modified Huber loss, L1 penalty, SGD as scikit-learn) on one-hot reference deciles of numerical columns and reference categories, trained on a random half of the rows, ROC AUC on the other half';

const BINS = 10;
const MAX_CATEGORIES = 50;

/** Maps one column's cells to a feature index, given the first index the column may use. */
interface ColumnEncoder {
  name: string;
  width: number;
  encode(values: TableColumn['values'], row: number): number;
}

function numericEncoder(name: string, values: TableColumn['values']): ColumnEncoder {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Cell | number;
    if (typeof v === 'number' && Number.isFinite(v)) finite.push(v);
  }
  finite.sort((a, b) => a - b);
  const edges: number[] = [];
  for (let b = 1; b < BINS; b++) {
    if (finite.length === 0) break;
    const e = finite[Math.min(finite.length - 1, Math.floor((b * finite.length) / BINS))] as number;
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  // Bins 0..edges.length, then one feature for a missing value.
  return {
    name,
    width: edges.length + 2,
    encode(vs, row) {
      const v = vs[row] as Cell | number;
      if (typeof v !== 'number' || !Number.isFinite(v)) return edges.length + 1;
      let lo = 0;
      let hi = edges.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((edges[mid] as number) <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

function categoryKey(v: Cell | number): string | null {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return null;
  return `${typeof v}:${String(v)}`;
}

function categoricalEncoder(name: string, values: TableColumn['values']): ColumnEncoder {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const k = categoryKey(values[i] as Cell | number);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const kept = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES);
  const index = new Map(kept.map(([k], i) => [k, i]));
  // Kept categories, then "other", then missing.
  return {
    name,
    width: kept.length + 2,
    encode(vs, row) {
      const k = categoryKey(vs[row] as Cell | number);
      if (k === null) return kept.length + 1;
      return index.get(k) ?? kept.length;
    },
  };
}

/** `n` row numbers of 0..size−1 in random order (all of them when size ≤ n). */
function sampleRows(size: number, n: number, rs: NumpyRandomState): Uint32Array {
  const perm = rs.permutation(size);
  return size <= n ? perm : perm.subarray(0, n);
}

export function domainClassifierDrift(reference: Table, current: Table, options: DomainClassifierOptions): DomainClassifierSection {
  const maxRows = options.maxRowsPerSide ?? 20_000;
  const threshold = options.threshold ?? 0.55;
  const names = options.columns.filter((n) => ['numerical', 'categorical', 'boolean'].includes(options.types[n] ?? ''));
  if (names.length === 0) throw new DriftMethodError('*', 'domain-classifier', 'at least one numerical or categorical column', 0);
  if (reference.rowCount < 2 || current.rowCount < 2)
    throw new DriftMethodError('*', 'domain-classifier', 'at least two rows on each side', Math.min(reference.rowCount, current.rowCount));
  const encoders: { encoder: ColumnEncoder; offset: number; ref: TableColumn['values']; cur: TableColumn['values'] }[] = [];
  let width = 0;
  for (const name of names) {
    const ref = requireColumn(reference, name, 'multivariate').values;
    const cur = requireColumn(current, name, 'multivariate').values;
    const encoder = options.types[name] === 'numerical' ? numericEncoder(name, ref) : categoricalEncoder(name, ref);
    encoders.push({ encoder, offset: width, ref, cur });
    width += encoder.width;
  }
  const rs = new NumpyRandomState(7);
  const refRows = sampleRows(reference.rowCount, maxRows, rs);
  const curRows = sampleRows(current.rowCount, maxRows, rs);
  // Every row has one active feature per column, scaled to unit length as TF-IDF rows are.
  const value = 1 / Math.sqrt(encoders.length);
  const rowOf = (side: 'ref' | 'cur', row: number): SparseRow => {
    const indices = new Int32Array(encoders.length);
    encoders.forEach((e, j) => {
      indices[j] = e.offset + e.encoder.encode(side === 'ref' ? e.ref : e.cur, row);
    });
    return { indices, values: new Float64Array(encoders.length).fill(value) };
  };
  const rows = [...Array.from(refRows, (r) => rowOf('ref', r)), ...Array.from(curRows, (r) => rowOf('cur', r))];
  const labels = Float64Array.from(rows, (_, i) => (i < refRows.length ? -1 : 1));
  const split = new NumpyRandomState(42).permutation(rows.length);
  const nTest = Math.ceil(rows.length / 2);
  const test = split.subarray(0, nTest);
  const train = split.subarray(nTest);
  const model = sgdModifiedHuberL1(
    Array.from(train, (i) => rows[i] as SparseRow),
    Array.from(train, (i) => labels[i] as number),
    width,
    new NumpyRandomState(42).randint(1, 2147483647),
  );
  // Ranked by the decision value itself: clipped probabilities would tie the most telling rows.
  const decision = Float64Array.from(test, (i) => decisionValue(model, rows[i] as SparseRow));
  const testLabels = Uint8Array.from(test, (i) => (labels[i] === 1 ? 1 : 0));
  if (testLabels.every((y) => y === testLabels[0]))
    throw new DriftMethodError('*', 'domain-classifier', 'rows of both sides in the test half', 'one side only');
  const auc = rocAucScore(testLabels, decision);
  const importance = encoders.map((e) => {
    let s = 0;
    for (let k = 0; k < e.encoder.width; k++) s += Math.abs(model.weights[e.offset + k] as number);
    return { column: e.encoder.name, weight: s };
  });
  importance.sort((a, b) => b.weight - a.weight || (a.column < b.column ? -1 : 1));
  return {
    classifier: DOMAIN_CLASSIFIER_DESCRIPTION,
    auc,
    threshold,
    drifted: auc > threshold,
    trainRows: train.length,
    testRows: test.length,
    columns: names,
    topColumns: importance.slice(0, 5).filter((c) => c.weight > 0),
  };
}
