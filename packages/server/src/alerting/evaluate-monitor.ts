// One evaluation of one monitor: reads the window's numbers through the same queries the API
// answers with and turns them into series `{ labels, value, firing }` (or no data) for core's rule
// state machine, with core's decisions (comparisons, detectors, metric names). Monitors judge only
// on enough data: below their minimum sample or label count an evaluation is "no data", not a verdict.

import {
  DatasetProfile,
  PerformanceAccumulator,
  aggregate,
  cbpeBands,
  compare,
  createDetector,
  droppedBelowReference,
  estimatedMetricValue,
  metricField,
  normalizePrediction,
  performanceMetricValue,
  performanceOptions,
  predictionError,
} from '@vigil/core';
import type { CbpeMetric, EvaluatedSeries, EvaluationResult, ModelSchema } from '@vigil/core';
import { detectorFromJSON } from '@vigil/stats';
import type { MonitorConfig, PerformanceMetric } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import { modelSchemaOf } from '../models/model-records.js';
import { decodeReferenceColumns, referenceCbpe } from '../models/reference-data.js';
import { loadSteps, mergeAll, pointsOf } from '../queries/series.js';
import { windowDrift } from '../queries/window-drift.js';
import type { MonitorRow } from '../storage/alerting-store.js';
import type { ModelRow, Store } from '../storage/store.js';

export interface MonitorEvaluation {
  result: EvaluationResult;
  /** What the evaluation judged on, shown with the monitor. */
  details: Record<string, unknown>;
  detector?: { state: string; watermark: number };
}

export interface EvaluateDeps {
  readonly store: Store;
  /** Width of a profile bucket. */
  readonly bucketMs: number;
}

/** Labels a concept-drift monitor reads per evaluation. */
const LABELS_PER_EVALUATION = 50_000;
const CUSTOM_POINTS_LIMIT = 100_000;

/** The reference's realized value of a metric (for relative performance conditions), or null. */
async function referenceMetric(store: Store, model: ModelRow, schema: ModelSchema, metric: PerformanceMetric): Promise<number | null> {
  const ref = await store.getReference(model.id);
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
  return performanceMetricValue(acc.metrics(), metric);
}

