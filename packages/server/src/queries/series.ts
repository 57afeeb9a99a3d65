// Time series over bucket profiles: the parts of each step are merged, then one number (or one
// per label set) is read off the merged profile, performance or CBPE accumulator.

import {
  CbpeAccumulator,
  DatasetProfile,
  PerformanceAccumulator,
  cbpeBands,
  estimatedMetricValue,
  isEstimatedMetric,
  isPerformanceMetric,
  metricField,
  performanceMetricValue,
  performanceOptions,
  profileFeatureDrift,
  newCategories,
} from '@vigil/core';
import type { CbpeMetric, CbpeReference, ColumnProfile, ModelSchema } from '@vigil/core';
import type { SeriesPoint } from '@vigil/wire';
import { SERIES_METRICS } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import { MergedProfile } from './merged-profile.js';
import { segmentMatches } from './segment-filter.js';
import type { SegmentFilter } from './segment-filter.js';
import type { ProfilePartRow, Store } from '../storage/store.js';

/** One step's merged state. */
export interface StepState {
  t: number;
  rows: number;
  profile: MergedProfile;
  performance: PerformanceAccumulator | null;
  cbpe: CbpeAccumulator | null;
}

/** A decoded profile part; parts never change (compaction writes new ids), so they can be cached. */
interface DecodedPart {
  bucketStart: number;
  rows: number;
  profile: DatasetProfile;
  performance: PerformanceAccumulator | null;
  cbpe: CbpeAccumulator | null;
  bytes: number;
}

/** Decoded parts by id, least recently used first out past a byte budget (per store). */
class PartCache {
  private readonly parts = new Map<number, DecodedPart>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  get(id: number): DecodedPart | undefined {
    const p = this.parts.get(id);
    if (p !== undefined) {
      this.parts.delete(id);
      this.parts.set(id, p);
    }
    return p;
  }

  put(id: number, part: DecodedPart): void {
    this.parts.set(id, part);
    this.bytes += part.bytes;
    for (const [oldId, old] of this.parts) {
      if (this.bytes <= this.budget) break;
      this.parts.delete(oldId);
      this.bytes -= old.bytes;
    }
  }
}

/** 256 MB of encoded parts: decoding, not reading, is what a long window costs. */
const PART_CACHE_BYTES = 256 * 2 ** 20;
const caches = new WeakMap<Store, PartCache>();
/** The last few windows' merged steps, by step and part ids (read-only once built). */
const MERGED_STEPS_KEPT = 8;
const mergedStepsByStore = new WeakMap<Store, Map<string, StepState[]>>();

function decodePart(part: ProfilePartRow): DecodedPart {
  return {
    bucketStart: part.bucket_start,
    rows: part.rows,
    profile: DatasetProfile.fromBytes(part.profile),
    performance: part.performance === null ? null : PerformanceAccumulator.fromJSON(JSON.parse(part.performance)),
    cbpe: part.cbpe === null ? null : CbpeAccumulator.fromJSON(JSON.parse(part.cbpe)),
    bytes: part.profile.byteLength + (part.performance?.length ?? 0) + (part.cbpe?.length ?? 0),
  };
}

/**
 * Merges the parts of [from, to) into steps of `step` ms aligned to multiples of `step`; with a
 * segment filter, only the parts whose segment has every key/value of it.
 */
export async function loadSteps(
  store: Store,
  modelId: number,
  schema: ModelSchema,
  range: { from: number; to: number; step: number; version?: string | undefined; segment?: SegmentFilter | undefined },
): Promise<StepState[]> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new PartCache(PART_CACHE_BYTES);
    caches.set(store, cache);
  }
  const metas = (await store.profilePartMetas(modelId, range.from, range.to, range.version)).filter((m) => segmentMatches(m.segment, range.segment));
  // A page asks for many metrics of one window: the merged steps of the same parts are reused.
  let mergedSteps = mergedStepsByStore.get(store);
  if (mergedSteps === undefined) {
    mergedSteps = new Map();
    mergedStepsByStore.set(store, mergedSteps);
  }
  const key = `${range.step}:${metas.map((m) => m.id).join(',')}`;
  const merged = mergedSteps.get(key);
  if (merged !== undefined) return merged;
  const decoded = new Map<number, DecodedPart>();
  const missing: number[] = [];
  for (const m of metas) {
    const hit = cache.get(m.id);
    if (hit === undefined) missing.push(m.id);
    else decoded.set(m.id, hit);
  }
  for (const row of await store.profilePartsByIds(missing)) {
    const part = decodePart(row);
    cache.put(row.id, part);
    decoded.set(row.id, part);
  }
  const steps = mergeDecoded(
    metas.flatMap((m) => {
      const p = decoded.get(m.id);
      return p === undefined ? [] : [p];
    }),
    schema,
    range.step,
  );
  mergedSteps.set(key, steps);
  if (mergedSteps.size > MERGED_STEPS_KEPT) mergedSteps.delete(mergedSteps.keys().next().value!);
  return steps;
}

