// The regression preset: scikit-learn error metrics (through @vigil/stats) of current and
// reference predictions, the error bias and its distribution, and Evidently's reference rules
// (each of MAE, RMSE, MAPE and R² within ±10 % of the reference).

import {
  InvalidArgumentError,
  histogram,
  histogramBinEdges,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanError,
  r2Score,
  rootMeanSquaredError,
  std,
} from '@vigil/stats';
import { numericValues, requireColumn } from './preset-columns.js';
import type { ColumnMapping, PresetCheck, RegressionMetrics, RegressionSection } from './report-model.js';
import type { Table } from './table.js';

export interface RegressionPresetOptions {
  /** `target` and `prediction` columns, both numeric. */
  mapping: ColumnMapping;
  /** Relative tolerance of the reference rules (Evidently's default tests: 0.1). */
  relativeTolerance?: number;
  /** Bins of the error histogram (default NumPy's 'sturges' rule on reference and current errors together). */
  bins?: number;
}

interface Pairs {
  t: Float64Array;
  p: Float64Array;
  dropped: number;
}

/** Rows with a finite target and prediction (Evidently drops NaN and ±inf rows before scoring). */
function readPairs(table: Table, mapping: ColumnMapping): Pairs {
  const t = numericValues(table, requireColumn(table, mapping.target as string, 'target'));
  const p = numericValues(table, requireColumn(table, mapping.prediction as string, 'prediction'));
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (Number.isFinite(t[i] as number) && Number.isFinite(p[i] as number)) keep.push(i);
  if (keep.length === 0) throw new InvalidArgumentError(`${table.source ?? 'table'}: target and prediction`, 'at least one row with both present');
  return { t: Float64Array.from(keep, (i) => t[i] as number), p: Float64Array.from(keep, (i) => p[i] as number), dropped: table.rowCount - keep.length };
}

function errors(d: Pairs): Float64Array {
  return d.p.map((p, i) => p - (d.t[i] as number));
}

function metrics(d: Pairs, edges: Float64Array): RegressionMetrics {
  const e = errors(d);
  return {
    rows: d.t.length,
    rowsDropped: d.dropped,
    mae: meanAbsoluteError(d.t, d.p),
    rmse: rootMeanSquaredError(d.t, d.p),
    mape: meanAbsolutePercentageError(d.t, d.p),
    r2: r2Score(d.t, d.p),
    meanError: meanError(d.t, d.p),
    errorStd: e.length > 1 ? std(e, { ddof: 1 }) : 0,
    absMaxError: maxError(d.t, d.p),
    errorHistogram: { edges: Array.from(edges), counts: Array.from(histogram(e, edges)) },
  };
}

/** Runs the regression preset on current data and, when given, the reference. */
export function regressionPreset(reference: Table | undefined, current: Table, options: RegressionPresetOptions): RegressionSection {
  const { mapping } = options;
  if (mapping.target === undefined || mapping.prediction === undefined) {
    throw new InvalidArgumentError('mapping', 'target and prediction columns for the regression preset');
  }
  const rel = options.relativeTolerance ?? 0.1;
  if (!(rel >= 0)) throw new InvalidArgumentError('relativeTolerance', 'a non-negative number', rel);
  const cur = readPairs(current, mapping);
  const ref = reference === undefined ? undefined : readPairs(reference, mapping);
  const all = ref === undefined ? errors(cur) : Float64Array.from([...errors(ref), ...errors(cur)]);
  const edges = histogramBinEdges(all, options.bins ?? 'sturges');
  const current_ = metrics(cur, edges);
  const checks: PresetCheck[] = [];
  let reference_: RegressionMetrics | undefined;
  if (ref !== undefined) {
    reference_ = metrics(ref, edges);
    for (const k of ['mae', 'rmse', 'mape', 'r2'] as const) {
      // Evidently's ApproxValue: tolerance max(|ref|·rel, 1e-12), inclusive on both sides.
      const tol = Math.max(Math.abs(reference_[k]) * rel, 1e-12);
      const lo = reference_[k] - tol;
      const hi = reference_[k] + tol;
      checks.push({ name: k, actual: current_[k], expected: `${reference_[k]} ± ${tol}`, passed: current_[k] >= lo && current_[k] <= hi });
    }
  }
  const section: RegressionSection = { current: current_, checks, passed: checks.every((c) => c.passed) };
  if (reference_ !== undefined) section.reference = reference_;
  return section;
}
