// Refreshes the per-model gauges of /metrics from the last hour of bucket profiles: drift score
// per feature against the reference, realized and estimated performance, label coverage. When a
// model version's traffic pauses, its gauges keep the value of the hour before its newest data
// (vigil_model_last_data_timestamp_seconds says when that was) instead of disappearing.

import { DatasetProfile, estimatedMetricValue, performanceMetricValue, profileFeatureDrift } from '@vigil/core';
import type { ModelSchema } from '@vigil/core';
import { ESTIMATED_MONITOR_METRICS, PERFORMANCE_MONITOR_METRICS } from '@vigil/wire';
import { modelSchemaOf } from '../models/model-records.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import { loadSteps, mergeAll } from '../queries/series.js';
import type { StepState } from '../queries/series.js';
import type { ModelRow, Store } from '../storage/store.js';
import { ProjectNames } from './project-names.js';
import type { ServerMetrics } from './server-metrics.js';

const WINDOW_MS = 3_600_000;

export interface GaugeDeps {
  readonly store: Store;
  readonly metrics: ServerMetrics;
  /** Width of a profile bucket. */
  readonly bucketMs: number;
}

/**
 * The start of each model version's newest bucket with data, as far as earlier refreshes found:
 * the next refresh looks for newer buckets only.
 */
export type NewestBuckets = Map<string, number>;

/** The start of the newest bucket with data of a model version at or before `now`, or undefined when it has none. */
async function newestBucket(store: Store, modelId: number, version: string, now: number, newest: NewestBuckets): Promise<number | undefined> {
  const key = `${modelId}/${version}`;
  let last = newest.get(key);
  for (const m of await store.profilePartMetas(modelId, last ?? 0, now + 1, version))
    if (m.rows > 0 && (last === undefined || m.bucket_start > last)) last = m.bucket_start;
  if (last !== undefined) newest.set(key, last);
  return last;
}

/**
 * Sets every per-model gauge from the hour before `now`, or, for a version without data in that
 * hour, from the hour before its newest data. Pass the same `newest` to every call so a refresh
 * reads only the buckets added since the last one.
 */
export async function refreshGauges(deps: GaugeDeps, now: number, newest: NewestBuckets = new Map()): Promise<void> {
  const { metrics, store } = deps;
  // Read every window first, then replace the gauges without an await between: a scrape never sees them half set.
  const projects = new ProjectNames(store);
  const windows: { project: string; model: ModelRow; schema: ModelSchema; reference: DatasetProfile | null; version: string; w: StepState; at: number }[] = [];
  for (const model of await store.allModels()) {
    const project = await projects.of(model.project_id);
    const schema = modelSchemaOf(model);
    const ref = await store.getReference(model.id);
    const reference = ref === undefined ? null : DatasetProfile.fromBytes(ref.profile);
    for (const version of await store.listVersions(model.id)) {
      const last = await newestBucket(store, model.id, version, now, newest);
      if (last === undefined) continue;
      // The window ends now while data is current, else where the newest data ends.
      const dataEnd = last + deps.bucketMs;
      const to = dataEnd > now ? now + 1 : dataEnd;
      const steps = await loadSteps(store, model.id, schema, { from: to - 1 - WINDOW_MS, to, step: deps.bucketMs, version });
      if (steps.length === 0) continue;
      windows.push({ project, model, schema, reference, version, w: mergeAll(steps, schema), at: Math.min(now, dataEnd) });
    }
  }
  metrics.featureDrift.reset();
  metrics.featureDrifted.reset();
  metrics.performance.reset();
  metrics.estimatedPerformance.reset();
  metrics.labelCoverage.reset();
  metrics.lastData.reset();
  for (const { project, model, schema, reference, version, w, at } of windows) {
    const labels = { project, model: model.name, version };
    metrics.lastData.set(labels, at / 1000);
    if (reference !== null) {
      for (const [feature, type] of Object.entries(schema.features)) {
        const d = profileFeatureDrift(
          reference.columns.get(PROFILE_COLUMNS.feature(feature)),
          w.profile.column(PROFILE_COLUMNS.feature(feature)),
          feature,
          type,
        );
        if (d === null || !Number.isFinite(d.score)) continue;
        metrics.featureDrift.set({ ...labels, feature, method: d.method }, d.score);
        metrics.featureDrifted.set({ ...labels, feature }, d.drifted ? 1 : 0);
      }
    }
    if (w.rows > 0) metrics.labelCoverage.set(labels, (w.performance?.count ?? 0) / w.rows);
    if (w.performance !== null && w.performance.count > 0) {
      const m = w.performance.metrics();
      for (const name of PERFORMANCE_MONITOR_METRICS) {
        const v = performanceMetricValue(m, name);
        if (v !== null) metrics.performance.set({ ...labels, metric: name }, v);
      }
    }
    if (w.cbpe !== null && w.cbpe.count > 0) {
      const e = w.cbpe.estimate();
      for (const name of ESTIMATED_MONITOR_METRICS) {
        const v = estimatedMetricValue(e, name);
        if (v !== null) metrics.estimatedPerformance.set({ ...labels, metric: name }, v);
      }
    }
  }
}
