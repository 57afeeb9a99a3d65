// Drift of one window against the reference. Up to EXACT_LIMIT events it runs the batch report's
// evaluator on the raw events, so the answer equals `vigil report` (and Evidently) on the same
// rows; above that it merges the window's bucket profiles and compares sketches. A segment filter
// keeps the events of matching segments (and, above the limit, the matching profile parts); a slice
// filter keeps the events whose features hold it, on raw events only (a bounded number of them).

import {
  DRIFT_METHODS,
  DatasetProfile,
  DriftMethodError,
  EmptyDriftColumnError,
  aggregateDrift,
  columnDistribution,
  driftColumn,
  planDrift,
  profileDistribution,
  profileFeatureDrift,
} from '@vigil/core';
import type { Cell, ColumnProfile, ColumnType, DriftColumnOutcome, DriftPresetOptions, ModelSchema, Table } from '@vigil/core';
import { mean, median, std } from '@vigil/stats';
import type { DriftResponse, FeatureDrift, FeatureStatistics, FeatureType, SegmentCondition } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import { decodeReferenceColumns, referenceTable, toFloat } from '../models/reference-data.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import type { ModelRow, Store } from '../storage/store.js';
import { matchingSegments } from './segment-filter.js';
import type { SegmentFilter } from './segment-filter.js';
import { loadSteps, mergeAll } from './series.js';
import { SLICE_EVENT_LIMIT, SliceFilter, sliceWindowTooLarge } from './slice-filter.js';

/** Windows with at most this many events are judged on raw rows. */
export const EXACT_LIMIT = 200_000;

const COLUMN_TYPE: Record<FeatureType, ColumnType> = {
  numeric: 'numerical',
  categorical: 'categorical',
  boolean: 'categorical',
  text: 'text',
  datetime: 'datetime',
};

export interface WindowDriftOptions {
  from: number;
  to: number;
  /**
   * An Evidently registry name, run on the features whose type it is registered for; the others
   * keep their defaults (Evidently's per-type methods). Exact windows only: sketches keep theirs.
   */
  method?: string | undefined;
  /** With `method`, the threshold of the features it runs on; without, of every feature. */
  threshold?: number | undefined;
  /** Add this feature's reference and current distributions and statistics to its entry. */
  feature?: string | undefined;
  /** Runs an exact drift elsewhere (a worker thread); default: here. */
  exact?: ((input: ExactDriftInput) => Promise<ExactDriftResult>) | undefined;
  /** Only the events (or, above the exact limit, the profile parts) of segments with every pair. */
  segment?: SegmentFilter | undefined;
  /**
   * Only the events whose features hold every pair: judged on raw events only, so a window of more
   * than `sliceMaxEvents` events is refused.
   */
  slice?: readonly SegmentCondition[] | undefined;
  /** Raw events a sliced drift reads at most (default SLICE_EVENT_LIMIT). */
  sliceMaxEvents?: number | undefined;
  bucketMs: number;
}

/** Category bars in a feature's distribution, as in the HTML report. */
const MAX_CATEGORIES = 12;

function statisticsOf(c: ColumnProfile | undefined): FeatureStatistics {
  if (c === undefined) return { count: 0, missing: 0, missingShare: 0, mean: null, std: null, min: null, median: null, max: null, distinct: 0 };
  const s = c.summary({ topK: 0 });
  return {
    count: s.count,
    missing: s.missing,
    missingShare: s.missingShare,
    mean: s.mean,
    std: s.std,
    min: s.min,
    median: s.quantiles?.['0.5'] ?? null,
    max: s.max,
    distinct: Math.round(s.distinct.estimate),
  };
}

/** Statistics of raw cells, as pandas gives them (std with ddof 1, median interpolated). */
function exactStatistics(cells: readonly Cell[], numeric: boolean): FeatureStatistics {
  let missing = 0;
  const distinct = new Set<string>();
  const numbers: number[] = [];
  for (const v of cells) {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      missing++;
      continue;
    }
    distinct.add(`${typeof v}:${String(v)}`);
    if (numeric && typeof v === 'number' && Number.isFinite(v)) numbers.push(v);
  }
  const has = numbers.length > 0;
  return {
    count: cells.length,
    missing,
    missingShare: cells.length === 0 ? 0 : missing / cells.length,
    mean: has ? mean(numbers) : null,
    std: numbers.length > 1 ? std(numbers, { ddof: 1 }) : null,
    min: has ? numbers.reduce((a, b) => (b < a ? b : a)) : null,
    median: has ? median(numbers) : null,
    max: has ? numbers.reduce((a, b) => (b > a ? b : a)) : null,
    distinct: distinct.size,
  };
}

function checkFeature(schema: ModelSchema, features: readonly string[], feature: string | undefined): void {
  if (feature === undefined || features.includes(feature)) return;
  const why =
    schema.features[feature] === undefined
      ? `one of the model's features (${features.join(', ')})`
      : `a feature with drift (${feature} is ${schema.features[feature]})`;
  throw new BadRequestError(`no drift for feature "${feature}"`, [{ path: 'query.feature', message: why }], 'UNKNOWN_FEATURE');
}

