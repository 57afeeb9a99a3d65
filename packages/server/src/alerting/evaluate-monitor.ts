// One evaluation of one monitor: reads the window's numbers through the same queries the API
// answers with and turns them into series `{ labels, value, firing }` (or no data) for core's rule
// state machine. Monitors judge only on enough data: below their minimum sample or label count an
// evaluation is "no data", not a verdict.

import { PerformanceAccumulator, cbpeBands } from '@vigil/core';
import type { CbpeMetric, EvaluatedSeries, EvaluationResult } from '@vigil/core';
import { Adwin, Ddm, Eddm, HddmA, HddmW, PageHinkley, detectorFromJSON } from '@vigil/stats';
import type { DriftDetector } from '@vigil/stats';
import type { MonitorConfig } from '@vigil/wire';
import { parseDuration } from '../config.js';
import type { AppContext } from '../http/app-context.js';
import { labelKey, normalizePrediction } from '../ingest/normalize.js';
import type { ModelSchema } from '../ingest/normalize.js';
import { modelSchemaOf } from '../models/model-schema.js';
import { decodeReferenceColumns, referenceCbpe } from '../profiler/reference-performance.js';
import { performanceOptions } from '../profiler/profiler.js';
import { loadSteps, mergeAll, pointsOf } from '../query/series.js';
import { DatasetProfile } from '@vigil/core';
import { windowDrift } from '../query/window-drift.js';
import type { ModelRow } from '../storage/store.js';
import type { MonitorRow } from '../storage/alerting-store.js';

export interface MonitorEvaluation {
  result: EvaluationResult;
  /** What the evaluation judged on, shown with the monitor. */
  details: Record<string, unknown>;
  detector?: { state: string; watermark: number };
}

const CAMEL: Record<string, string> = { roc_auc: 'rocAuc' };

export function compare(value: number, op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'ne', bound: number): boolean {
  switch (op) {
    case 'lt':
      return value < bound;
    case 'lte':
      return value <= bound;
    case 'gt':
      return value > bound;
    case 'gte':
      return value >= bound;
    case 'eq':
      return value === bound;
    case 'ne':
      return value !== bound;
  }
}

/** A new online detector of the monitor's kind, with river's default parameters unless given. */
export function createDetector(kind: string, params: Record<string, number>): DriftDetector {
  switch (kind) {
    case 'adwin':
      return new Adwin(params);
    case 'ddm':
      return new Ddm(params);
    case 'eddm':
      return new Eddm(params);
    case 'hddm_a':
      return new HddmA(params);
    case 'hddm_w':
      return new HddmW(params);
    default:
      return new PageHinkley(params);
  }
}