export async function evaluateMonitor(deps: EvaluateDeps, monitor: MonitorRow, config: MonitorConfig, now: number): Promise<MonitorEvaluation> {
  const { store, bucketMs } = deps;
  const model = await store.modelById(monitor.model_id);
  if (model === undefined) return { result: { error: `the model of monitor "${monitor.name}" no longer exists` }, details: {} };
  const schema = modelSchemaOf(model);
  const to = now;
  const from = now - parseDuration(config.window);
  const wanted = (f: string) => !('features' in config) || config.features === undefined || config.features.includes(f);
  const window = async () => mergeAll(await loadSteps(store, model.id, schema, { from, to, step: bucketMs }), schema);

  switch (config.type) {
    case 'drift': {
      const ref = await store.referenceInfo(model.id);
      if (ref === undefined) return { result: { error: 'the model has no reference data: upload one with POST /v1/models/{model}/reference' }, details: {} };
      const d = await windowDrift(store, model, schema, { from, to, method: config.method, threshold: config.threshold, bucketMs });
      const details = { rows: d.rows, basis: d.basis, share: d.share };
      if (d.rows < config.minSamples)
        return { result: { noData: true }, details: { ...details, reason: `fewer than ${config.minSamples} events in the window` } };
      const series: EvaluatedSeries[] = d.features
        .filter((f) => wanted(f.name))
        .map((f) => ({ labels: { feature: f.name, method: f.method }, value: f.score, firing: f.drifted }));
      return { result: series, details };
    }
    case 'quality': {
      const w = await window();
      if (w.rows < config.minSamples) return { result: { noData: true }, details: { rows: w.rows } };
      const ref = await store.getReference(model.id);
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
      const w = await window();
      const labelled = w.performance?.count ?? 0;
      const details: Record<string, unknown> = { rows: w.rows, labelled, labelCoverage: w.rows === 0 ? null : labelled / w.rows };
      if (labelled < config.minLabels || w.performance === null)
        return { result: { noData: true }, details: { ...details, reason: `fewer than ${config.minLabels} labelled predictions in the window` } };
      const v = performanceMetricValue(w.performance.metrics(), config.metric);
      if (v === null) return { result: { noData: true }, details: { ...details, reason: `${config.metric} is undefined on this window` } };
      let firing = false;
      if (config.condition !== undefined) firing ||= compare(v, config.condition.op, config.condition.value);
      if (config.relative !== undefined) {
        const base = await referenceMetric(store, model, schema, config.metric);
        details['reference'] = base;
        if (base === null) return { result: { error: `the reference has no labels and predictions to compare ${config.metric} with` }, details };
        firing ||= droppedBelowReference(config.metric, v, base, config.relative.drop);
      }
      return { result: [{ labels: { metric: config.metric }, value: v, firing }], details };
    }
    case 'estimated_performance': {
      const w = await window();
      if (w.cbpe === null || w.cbpe.count < config.minSamples) return { result: { noData: true }, details: { rows: w.rows } };
      const estimate = w.cbpe.estimate();
      const v = estimatedMetricValue(estimate, config.metric);
      if (v === null) return { result: { noData: true }, details: { rows: w.rows } };
      let firing: boolean;
      const details: Record<string, unknown> = { rows: w.rows };
      if (config.condition !== undefined) firing = compare(v, config.condition.op, config.condition.value);
      else {
        const ref = await store.getReference(model.id);
        const cbpeRef = ref === undefined ? null : referenceCbpe(ref.performance);
        if (cbpeRef === null) return { result: { error: 'no condition given and the reference has no labels and scores for CBPE thresholds' }, details };
        const band = cbpeBands(estimate, cbpeRef)[metricField(config.metric) as CbpeMetric];
        details['lowerThreshold'] = band.lowerThreshold;
        details['upperThreshold'] = band.upperThreshold;
        firing = band.alert;
      }
      return { result: [{ labels: { metric: `estimated_${config.metric}` }, value: v, firing }], details };
    }
    case 'latency': {
      const w = await window();
      const p = pointsOf(`latency_p${config.percentile}`, w, { schema, reference: null })[0];
      if (p === undefined || p.value === null) return { result: { noData: true }, details: { rows: w.rows } };
      return { result: [{ labels: { percentile: `p${config.percentile}` }, value: p.value, firing: p.value > config.maxMs }], details: { rows: w.rows } };
    }
    case 'volume': {
      const w = await window();
      const low = config.min !== undefined && w.rows < config.min;
      const high = config.max !== undefined && w.rows > config.max;
      return { result: [{ labels: {}, value: w.rows, firing: low || high }], details: { rows: w.rows } };
    }
    case 'concept_drift': {
      const detector = monitor.detector_state === null ? createDetector(config.detector, config.params) : detectorFromJSON(JSON.parse(monitor.detector_state));
      const pairs = await store.labelledAfter(model.id, monitor.detector_watermark, LABELS_PER_EVALUATION);
      let drifted = false;
      let errors = 0;
      for (const pair of pairs) {
        const x = predictionError(normalizePrediction(JSON.parse(pair.prediction), schema), JSON.parse(pair.label) as string | number | boolean, schema);
        if (x === null) continue;
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
      const rows = await store.metricSeries(model.id, config.metric, from, to, CUSTOM_POINTS_LIMIT);
      if (rows.length === 0) return { result: { noData: true }, details: { points: 0 } };
      const value = aggregate(
        rows.map((r) => r.value),
        config.aggregation,
      );
      return {
        result: [{ labels: { metric: config.metric }, value, firing: compare(value, config.condition.op, config.condition.value) }],
        details: { points: rows.length },
      };
    }
  }
}
