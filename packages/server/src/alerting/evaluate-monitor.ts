// One evaluation of one monitor: reads the window's numbers through the same queries the API
// answers with and turns them into series `{ labels, value, firing }` (or no data) for core's rule
// state machine, with core's decisions (comparisons, detectors, metric names). Monitors judge only
// on enough data: below their minimum sample or label count an evaluation is "no data", not a verdict.
// Each series carries its default summary (monitor-summaries.ts), which a monitor's own template replaces.

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
  newCategories,
} from '@vigil/core';
import type { AlertRuleState, CbpeMetric, EvaluatedSeries, EvaluationResult, ModelSchema } from '@vigil/core';
import { detectorFromJSON } from '@vigil/stats';
import type { MonitorConfig, PerformanceMetric } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import { evaluateExperimentMonitor, isExperimentMonitor } from '../experiments/experiment-monitors.js';
import { evaluateInfrastructureMonitor } from '../infrastructure/infrastructure-monitor.js';
import { evaluateFairnessMonitor } from '../governance/fairness-monitor.js';
import { evaluateDataQualityMonitor, evaluateDatasetMonitor } from '../datasets/dataset-monitors.js';
import { modelSchemaOf } from '../models/model-records.js';
import { decodeReferenceColumns, referenceCbpe } from '../models/reference-data.js';
import { loadSteps, mergeAll, pointsOf } from '../queries/series.js';
import { windowDrift } from '../queries/window-drift.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import type { MonitorRow } from '../storage/alerting-store.js';
import type { ModelRow, Store } from '../storage/store.js';
import {
  conceptDriftSummary,
  customMetricSummary,
  driftSummary,
  estimatedSummary,
  latencySummary,
  missingSummary,
  newCategoriesSummary,
  outOfRangeSummary,
  performanceSummary,
  volumeSummary,
} from './monitor-summaries.js';

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

