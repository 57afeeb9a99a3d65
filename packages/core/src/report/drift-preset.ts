// The drift preset: per-column drift with Evidently's default test selection, method and threshold
// precedence and cleaning, optional multiple-testing correction, and the dataset-level verdict.

import { StatsError, benjaminiHochberg, bonferroni, psiBand } from '@vigil/stats';
import { inferColumnTypes } from './column-types.js';
import { DriftMethodError, EmptyDriftColumnError } from './drift-errors.js';
import { DriftPair } from './drift-pair.js';
import type { DriftKey, DriftKind } from './drift-pair.js';
import { DRIFT_METHODS, defaultDriftMethod, isDrifted, resolveDriftMethod } from './drift-methods.js';
import type { DriftMethod, DriftRule } from './drift-methods.js';
import { numericValues, requireColumn } from './preset-columns.js';
import { textDriftScore } from './text-drift.js';
import type { ColumnMapping, DriftColumnResult, DriftSection } from './report-model.js';
import type { Cell, ColumnType, EncodedCells, Table, TableColumn } from './table.js';

export interface DriftPresetOptions {
  /** Roles by column name; target and prediction are tested too, id/timestamp/probabilities are not. */
  mapping?: ColumnMapping;
  /** Column types; default `inferColumnTypes(reference, mapping, current)`. */
  columnTypes?: Record<string, ColumnType>;
  /** Features to test (default every reference column that is numerical, categorical or boolean). */
  columns?: readonly string[];
  /** Method for every column (Evidently `method`); per type and per column override it. */
  method?: string;
  numMethod?: string;
  catMethod?: string;
  /** Method for text columns: `abs_text_content_drift` or `perc_text_content_drift` (Evidently `text_stattest`). */
  textMethod?: string;
  perColumnMethod?: Record<string, string>;
  /** Methods for the target by its type (Evidently `num/cat_target_stattest_func`), ahead of all others. */
  numTargetMethod?: string;
  catTargetMethod?: string;
  /** Threshold for every column; per type and per column override it; default each method's own. */
  threshold?: number;
  numThreshold?: number;
  catThreshold?: number;
  textThreshold?: number;
  perColumnThreshold?: Record<string, number>;
  /** Share of drifted columns at or above which the data set drifted (default 0.5, as Evidently). */
  driftShare?: number;
  /** Adjusts the p-values of p-value methods across columns before judging them (not in Evidently). */
  correction?: 'bonferroni' | 'bh';
}

function driftKind(type: ColumnType | undefined): DriftKind | undefined {
  if (type === 'numerical') return 'numerical';
  if (type === 'categorical' || type === 'boolean') return 'categorical';
  return undefined;
}

// Evidently's cleaning: ±inf become missing, missing values are dropped. Numbers stay a Float64Array.
function finiteNumbers(values: Float64Array): Float64Array {
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v === 0) k++;
  }
  if (k === values.length) return values;
  const out = new Float64Array(k);
  k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v === 0) out[k++] = v;
  }
  return out;
}

function cleanedSide(table: Table, column: TableColumn, kind: DriftKind): Float64Array | readonly DriftKey[] {
  if (kind === 'numerical' || column.values instanceof Float64Array) return finiteNumbers(numericValues(table, column));
  const cells = column.values as readonly Cell[];
  // One scan first: a column with nothing to drop and not all numbers is used as it is, uncopied.
  let dropped = 0;
  let numbers = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as Cell;
    if (c === null) dropped++;
    else if (typeof c === 'number') {
      if (c - c === 0) numbers++;
      else dropped++;
    }
  }
  if (dropped === 0 && numbers < cells.length) return cells as readonly DriftKey[];
  const kept = cells.length - dropped;
  if (numbers === kept) {
    const out = new Float64Array(kept);
    let k = 0;
    for (const c of cells) if (typeof c === 'number' && c - c === 0) out[k++] = c;
    return out;
  }
  const out: DriftKey[] = [];
  for (const c of cells) if (c !== null && !(typeof c === 'number' && !(c - c === 0))) out.push(c);
  return out;
}

