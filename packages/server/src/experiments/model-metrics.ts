// Champion/challenger: the metrics a variant bound to a model version gets from that version's own
// traffic over the experiment's span, read off the profiler's bucket profiles (never the events):
// accuracy and error rate from labelled predictions, latency and cost from their moments.

import type { ExperimentConfig, ExperimentMetricKind } from '@vigil/wire';
import { MODEL_EXPERIMENT_METRICS } from '@vigil/wire';
import { modelSchemaOf } from '../models/model-records.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import { loadSteps, mergeAll } from '../queries/series.js';
import type { StepState } from '../queries/series.js';
import type { ExperimentRow } from '../storage/experiments-store.js';
import type { Store } from '../storage/store.js';
import type { MetricArm, ModelMetricArms } from './results.js';

type ModelMetric = (typeof MODEL_EXPERIMENT_METRICS)[number];

/** Each model metric's kind and direction: errors, latency and cost are better lower. */
const MODEL_METRICS: Record<ModelMetric, { kind: ExperimentMetricKind; inverse: boolean }> = {
  accuracy: { kind: 'proportion', inverse: false },
  error_rate: { kind: 'proportion', inverse: true },
  latency_ms: { kind: 'mean', inverse: true },
  cost_usd: { kind: 'mean', inverse: true },
};

function momentsArm(w: StepState, column: string): MetricArm {
  const c = w.profile.column(column);
  if (c === undefined || c.moments.n === 0) return { n: 0, sum: 0, sumSquares: 0 };
  const m = c.moments;
  return { n: m.n, sum: m.mean * m.n, sumSquares: m.m2 + m.n * m.mean * m.mean };
}

function armOf(metric: ModelMetric, w: StepState): MetricArm | null {
  switch (metric) {
    case 'accuracy':
    case 'error_rate': {
      const p = w.performance;
      if (p === null || p.count === 0) return { n: 0, sum: 0 };
      const metrics = p.metrics();
      const accuracy = 'accuracy' in metrics ? metrics.accuracy : null;
      if (accuracy === null) return null;
      const correct = Math.round(accuracy * p.count);
      return { n: p.count, sum: metric === 'accuracy' ? correct : p.count - correct };
    }
    case 'latency_ms':
      return momentsArm(w, PROFILE_COLUMNS.latency);
    case 'cost_usd':
      return momentsArm(w, PROFILE_COLUMNS.cost);
  }
}

/**
 * The model metrics of an experiment whose variants are bound to model versions: the declared ones
 * (`source: 'model'`) with their role, and every other one as a secondary metric. A variant bound to
 * no model has no arm (null). The span is the experiment's: from its creation to its stop (or now).
 */
export async function modelMetricArms(
  store: Store,
  row: ExperimentRow,
  config: ExperimentConfig,
  at: { now: number; bucketMs: number },
): Promise<ModelMetricArms[]> {
  if (!config.variants.some((v) => v.model !== undefined)) return [];
  const from = Math.floor(row.created_at / at.bucketMs) * at.bucketMs;
  const to = row.stopped_at ?? at.now;
  const windows: (StepState | null)[] = [];
  for (const v of config.variants) {
    if (v.model === undefined) {
      windows.push(null);
      continue;
    }
    const model = await store.findModel(row.project_id, v.model);
    if (model === undefined) {
      windows.push(null);
      continue;
    }
    const schema = modelSchemaOf(model);
    const step = Math.max(at.bucketMs, Math.ceil((to - from + 1) / at.bucketMs) * at.bucketMs);
    windows.push(mergeAll(await loadSteps(store, model.id, schema, { from, to: to + 1, step, version: v.version }), schema));
  }
  const declared = new Map(config.metrics.filter((m) => m.source === 'model').map((m) => [m.name, m.role]));
  return MODEL_EXPERIMENT_METRICS.map((name) => ({
    name,
    ...MODEL_METRICS[name],
    role: declared.get(name) ?? 'secondary',
    arms: windows.map((w) => (w === null ? null : armOf(name, w))),
  }));
}