/** When a concept-drift monitor last consumed labels (kept with its last evaluation), or null. */
function lastLabelsTime(monitor: MonitorRow): number | null {
  if (monitor.last_details === null) return null;
  const at = (JSON.parse(monitor.last_details) as { lastLabelsAt?: unknown }).lastLabelsAt;
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The monitor's pending or firing alert of the series with these labels: the verdict that stands while nothing new comes. */
function lastVerdict(monitor: MonitorRow, labels: Readonly<Record<string, string>>): { value: number; annotations: Record<string, string> } | undefined {
  if (monitor.rule_state === null) return undefined;
  const state = JSON.parse(monitor.rule_state) as AlertRuleState;
  const open = state.instances.find(
    (i) => i.kind === 'series' && i.state !== 'resolved' && i.keepFiringSince === undefined && Object.entries(labels).every(([k, v]) => i.labels[k] === v),
  );
  return open === undefined ? undefined : { value: open.value ?? 1, annotations: open.annotations };
}

export async function evaluateMonitor(deps: EvaluateDeps, monitor: MonitorRow, config: MonitorConfig, now: number): Promise<MonitorEvaluation> {
  const { store, bucketMs } = deps;
  if (isExperimentMonitor(config)) return evaluateExperimentMonitor(store, monitor, config, { now, profileBucketMs: bucketMs });
  // Infrastructure monitors watch hosts (those serving the model, when they name one).
  if (config.type === 'infrastructure') return evaluateInfrastructureMonitor(deps, monitor, config, now);
  // Fairness monitors judge the raw events of their window (governance/fairness-monitor.ts).
  if (config.type === 'fairness') return evaluateFairnessMonitor(deps, monitor, config, now);
  const data = await evaluateDatasetMonitor(deps, monitor, config, now);
  if (data !== undefined) return data;
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
        .map((f) => ({ labels: { feature: f.name, method: f.method }, value: f.score, firing: f.drifted, annotations: { summary: driftSummary(f) } }));
      return { result: series, details };
    }
    case 'quality': {
      const w = await window();
      if (w.rows < config.minSamples) return { result: { noData: true }, details: { rows: w.rows } };
      const ref = await store.getReference(model.id);
      const reference = ref === undefined ? null : DatasetProfile.fromBytes(ref.profile);
      const sctx = { schema, reference };
      const series: EvaluatedSeries[] = [];
      const add = (metric: string, max: number, summary: (feature: string, value: number) => string) => {
        for (const p of pointsOf(metric, w, sctx)) {
          const feature = p.labels?.['feature'];
          if (feature === undefined || !wanted(feature) || p.value === null) continue;
          series.push({ labels: { feature, check: metric }, value: p.value, firing: p.value > max, annotations: { summary: summary(feature, p.value) } });
        }
      };
      add('missing_share', config.maxMissingShare, (f, v) => missingSummary(f, v, config.maxMissingShare));
      if (reference !== null) {
        add('out_of_range_share', config.maxOutOfRangeShare, (f, v) => outOfRangeSummary(f, v, config.maxOutOfRangeShare));
        const column = (f: string) => PROFILE_COLUMNS.feature(f);
        add('new_categories', config.maxNewCategories, (f) =>
          newCategoriesSummary(f, newCategories(w.profile.column(column(f)), reference.columns.get(column(f))), config.maxNewCategories),
        );
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
      let base: number | null = null;
      if (config.condition !== undefined) firing ||= compare(v, config.condition.op, config.condition.value);
      if (config.relative !== undefined) {
        base = await referenceMetric(store, model, schema, config.metric);
        details['reference'] = base;
        if (base === null) return { result: { error: `the reference has no labels and predictions to compare ${config.metric} with` }, details };
        firing ||= droppedBelowReference(config.metric, v, base, config.relative.drop);
      }
      const summary = performanceSummary(
        config.metric,
        v,
        config.condition,
        config.relative === undefined ? undefined : { drop: config.relative.drop, reference: base },
      );
      return { result: [{ labels: { metric: config.metric }, value: v, firing, annotations: { summary } }], details };
    }
    case 'estimated_performance': {
      const w = await window();
      if (w.cbpe === null || w.cbpe.count < config.minSamples) return { result: { noData: true }, details: { rows: w.rows } };
      const estimate = w.cbpe.estimate();
      const v = estimatedMetricValue(estimate, config.metric);
      if (v === null) return { result: { noData: true }, details: { rows: w.rows } };
      let firing: boolean;
      let summary: string;
      const details: Record<string, unknown> = { rows: w.rows };
      if (config.condition !== undefined) {
        firing = compare(v, config.condition.op, config.condition.value);
        summary = estimatedSummary(config.metric, v, config.condition);
      } else {
        const ref = await store.getReference(model.id);
        const cbpeRef = ref === undefined ? null : referenceCbpe(ref.performance);
        if (cbpeRef === null) return { result: { error: 'no condition given and the reference has no labels and scores for CBPE thresholds' }, details };
        const band = cbpeBands(estimate, cbpeRef)[metricField(config.metric) as CbpeMetric];
        details['lowerThreshold'] = band.lowerThreshold;
        details['upperThreshold'] = band.upperThreshold;
        firing = band.alert;
        summary = estimatedSummary(config.metric, v, { lower: band.lowerThreshold, upper: band.upperThreshold });
      }
      return { result: [{ labels: { metric: `estimated_${config.metric}` }, value: v, firing, annotations: { summary } }], details };
    }
    case 'latency': {
      const w = await window();
      const p = pointsOf(`latency_p${config.percentile}`, w, { schema, reference: null })[0];
      if (p === undefined || p.value === null) return { result: { noData: true }, details: { rows: w.rows } };
      const annotations = { summary: latencySummary(config.percentile, p.value, config.maxMs) };
      return {
        result: [{ labels: { percentile: `p${config.percentile}` }, value: p.value, firing: p.value > config.maxMs, annotations }],
        details: { rows: w.rows },
      };
    }
    case 'volume': {
      const w = await window();
      const low = config.min !== undefined && w.rows < config.min;
      const high = config.max !== undefined && w.rows > config.max;
      const annotations = { summary: volumeSummary(w.rows, config.window, config.min, config.max) };
      return { result: [{ labels: {}, value: w.rows, firing: low || high, annotations }], details: { rows: w.rows } };
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
      const detectorState = { state: JSON.stringify(detector.toJSON()), watermark };
      const labels = { detector: config.detector };
      if (pairs.length > 0) {
        const errorRate = errors / pairs.length;
        const details = { labelsConsumed: pairs.length, errorRate, lastLabelsAt: new Date(now).toISOString() };
        const summary = conceptDriftSummary(config.detector, drifted, pairs.length, errorRate);
        return { result: [{ labels, value: drifted ? 1 : 0, firing: drifted, annotations: { summary } }], details, detector: detectorState };
      }
      // Labels come in bursts, late: a pause shorter than the window is not "no data". Until new
      // labels arrive the detector has nothing new to judge, so its last verdict stands.
      const lastLabelsAt = lastLabelsTime(monitor);
      const details = { labelsConsumed: 0, errorRate: null, lastLabelsAt: lastLabelsAt === null ? null : new Date(lastLabelsAt).toISOString() };
      if (lastLabelsAt === null || now - lastLabelsAt >= parseDuration(config.window))
        return { result: { noData: true }, details: { ...details, reason: `no new labels in the last ${config.window}` }, detector: detectorState };
      const last = lastVerdict(monitor, labels);
      const annotations = last?.annotations ?? { summary: conceptDriftSummary(config.detector, false, 0, null) };
      return { result: [{ labels, value: last?.value ?? 0, firing: last !== undefined, annotations }], details, detector: detectorState };
    }
    case 'freshness':
    case 'pipeline_run':
      // Answered above (evaluateDatasetMonitor): they watch a dataset or a pipeline, not a model.
      return { result: { error: `a ${config.type} monitor watches no model` }, details: {} };
    case 'skew':
    case 'schema':
    case 'cardinality':
    case 'out_of_range':
      return evaluateDataQualityMonitor(deps, monitor, model, schema, config, now);
    case 'custom_metric': {
      const rows = await store.metricSeries(model.id, config.metric, from, to, CUSTOM_POINTS_LIMIT);
      if (rows.length === 0) return { result: { noData: true }, details: { points: 0 } };
      const value = aggregate(
        rows.map((r) => r.value),
        config.aggregation,
      );
      const annotations = { summary: customMetricSummary(config.metric, config.aggregation, config.window, value, config.condition) };
      return {
        result: [{ labels: { metric: config.metric }, value, firing: compare(value, config.condition.op, config.condition.value), annotations }],
        details: { points: rows.length },
      };
    }
  }
}
