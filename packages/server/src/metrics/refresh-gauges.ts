// Refreshes the per-model gauges of /metrics from the last hour of bucket profiles: drift score
// per feature against the reference, realized and estimated performance, label coverage.

import { DatasetProfile, estimatedMetricValue, performanceMetricValue, profileFeatureDrift } from '@vigil/core';
import { ESTIMATED_MONITOR_METRICS, PERFORMANCE_MONITOR_METRICS } from '@vigil/wire';
import { modelSchemaOf } from '../models/model-records.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import { loadSteps, mergeAll } from '../queries/series.js';
import type { Store } from '../storage/store.js';
import type { ServerMetrics } from './server-metrics.js';

const WINDOW_MS = 3_600_000;

export interface GaugeDeps {
  readonly store: Store;
  readonly metrics: ServerMetrics;
  /** Width of a profile bucket. */
  readonly bucketMs: number;
}

/** Sets every per-model gauge from the hour before `now`. */
export async function refreshGauges(deps: GaugeDeps, now: number): Promise<void> {
  const { metrics, store } = deps;
  metrics.featureDrift.reset();
  metrics.featureDrifted.reset();
  metrics.performance.reset();
  metrics.estimatedPerformance.reset();
  metrics.labelCoverage.reset();
  for (const model of await store.allModels()) {
    const schema = modelSchemaOf(model);
    const ref = await store.getReference(model.id);
    const reference = ref === undefined ? null : DatasetProfile.fromBytes(ref.profile);
    for (const version of await store.listVersions(model.id)) {
      const steps = await loadSteps(store, model.id, schema, { from: now - WINDOW_MS, to: now + 1, step: deps.bucketMs, version });
      if (steps.length === 0) continue;
      const w = mergeAll(steps, schema);
      const labels = { model: model.name, version };
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
}