function mergeDecoded(parts: readonly DecodedPart[], schema: ModelSchema, step: number): StepState[] {
  const steps = new Map<number, { state: StepState; profiles: DatasetProfile[] }>();
  for (const part of parts) {
    const t = Math.floor(part.bucketStart / step) * step;
    let s = steps.get(t);
    if (s === undefined) {
      const profiles: DatasetProfile[] = [];
      s = { state: { t, rows: 0, profile: new MergedProfile(profiles), performance: null, cbpe: null }, profiles };
      steps.set(t, s);
    }
    s.state.rows += part.rows;
    // Profiles merge column by column when read; counters and accumulators are cheap to merge now.
    s.profiles.push(part.profile);
    if (part.performance !== null) (s.state.performance ??= new PerformanceAccumulator(performanceOptions(schema))).merge(part.performance);
    if (part.cbpe !== null) (s.state.cbpe ??= new CbpeAccumulator()).merge(part.cbpe);
  }
  return [...steps.values()].map((s) => s.state).sort((a, b) => a.t - b.t);
}

/** Every step in one: the state of a whole window. */
export function mergeAll(steps: readonly StepState[], schema: ModelSchema): StepState {
  const all: StepState = { t: steps[0]?.t ?? 0, rows: 0, profile: MergedProfile.concat(steps.map((s) => s.profile)), performance: null, cbpe: null };
  for (const s of steps) {
    all.rows += s.rows;
    if (s.performance !== null) (all.performance ??= new PerformanceAccumulator(performanceOptions(schema))).merge(s.performance);
    if (s.cbpe !== null) (all.cbpe ??= new CbpeAccumulator()).merge(s.cbpe);
  }
  return all;
}

function noReference(): BadRequestError {
  return new BadRequestError('this model has no reference data yet; upload one with POST /v1/models/{model}/reference', undefined, 'NO_REFERENCE');
}

function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

function quantileOf(c: ColumnProfile | undefined, q: number): number | null {
  if (c === undefined || c.kll.isEmpty) return null;
  return finite(c.kll.quantile(q));
}

export interface SeriesContext {
  schema: ModelSchema;
  reference: DatasetProfile | null;
  /** The reference's CBPE sampling errors, for confidence bands on estimates. */
  cbpeReference?: CbpeReference | null;
  feature?: string | undefined;
}