/** Codes of a categorical column whose distinct cells are all text or booleans (numbers take the cells path). */
function categoricalCodes(column: TableColumn): EncodedCells | undefined {
  const e = column.encoded;
  if (e === undefined) return undefined;
  return e.dictionary.every((c) => c === null || typeof c === 'string' || typeof c === 'boolean') ? e : undefined;
}

function preparePair(name: string, kind: DriftKind, reference: Table, current: Table, role: string): DriftPair {
  const refColumn = requireColumn(reference, name, role);
  const curColumn = requireColumn(current, name, role);
  const refCodes = kind === 'categorical' ? categoricalCodes(refColumn) : undefined;
  const curCodes = kind === 'categorical' ? categoricalCodes(curColumn) : undefined;
  if (refCodes !== undefined && curCodes !== undefined) {
    // Counted from the loader's codes: the cells are never decoded.
    const pair = DriftPair.fromEncoded(
      name,
      refCodes as { codes: Int32Array; dictionary: readonly (DriftKey | null)[] },
      curCodes as { codes: Int32Array; dictionary: readonly (DriftKey | null)[] },
    );
    if (pair.nRef === 0) throw new EmptyDriftColumnError(name, 'reference', reference.source);
    if (pair.nCur === 0) throw new EmptyDriftColumnError(name, 'current', current.source);
    return pair;
  }
  const ref = cleanedSide(reference, refColumn, kind);
  const cur = cleanedSide(current, curColumn, kind);
  if (ref.length === 0) throw new EmptyDriftColumnError(name, 'reference', reference.source);
  if (cur.length === 0) throw new EmptyDriftColumnError(name, 'current', current.source);
  if (ref instanceof Float64Array && cur instanceof Float64Array) return DriftPair.fromNumbers(name, kind, ref, cur);
  const asKeys = (s: Float64Array | readonly DriftKey[]): readonly DriftKey[] => (s instanceof Float64Array ? Array.from(s) : s);
  return DriftPair.fromCells(name, asKeys(ref), asKeys(cur));
}

function checkThreshold(value: number | undefined, where: string): number | undefined {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
    throw new DriftMethodError(where, 'threshold', 'a finite number', value);
  }
  return value;
}

/** One column to test: its name, how it is tested, and its role when it is the target or prediction. */
export interface DriftJob {
  name: string;
  kind: DriftKind | 'text';
  role?: 'target' | 'prediction';
}

/** The columns a drift run tests, in report order, with the column types it decided on. */
export interface DriftPlan {
  types: Record<string, ColumnType>;
  jobs: DriftJob[];
}

/** One column's result before the dataset-level step, with what that step needs of its method. */
export interface DriftColumnOutcome {
  column: DriftColumnResult;
  scoreKind: DriftMethod['score'];
  rule: DriftRule;
}

/**
 * Validates the options and lists the columns to test: target, prediction, then the numerical and
 * the categorical, then the text features (Evidently's order). Datetime columns are not tested.
 */
export function planDrift(reference: Table, current: Table, options: DriftPresetOptions = {}): DriftPlan {
  const mapping = options.mapping ?? {};
  const types = options.columnTypes ?? inferColumnTypes(reference, mapping, current);
  const driftShare = options.driftShare ?? 0.5;
  if (!(driftShare >= 0 && driftShare <= 1)) throw new DriftMethodError('*', 'driftShare', 'a share in [0, 1]', driftShare);
  checkThreshold(options.threshold, '*');
  checkThreshold(options.numThreshold, '*');
  checkThreshold(options.catThreshold, '*');
  checkThreshold(options.textThreshold, '*');
  if (options.textMethod !== undefined && !Object.hasOwn(TEXT_DRIFT_METHODS, options.textMethod)) {
    throw new DriftMethodError('*', options.textMethod, `one of ${Object.keys(TEXT_DRIFT_METHODS).join(', ')} for text columns`, options.textMethod);
  }
  for (const [c, t] of Object.entries(options.perColumnThreshold ?? {})) checkThreshold(t, c);

  const notFeatures = new Set<string>(
    [mapping.target, mapping.prediction, mapping.id, mapping.timestamp, mapping.segment, ...Object.values(mapping.predictionProbabilities ?? {})].filter(
      (c): c is string => c !== undefined,
    ),
  );
  const jobs: DriftJob[] = [];
  for (const role of ['target', 'prediction'] as const) {
    const name = mapping[role];
    if (name === undefined) continue;
    requireColumn(reference, name, role);
    const kind = driftKind(types[name]);
    if (kind !== undefined) jobs.push({ name, kind, role });
  }
  const featureNames = options.columns ?? reference.columns.map((c) => c.name).filter((n) => !notFeatures.has(n));
  // Evidently lists numerical features before categorical ones.
  for (const wanted of ['numerical', 'categorical'] as const) {
    for (const name of featureNames) {
      const kind = driftKind(types[name]);
      if (kind === wanted) jobs.push({ name, kind });
    }
  }
  for (const name of featureNames) if (types[name] === 'text') jobs.push({ name, kind: 'text' });
  return { types, jobs };
}

