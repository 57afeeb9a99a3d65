// Champion/challenger: the metrics a variant bound to a model version gets from that version's own
// traffic over the experiment's span, read off the profiler's bucket profiles (never the events):
// accuracy and error rate from labelled predictions, latency and cost from their moments; and for a
// shadow variant, how often it agrees with the control on the same requests.

import { normalizePrediction } from '@vigil/core';
import type { ModelSchema } from '@vigil/core';
import type { ExperimentConfig, ExperimentMetricKind, PredictionValue } from '@vigil/wire';
import { MODEL_EXPERIMENT_METRICS } from '@vigil/wire';
import { modelSchemaOf } from '../models/model-records.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import { loadSteps, mergeAll } from '../queries/series.js';
import type { StepState } from '../queries/series.js';
import type { ExperimentRow } from '../storage/experiments-store.js';
import type { Store } from '../storage/store.js';
import type { MetricArm, ModelMetricArms } from '@vigil/core';

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

/** Most request ids a shadow comparison reads (the latest ones of the experiment's span). */
export const SHADOW_PAIRS_LIMIT = 100_000;

/**
 * A shadow variant against the control on the same request ids: for classification the share of
 * requests where both predict the same label (`agreement`, a proportion), for regression the
 * absolute difference of their predictions (`prediction_difference`, a mean). Only the shadow
 * variant has an arm; the rest are null.
 */
async function shadowMetrics(
  store: Store,
  row: ExperimentRow,
  config: ExperimentConfig,
  span: { from: number; to: number },
  control: { id: number; schema: ModelSchema } | null,
): Promise<ModelMetricArms[]> {
  const control0 = config.variants[0]!;
  if (control === null || !config.variants.some((v) => v.shadow === true)) return [];
  const classification = control.schema.type === 'binary' || control.schema.type === 'multiclass';
  const arms: (MetricArm | null)[] = [];
  for (const v of config.variants) {
    if (v.shadow !== true || v.model === undefined) {
      arms.push(null);
      continue;
    }
    const shadow = await store.findModel(row.project_id, v.model);
    if (shadow === undefined) {
      arms.push(null);
      continue;
    }
    const shadowSchema = modelSchemaOf(shadow);
    const pairs = await store.experiments.predictionPairs(
      { modelId: control.id, version: control0.version },
      { modelId: shadow.id, version: v.version },
      span.from,
      span.to,
      SHADOW_PAIRS_LIMIT,
    );
    let n = 0;
    let sum = 0;
    let sumSquares = 0;
    for (const p of pairs) {
      const a = normalizePrediction(JSON.parse(p.a) as PredictionValue, control.schema);
      const b = normalizePrediction(JSON.parse(p.b) as PredictionValue, shadowSchema);
      if (classification) {
        if (a.label === null || b.label === null) continue;
        n++;
        sum += a.label === b.label ? 1 : 0;
      } else {
        if (a.score === null || b.score === null) continue;
        const d = Math.abs(a.score - b.score);
        n++;
        sum += d;
        sumSquares += d * d;
      }
    }
    arms.push(classification ? { n, sum } : { n, sum, sumSquares });
  }
  return [
    classification
      ? { name: 'agreement', kind: 'proportion', role: 'secondary', inverse: false, arms }
      : { name: 'prediction_difference', kind: 'mean', role: 'secondary', inverse: true, arms },
  ];
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
  let control: { id: number; schema: ModelSchema } | null = null;
  for (const [i, v] of config.variants.entries()) {
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
    if (i === 0) control = { id: model.id, schema };
    const step = Math.max(at.bucketMs, Math.ceil((to - from + 1) / at.bucketMs) * at.bucketMs);
    windows.push(mergeAll(await loadSteps(store, model.id, schema, { from, to: to + 1, step, version: v.version }), schema));
  }
  const declared = new Map(config.metrics.filter((m) => m.source === 'model').map((m) => [m.name, m.role]));
  const own: ModelMetricArms[] = MODEL_EXPERIMENT_METRICS.map((name) => ({
    name,
    ...MODEL_METRICS[name],
    role: declared.get(name) ?? 'secondary',
    arms: windows.map((w) => (w === null ? null : armOf(name, w))),
  }));
  return [...own, ...(await shadowMetrics(store, row, config, { from, to }, control))];
}