/**
 * `method` and `threshold` as the drift preset's per-type options: a method applies to the column
 * kinds it is registered for (ks: numerical; chisquare: categorical; psi: both) and the others keep
 * Evidently's default test and its threshold, so forcing ks on a model with a categorical feature
 * tests that feature as if nothing were forced.
 */
function driftMethodOptions(method: string | undefined, threshold: number | undefined): DriftPresetOptions {
  if (method === undefined) return threshold === undefined ? {} : { threshold };
  const m = Object.hasOwn(DRIFT_METHODS, method) ? DRIFT_METHODS[method] : undefined;
  if (m === undefined)
    throw new BadRequestError(
      `unknown drift method "${method}"`,
      [{ path: 'query.method', message: `one of ${Object.keys(DRIFT_METHODS).join(', ')}` }],
      'UNKNOWN_DRIFT_METHOD',
    );
  const out: DriftPresetOptions = {};
  if (m.types.includes('numerical')) {
    out.numMethod = method;
    if (threshold !== undefined) out.numThreshold = threshold;
  }
  if (m.types.includes('categorical')) {
    out.catMethod = method;
    if (threshold !== undefined) out.catThreshold = threshold;
  }
  return out;
}

/**
 * One column's test, or null when a side has no values in the window (the profile path skips such
 * a feature too). Data a forced method refuses (fisher_exact on unequal sizes, empirical_mmd past
 * its size limit) is the request's fault: a 400 naming the method.
 */
function testColumn(run: () => DriftColumnOutcome, method: string | undefined): DriftColumnOutcome | null {
  try {
    return run();
  } catch (e) {
    if (e instanceof EmptyDriftColumnError) return null;
    if (e instanceof DriftMethodError)
      throw new BadRequestError(
        `the drift test cannot run: ${e.message}`,
        method === e.method ? [{ path: 'query.method', message: 'a method that accepts this data (or none, for the defaults)' }] : undefined,
        'DRIFT_METHOD_FAILED',
      );
    throw e;
  }
}

/** Answers kept per store: a page shown again, or a monitor evaluating an unchanged window, reuses them. */
const ANSWERS_KEPT = 32;
const answersByStore = new WeakMap<Store, Map<string, DriftResponse>>();

/**
 * `computeWindowDrift`, remembered while nothing it reads changes: the key holds the window, the
 * options, the schema, when the reference was last replaced, and the window's event count and newest id.
 */
/** What an exact drift needs, all plain data (it may run on a worker thread). */
export interface ExactDriftInput {
  /** The stored reference (`reference.data`). */
  referenceData: Uint8Array;
  /** The window's events' features, as stored (JSON). */
  events: string[];
  /** The features to test. */
  features: string[];
  schemaFeatures: Record<string, FeatureType>;
  method: string | undefined;
  threshold: number | undefined;
  feature: string | undefined;
}

export type ExactDriftResult = Pick<DriftResponse, 'rows' | 'basis' | 'share' | 'datasetDrift' | 'features'>;

/** The batch report's evaluator on a window's raw events (pure: it runs on a worker thread for queries). */
export function exactDrift(input: ExactDriftInput): ExactDriftResult {
  const { events, features } = input;
  const methodOptions = driftMethodOptions(input.method, input.threshold);
  const refColumns = decodeReferenceColumns(input.referenceData);
  const reference = referenceTable(refColumns, input.schemaFeatures);
  const cells: Record<string, Cell[]> = {};
  for (const f of features) cells[f] = new Array<Cell>(events.length).fill(null);
  for (let i = 0; i < events.length; i++) {
    const row = JSON.parse(events[i]!) as Record<string, Cell>;
    for (const f of features) {
      const v = row[f];
      if (v !== undefined) cells[f]![i] = v;
    }
  }
  const current: Table = {
    rowCount: events.length,
    columns: features.map((f) => ({ name: f, values: input.schemaFeatures[f] === 'numeric' ? toFloat(cells[f]!) : cells[f]! })),
    source: 'window',
  };
  const columns = features.filter((f) => reference.columns.some((c) => c.name === f));
  if (events.length === 0 || columns.length === 0) return { rows: events.length, basis: 'exact', share: 0, datasetDrift: false, features: [] };
  const columnTypes: Record<string, ColumnType> = {};
  for (const f of columns) columnTypes[f] = COLUMN_TYPE[input.schemaFeatures[f]!];
  const options: DriftPresetOptions = { columns, columnTypes, ...methodOptions };
  // The batch report's driftPreset, column by column, so one column without values is skipped, not fatal.
  const plan = planDrift(reference, current, options);
  const outcomes = plan.jobs.flatMap((job) => testColumn(() => driftColumn(job, reference, current, plan.types, options), input.method) ?? []);
  const section = aggregateDrift(outcomes, options);
  const out: FeatureDrift[] = section.columns.map((c) => {
    const fd: FeatureDrift = {
      name: c.name,
      type: input.schemaFeatures[c.name] ?? 'categorical',
      method: c.method,
      score: c.score,
      threshold: c.threshold,
      drifted: c.drifted,
      referenceCount: reference.rowCount,
      currentCount: events.length,
    };
    if (c.psiBand !== undefined) fd.psiBand = c.psiBand;
    if (c.name === input.feature) {
      const numeric = input.schemaFeatures[c.name] === 'numeric';
      const cur = current.columns.find((x) => x.name === c.name)!.values;
      fd.distribution = columnDistribution(reference.columns.find((x) => x.name === c.name)!.values, cur, {
        asCategories: !numeric,
        maxCategories: MAX_CATEGORIES,
      });
      fd.statistics = { reference: exactStatistics(refColumns.features[c.name] ?? [], numeric), current: exactStatistics(cells[c.name]!, numeric) };
    }
    return fd;
  });
  return { rows: events.length, basis: 'exact', share: section.share, datasetDrift: section.datasetDrift, features: out };
}