/**
 * Tests one planned column: method per column > (target's own) > per type > all > Evidently's
 * default (§1.4); threshold per column > per type > all > the method's default. Pure: it reads only
 * the job's column of each table, so it can run anywhere those two columns are.
 */
export function driftColumn(
  job: DriftJob,
  reference: Table,
  current: Table,
  types: Record<string, ColumnType>,
  options: DriftPresetOptions = {},
): DriftColumnOutcome {
  if (job.kind === 'text') return textDriftColumn(job.name, reference, current, options);
  const pair = preparePair(job.name, job.kind, reference, current, job.role ?? 'drift');
  const num = job.kind === 'numerical';
  const targetMethod = job.role === 'target' ? (num ? options.numTargetMethod : options.catTargetMethod) : undefined;
  const named = options.perColumnMethod?.[job.name] ?? targetMethod ?? (num ? options.numMethod : options.catMethod) ?? options.method;
  const m = named === undefined ? defaultDriftMethod(pair) : resolveDriftMethod(named, job.kind, job.name);
  const threshold = options.perColumnThreshold?.[job.name] ?? (num ? options.numThreshold : options.catThreshold) ?? options.threshold ?? m.defaultThreshold;
  let score: number;
  try {
    score = m.compute(pair);
  } catch (e) {
    if (e instanceof StatsError && !(e instanceof DriftMethodError)) throw new DriftMethodError(job.name, m.name, e.expected, e.message);
    throw e;
  }
  const column: DriftColumnResult = {
    name: job.name,
    type: types[job.name] as ColumnType,
    method: m.name,
    score,
    threshold,
    drifted: isDrifted(m.rule, score, threshold),
  };
  if (m.name === 'psi' && score >= 0) column.psiBand = psiBand(score);
  if (job.role !== undefined) column.role = job.role;
  return { column, scoreKind: m.score, rule: m.rule };
}

/** Evidently's text methods: the domain classifier's ROC AUC judged against a threshold or random classifiers. */
export const TEXT_DRIFT_METHODS: Readonly<Record<string, { defaultThreshold: number; displayName: string }>> = Object.freeze({
  abs_text_content_drift: { defaultThreshold: 0.55, displayName: 'Absolute text content drift' },
  perc_text_content_drift: { defaultThreshold: 0.95, displayName: 'Percentile text content drift' },
});

/** A text column's non-missing cells as strings (Evidently drops missing values first). */
function textsOf(table: Table, name: string, role: string): string[] {
  const column = requireColumn(table, name, role);
  const out: string[] = [];
  const values = column.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Cell | number;
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) continue;
    out.push(String(v));
  }
  return out;
}

/**
 * Text drift as Evidently's default selects it: the absolute AUC rule (AUC > 0.55) for a reference
 * of more than 1000 texts, else the percentile rule (AUC above the 95th percentile of random
 * classifiers; its threshold 0.95 is that confidence). A method forced for every column that is not
 * a text method leaves text columns on their default (Evidently would refuse the run).
 */