/** The points of `metric` for one step (several when the metric has labels). */
export function pointsOf(metric: string, s: StepState, ctx: SeriesContext): SeriesPoint[] {
  const t = new Date(s.t).toISOString();
  const one = (value: number | null): SeriesPoint[] => [{ t, value: finite(value) }];
  const features = ctx.feature !== undefined ? [ctx.feature] : Object.keys(ctx.schema.features);
  const perFeature = (fn: (c: ColumnProfile | undefined, name: string) => number | null): SeriesPoint[] =>
    features.map((name) => ({ t, value: finite(fn(s.profile.column(PROFILE_COLUMNS.feature(name)), name)), labels: { feature: name } }));
  switch (metric) {
    case 'volume':
      return one(s.rows);
    case 'latency_p50':
      return one(quantileOf(s.profile.column(PROFILE_COLUMNS.latency), 0.5));
    case 'latency_p95':
      return one(quantileOf(s.profile.column(PROFILE_COLUMNS.latency), 0.95));
    case 'latency_p99':
      return one(quantileOf(s.profile.column(PROFILE_COLUMNS.latency), 0.99));
    case 'cost_usd': {
      const c = s.profile.column(PROFILE_COLUMNS.cost);
      return one(c === undefined || c.moments.n === 0 ? null : c.moments.sum);
    }
    case 'prediction_mean': {
      const c = s.profile.column(PROFILE_COLUMNS.score);
      return one(c === undefined || c.moments.n === 0 ? null : c.moments.mean);
    }
    case 'prediction_share': {
      const c = s.profile.column(PROFILE_COLUMNS.label);
      if (c === undefined || c.frequent.streamWeight === 0) return [];
      const w = c.frequent.streamWeight;
      return c.frequent
        .frequentItems({ errorType: 'noFalseNegatives' })
        .map((r) => ({ t, value: c.frequent.estimate(r.item) / w, labels: { class: String(r.item) } }));
    }
    case 'feature_mean':
      return perFeature((c) => (c === undefined || c.moments.n === 0 ? null : c.moments.mean));
    case 'feature_std':
      return perFeature((c) => (c === undefined || c.moments.n < 2 ? null : c.moments.std({ ddof: 1 })));
    case 'feature_min':
      return perFeature((c) => (c === undefined || c.moments.n === 0 ? null : c.moments.min));
    case 'feature_max':
      return perFeature((c) => (c === undefined || c.moments.n === 0 ? null : c.moments.max));
    case 'feature_p50':
      return perFeature((c) => quantileOf(c, 0.5));
    case 'missing_share':
      // A feature absent from an event is missing too: count against the step's rows.
      return perFeature((c) => (s.rows === 0 ? null : (s.rows - (c === undefined ? 0 : c.count - c.missing)) / s.rows));
    case 'out_of_range_share': {
      // Share of a numeric feature's values outside the reference's [min, max] (the guide: alert above 1 %).
      const ref = ctx.reference;
      if (ref === null) throw noReference();
      return perFeature((c, name) => {
        const r = ref.columns.get(PROFILE_COLUMNS.feature(name));
        if (ctx.schema.features[name] !== 'numeric' || c === undefined || r === undefined || c.kll.isEmpty || r.kll.isEmpty) return null;
        const below = c.kll.rank(r.kll.min, { inclusive: false });
        const above = 1 - c.kll.rank(r.kll.max, { inclusive: true });
        return below + above;
      });
    }
    case 'new_categories': {
      // Categories of the step that the reference never saw (as far as its frequent-items sketch knows).
      const ref = ctx.reference;
      if (ref === null) throw noReference();
      return perFeature((c, name) => {
        const r = ref.columns.get(PROFILE_COLUMNS.feature(name));
        const type = ctx.schema.features[name];
        if ((type !== 'categorical' && type !== 'boolean') || c === undefined || r === undefined || c.frequent.streamWeight === 0) return null;
        return newCategories(c, r).length;
      });
    }
    case 'drift': {
      const ref = ctx.reference;
      if (ref === null) throw noReference();
      return features.flatMap((name) => {
        const d = profileFeatureDrift(
          ref.columns.get(PROFILE_COLUMNS.feature(name)),
          s.profile.column(PROFILE_COLUMNS.feature(name)),
          name,
          ctx.schema.features[name] ?? 'categorical',
        );
        return d === null ? [] : [{ t, value: finite(d.score), labels: { feature: name, method: d.method, drifted: String(d.drifted) } }];
      });
    }
    case 'label_coverage':
      return one(s.rows === 0 ? null : (s.performance?.count ?? 0) / s.rows);
    default:
      break;
  }
  if (isPerformanceMetric(metric)) {
    if (s.performance === null || s.performance.count === 0) return one(null);
    return one(performanceMetricValue(s.performance.metrics(), metric));
  }
  if (metric.startsWith('estimated_')) {
    const name = metric.slice('estimated_'.length);
    if (isEstimatedMetric(name)) {
      if (s.cbpe === null || s.cbpe.count === 0) return one(null);
      const estimate = s.cbpe.estimate();
      const point: SeriesPoint = { t, value: estimatedMetricValue(estimate, name) };
      if (ctx.cbpeReference != null && point.value !== null) {
        const band = cbpeBands(estimate, ctx.cbpeReference)[metricField(name) as CbpeMetric];
        if (band !== undefined && band.lowerConfidence !== null && band.upperConfidence !== null) {
          point.lower = band.lowerConfidence;
          point.upper = band.upperConfidence;
        }
      }
      return [point];
    }
  }
  throw new BadRequestError(`unknown metric "${metric}"`, [{ path: 'query.metric', message: `one of ${SERIES_METRICS.join(', ')}` }], 'UNKNOWN_METRIC');
}