/** The reference's realized value of a metric (for relative performance conditions), or null. */
async function referenceMetric(ctx: AppContext, model: ModelRow, schema: ModelSchema, metric: string): Promise<number | null> {
  const ref = await ctx.store.getReference(model.id);
  if (ref === undefined) return null;
  const cols = decodeReferenceColumns(ref.data);
  if (cols.labels === null || cols.scores === null) return null;
  const acc = new PerformanceAccumulator(performanceOptions(schema));
  for (let i = 0; i < cols.labels.length; i++) {
    const truth = cols.labels[i];
    if (truth === null || truth === undefined) continue;
    const score = cols.scores[i] ?? null;
    acc.add({ label: cols.predictedLabels?.[i] ?? null, score, value: score, probabilities: null }, truth);
  }
  if (acc.count === 0) return null;
  const v = (acc.metrics() as unknown as Record<string, unknown>)[CAMEL[metric] ?? metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export async function evaluateMonitor(ctx: AppContext, monitor: MonitorRow, config: MonitorConfig, now: number): Promise<MonitorEvaluation> {
  const model = await ctx.store.modelById(monitor.model_id);
  if (model === undefined) return { result: { error: `the model of monitor "${monitor.name}" no longer exists` }, details: {} };
  const schema = modelSchemaOf(model);
  const to = now;
  const from = now - parseDuration(config.window);
  const wanted = (f: string) => !('features' in config) || config.features === undefined || config.features.includes(f);

  switch (config.type) {
    case 'drift': {
      const ref = await ctx.store.referenceInfo(model.id);
      if (ref === undefined) return { result: { error: 'the model has no reference data: upload one with POST /v1/models/{model}/reference' }, details: {} };
      const d = await windowDrift(ctx.store, model, schema, { from, to, method: config.method, threshold: config.threshold, bucketMs: ctx.config.bucket });
      const details = { rows: d.rows, basis: d.basis, share: d.share };
      if (d.rows < config.minSamples) return { result: { noData: true }, details: { ...details, reason: `fewer than ${config.minSamples} events in the window` } };
      const series: EvaluatedSeries[] = d.features.filter((f) => wanted(f.name)).map((f) => ({ labels: { feature: f.name, method: f.method }, value: f.score, firing: f.drifted }));
      return { result: series, details };
    }
    case 'quality': {
      const steps = await loadSteps(ctx.store, model.id, schema, { from, to, step: ctx.config.bucket });
      const w = mergeAll(steps, schema);
      if (w.rows < config.minSamples) return { result: { noData: true }, details: { rows: w.rows } };
      const ref = await ctx.store.getReference(model.id);
      const reference = ref === undefined ? null : DatasetProfile.fromBytes(ref.profile);
      const sctx = { schema, reference };
      const series: EvaluatedSeries[] = [];
      const add = (metric: string, max: number) => {
        for (const p of pointsOf(metric, w, sctx)) {
          const feature = p.labels?.['feature'];
          if (feature === undefined || !wanted(feature) || p.value === null) continue;
          series.push({ labels: { feature, check: metric }, value: p.value, firing: p.value > max });
        }
      };
      add('missing_share', config.maxMissingShare);
      if (reference !== null) {
        add('out_of_range_share', config.maxOutOfRangeShare);
        add('new_categories', config.maxNewCategories);
      }
      return { result: series, details: { rows: w.rows } };
    }
    case 'performance': {
      const w = mergeAll(await loadSteps(ctx.store, model.id, schema, { from, to, step: ctx.config.bucket }), schema);
      const labelled = w.performance?.count ?? 0;
      const details: Record<string, unknown> = { rows: w.rows, labelled, labelCoverage: w.rows === 0 ? null : labelled / w.rows };
      if (labelled < config.minLabels || w.performance === null) return { result: { noData: true }, details: { ...details, reason: `fewer than ${config.minLabels} labelled predictions in the window` } };
      const v = (w.performance.metrics() as unknown as Record<string, unknown>)[CAMEL[config.metric] ?? config.metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) return { result: { noData: true }, details: { ...details, reason: `${config.metric} is undefined on this window` } };
      let firing = false;
      if (config.condition !== undefined) firing ||= compare(v, config.condition.op, config.condition.value);
      if (config.relative !== undefined) {
        const base = await referenceMetric(ctx, model, schema, config.metric);
        details['reference'] = base;
        if (base === null) return { result: { error: `the reference has no labels and predictions to compare ${config.metric} with` }, details };
        const lowerIsBetter = ['mae', 'rmse', 'mape'].includes(config.metric);
        firing ||= lowerIsBetter ? v > base + config.relative.drop : v < base - config.relative.drop;
      }
      return { result: [{ labels: { metric: config.metric }, value: v, firing }], details };
    }
    case 'estimated_performance': {
      const w = mergeAll(await loadSteps(ctx.store, model.id, schema, { from, to, step: ctx.config.bucket }), schema);
      if (w.cbpe === null || w.cbpe.count < config.minSamples) return { result: { noData: true }, details: { rows: w.rows } };
      const estimate = w.cbpe.estimate();
      const key = (CAMEL[config.metric] ?? config.metric) as CbpeMetric;
      const v = estimate[key];
      if (v === null || !Number.isFinite(v)) return { result: { noData: true }, details: { rows: w.rows } };
      let firing: boolean;
      const details: Record<string, unknown> = { rows: w.rows };
      if (config.condition !== undefined) firing = compare(v, config.condition.op, config.condition.value);
      else {
        const ref = await ctx.store.getReference(model.id);
        const cbpeRef = ref === undefined ? null : referenceCbpe(ref.performance);
        if (cbpeRef === null) return { result: { error: 'no condition given and the reference has no labels and scores for CBPE thresholds' }, details };
        const band = cbpeBands(estimate, cbpeRef)[key];
        details['lowerThreshold'] = band.lowerThreshold;
        details['upperThreshold'] = band.upperThreshold;
        firing = band.alert;
      }
      return { result: [{ labels: { metric: `estimated_${config.metric}` }, value: v, firing }], details };
    }
    case 'latency': {
      const w = mergeAll(await loadSteps(ctx.store, model.id, schema, { from, to, step: ctx.config.bucket }), schema);
      const p = pointsOf(`latency_p${config.percentile}`, w, { schema, reference: null })[0];
      if (p === undefined || p.value === null) return { result: { noData: true }, details: { rows: w.rows } };
      return { result: [{ labels: { percentile: `p${config.percentile}` }, value: p.value, firing: p.value > config.maxMs }], details: { rows: w.rows } };
    }
    case 'volume': {
      const w = mergeAll(await loadSteps(ctx.store, model.id, schema, { from, to, step: ctx.config.bucket }), schema);
      const low = config.min !== undefined && w.rows < config.min;
      const high = config.max !== undefined && w.rows > config.max;
      return { result: [{ labels: {}, value: w.rows, firing: low || high }], details: { rows: w.rows } };
    }
    case 'concept_drift': {
      const detector = monitor.detector_state === null ? createDetector(config.detector, config.params) : detectorFromJSON(JSON.parse(monitor.detector_state));
      const pairs = await ctx.store.labelledAfter(model.id, monitor.detector_watermark, 50_000);
      let drifted = false;
      let errors = 0;
      for (const pair of pairs) {
        const p = normalizePrediction(JSON.parse(pair.prediction), schema);
        const truth = JSON.parse(pair.label) as string | number | boolean;
        let x: number;
        if (schema.type === 'regression' || schema.type === 'ranking') {
          if (p.score === null || typeof truth !== 'number') continue;
          x = Math.abs(p.score - truth);
        } else {
          x = p.label === labelKey(truth) ? 0 : 1;
        }
        errors += x;
        if (detector.update(x).drift) drifted = true;
      }
      const watermark = pairs.length === 0 ? monitor.detector_watermark : pairs[pairs.length - 1]!.seq;
      const details = { labelsConsumed: pairs.length, errorRate: pairs.length === 0 ? null : errors / pairs.length };
      const detectorState = { state: JSON.stringify(detector.toJSON()), watermark };
      if (pairs.length === 0) return { result: { noData: true }, details, detector: detectorState };
      return { result: [{ labels: { detector: config.detector }, value: drifted ? 1 : 0, firing: drifted }], details, detector: detectorState };
    }
    case 'custom_metric': {
      const rows = await ctx.store.metricSeries(model.id, config.metric, from, to, 100_000);
      if (rows.length === 0) return { result: { noData: true }, details: { points: 0 } };
      const values = rows.map((r) => r.value);
      const agg =
        config.aggregation === 'last'
          ? values[values.length - 1]!
          : config.aggregation === 'max'
            ? Math.max(...values)
            : config.aggregation === 'min'
              ? Math.min(...values)
              : config.aggregation === 'sum'
                ? values.reduce((a, b) => a + b, 0)
                : values.reduce((a, b) => a + b, 0) / values.length;
      return { result: [{ labels: { metric: config.metric }, value: agg, firing: compare(agg, config.condition.op, config.condition.value) }], details: { points: rows.length } };
    }
  }
}
