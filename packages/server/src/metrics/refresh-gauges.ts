// Refreshes the per-model gauges of /metrics from the last hour of bucket profiles: drift score
// per feature against the reference, realized and estimated performance, label coverage.

import { DatasetProfile } from '@vigil/core';
import type { AppContext } from '../http/app-context.js';
import { modelSchemaOf } from '../models/model-schema.js';
import { loadSteps, mergeAll, profileFeatureDrift } from '../query/series.js';

const WINDOW_MS = 3_600_000;
const PERFORMANCE_KEYS = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'mae', 'rmse', 'mape', 'r2'] as const;
const ESTIMATED_KEYS = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const;
const SNAKE: Record<string, string> = { rocAuc: 'roc_auc' };

export async function refreshGauges(ctx: AppContext): Promise<void> {
  const { metrics, store } = ctx;
  const now = ctx.clock();
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
      const steps = await loadSteps(store, model.id, schema, { from: now - WINDOW_MS, to: now + 1, step: ctx.config.bucket, version });
      if (steps.length === 0) continue;
      const w = mergeAll(steps, schema);
      const labels = { model: model.name, version };
      if (reference !== null) {
        for (const [feature, type] of Object.entries(schema.features)) {
          const d = profileFeatureDrift(reference, w.profile, feature, type);
          if (d === null || !Number.isFinite(d.score)) continue;
          metrics.featureDrift.set({ ...labels, feature, method: d.method }, d.score);
          metrics.featureDrifted.set({ ...labels, feature }, d.drifted ? 1 : 0);
        }
      }
      if (w.rows > 0) metrics.labelCoverage.set(labels, (w.performance?.count ?? 0) / w.rows);
      if (w.performance !== null && w.performance.count > 0) {
        const m = w.performance.metrics() as unknown as Record<string, unknown>;
        for (const k of PERFORMANCE_KEYS) {
          const v = m[k];
          if (typeof v === 'number' && Number.isFinite(v)) metrics.performance.set({ ...labels, metric: SNAKE[k] ?? k }, v);
        }
      }
      if (w.cbpe !== null && w.cbpe.count > 0) {
        const e = w.cbpe.estimate() as unknown as Record<string, unknown>;
        for (const k of ESTIMATED_KEYS) {
          const v = e[k];
          if (typeof v === 'number' && Number.isFinite(v)) metrics.estimatedPerformance.set({ ...labels, metric: SNAKE[k] ?? k }, v);
        }
      }
    }
  }
}