function textDriftColumn(name: string, reference: Table, current: Table, options: DriftPresetOptions): DriftColumnOutcome {
  const ref = textsOf(reference, name, 'drift');
  const cur = textsOf(current, name, 'drift');
  if (ref.length === 0) throw new EmptyDriftColumnError(name, 'reference', reference.source);
  if (cur.length === 0) throw new EmptyDriftColumnError(name, 'current', current.source);
  const forced = [options.perColumnMethod?.[name], options.textMethod, options.method].find((m) => m !== undefined && Object.hasOwn(TEXT_DRIFT_METHODS, m));
  if (options.perColumnMethod?.[name] !== undefined && forced !== options.perColumnMethod[name]) {
    throw new DriftMethodError(name, options.perColumnMethod[name]!, `a text method (${Object.keys(TEXT_DRIFT_METHODS).join(', ')})`, 'text');
  }
  const method = forced ?? (ref.length > 1000 ? 'abs_text_content_drift' : 'perc_text_content_drift');
  const threshold = options.perColumnThreshold?.[name] ?? options.textThreshold ?? options.threshold ?? TEXT_DRIFT_METHODS[method]!.defaultThreshold;
  let result;
  try {
    result = textDriftScore(ref, cur, method === 'abs_text_content_drift' ? { bootstrap: false, threshold } : { bootstrap: true, pValue: 1 - threshold });
  } catch (e) {
    if (e instanceof StatsError) {
      // Say what the classifier needed, and how to test the column another way.
      throw new DriftMethodError(name, method, `${e.expected} (or declare "${name}" categorical)`, 'no such word');
    }
    throw e;
  }
  return { column: { name, type: 'text', method, score: result.score, threshold, drifted: result.drifted }, scoreKind: 'distance', rule: 'gt' };
}

/**
 * The dataset-level step over every column's outcome, in plan order: the optional multiple-testing
 * correction of p-value scores, the share of drifted columns and the verdict (share ≥ `driftShare`).
 */
export function aggregateDrift(outcomes: readonly DriftColumnOutcome[], options: DriftPresetOptions = {}): DriftSection {
  const driftShare = options.driftShare ?? 0.5;
  const columns = outcomes.map((o) => o.column);
  if (options.correction !== undefined) {
    const tested = columns.map((_, i) => i).filter((i) => outcomes[i]?.scoreKind === 'pvalue' && Number.isFinite(columns[i]?.score));
    if (tested.length > 0) {
      const p = tested.map((i) => (columns[i] as DriftColumnResult).score);
      const adjusted = (options.correction === 'bonferroni' ? bonferroni(p) : benjaminiHochberg(p)).adjusted;
      tested.forEach((i, j) => {
        const c = columns[i] as DriftColumnResult;
        c.adjustedScore = adjusted[j] as number;
        c.drifted = isDrifted((outcomes[i] as DriftColumnOutcome).rule, c.adjustedScore, c.threshold);
      });
    }
  }

  const drifted = columns.filter((c) => c.drifted).length;
  const share = columns.length === 0 ? 0 : drifted / columns.length;
  const section: DriftSection = {
    columns,
    share,
    numberOfDriftedColumns: drifted,
    numberOfColumns: columns.length,
    datasetDrift: columns.length > 0 && share >= driftShare,
    driftShareThreshold: driftShare,
  };
  if (options.correction !== undefined) section.correction = options.correction;
  return section;
}

/**
 * Evidently 0.7 `DataDriftPreset` / legacy `DataDriftTable` semantics: `planDrift`, `driftColumn`
 * for each planned column, then `aggregateDrift` once over all of them.
 */
export function driftPreset(reference: Table, current: Table, options: DriftPresetOptions = {}): DriftSection {
  const { types, jobs } = planDrift(reference, current, options);
  return aggregateDrift(
    jobs.map((job) => driftColumn(job, reference, current, types, options)),
    options,
  );
}

/** Registry names, for option validation and help texts. */
export const DRIFT_METHOD_NAMES: readonly string[] = [...Object.keys(DRIFT_METHODS), ...Object.keys(TEXT_DRIFT_METHODS)];