export async function windowDrift(store: Store, model: ModelRow, schema: ModelSchema, opts: WindowDriftOptions): Promise<DriftResponse> {
  const info = await store.referenceInfo(model.id);
  if (info === undefined) return computeWindowDrift(store, model, schema, opts);
  const fingerprint = await store.windowFingerprint(model.id, opts.from, opts.to);
  const key = JSON.stringify([model.id, model.name, schema, opts, info.updated_at, info.rows, fingerprint]);
  let answers = answersByStore.get(store);
  if (answers === undefined) {
    answers = new Map();
    answersByStore.set(store, answers);
  }
  const hit = answers.get(key);
  if (hit !== undefined) return structuredClone(hit);
  const answer = await computeWindowDrift(store, model, schema, opts);
  answers.set(key, structuredClone(answer));
  if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  return answer;
}

async function computeWindowDrift(store: Store, model: ModelRow, schema: ModelSchema, opts: WindowDriftOptions): Promise<DriftResponse> {
  const ref = await store.getReference(model.id);
  if (ref === undefined)
    throw new BadRequestError('this model has no reference data yet; upload one with POST /v1/models/{model}/reference', undefined, 'NO_REFERENCE');
  const slice = opts.slice === undefined ? undefined : SliceFilter.of(schema, opts.slice);
  const segments = opts.segment === undefined ? undefined : matchingSegments(await store.windowSegments(model.id, opts.from, opts.to), opts.segment);
  const sliceMax = opts.sliceMaxEvents ?? SLICE_EVENT_LIMIT;
  let events = await store.featuresInWindow(model.id, opts.from, opts.to, (slice === undefined ? EXACT_LIMIT : sliceMax) + 1, segments);
  if (slice !== undefined) {
    if (events.length > sliceMax) throw sliceWindowTooLarge(sliceMax);
    events = events.filter((e) => slice.matches(JSON.parse(e) as Record<string, unknown>));
  }
  const base = { model: model.name, from: new Date(opts.from).toISOString(), to: new Date(opts.to).toISOString() };
  const features = Object.keys(schema.features).filter((f) => schema.features[f] !== 'text' && schema.features[f] !== 'datetime');
  checkFeature(schema, features, opts.feature);
  driftMethodOptions(opts.method, opts.threshold); // a bad method or threshold is refused here, before any work
  // A slice's events are judged raw whatever their number (it is bounded above).
  if (events.length <= EXACT_LIMIT || slice !== undefined) {
    const input: ExactDriftInput = {
      referenceData: ref.data,
      events,
      features,
      schemaFeatures: schema.features,
      method: opts.method,
      threshold: opts.threshold,
      feature: opts.feature,
    };
    return { ...base, ...(opts.exact === undefined ? exactDrift(input) : await opts.exact(input)) };
  }
  const steps = await loadSteps(store, model.id, schema, { from: opts.from, to: opts.to, step: opts.bucketMs, segment: opts.segment });
  const window = mergeAll(steps, schema);
  const reference = DatasetProfile.fromBytes(ref.profile);
  const out: FeatureDrift[] = [];
  for (const f of features) {
    const d = profileFeatureDrift(reference.columns.get(PROFILE_COLUMNS.feature(f)), window.profile.column(PROFILE_COLUMNS.feature(f)), f, schema.features[f]!);
    if (d === null) continue;
    const fd: FeatureDrift = {
      name: f,
      type: d.type,
      method: d.method,
      score: d.score,
      threshold: d.threshold,
      drifted: d.drifted,
      referenceCount: d.referenceCount,
      currentCount: d.currentCount,
    };
    if (f === opts.feature) {
      const refColumn = reference.columns.get(PROFILE_COLUMNS.feature(f))!;
      const curColumn = window.profile.column(PROFILE_COLUMNS.feature(f))!;
      fd.distribution = profileDistribution(refColumn, curColumn, { asCategories: d.type !== 'numeric', maxCategories: MAX_CATEGORIES });
      fd.statistics = { reference: statisticsOf(refColumn), current: statisticsOf(curColumn) };
    }
    out.push(fd);
  }
  const share = out.length === 0 ? 0 : out.filter((d) => d.drifted).length / out.length;
  return { ...base, rows: window.rows, basis: 'profile', share, datasetDrift: share >= 0.5, features: out };
}
