// Monitors of data pipelines and data quality: `freshness` and `volume` on datasets, `pipeline_run`
// (failed, late — a run that never finishes —, missing), and on models `skew` (against a dataset,
// joined as of each event's time), `schema` (violations counted at ingest), `cardinality` (distinct
// count change against the reference) and `out_of_range`. Creation checks what zod cannot; each
// evaluation returns series `{ labels, value, firing }`, no data, or an error, as the others do.

import { DatasetProfile, cardinalityChange, readableNumber } from '@vigil/core';
import type { EvaluatedSeries, EvaluationResult, ModelSchema } from '@vigil/core';
import type { MonitorConfig } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import { ValidationError } from '../errors.js';
import { PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import { loadSteps, mergeAll, pointsOf } from '../queries/series.js';
import type { MonitorRow } from '../storage/alerting-store.js';
import { DatasetStore } from '../storage/dataset-store.js';
import type { DatasetRow } from '../storage/dataset-store.js';
import type { ModelRow, Store } from '../storage/store.js';
import { datasetConfigOf, freshnessLimitMs } from './dataset-service.js';
import { schemaViolationLog } from './schema-violation-log.js';
import { computeSkew } from './skew-service.js';

export interface DataMonitorEvaluation {
  result: EvaluationResult;
  details: Record<string, unknown>;
}

export interface DataMonitorDeps {
  readonly store: Store;
  readonly bucketMs: number;
}

const n = readableNumber;
/** Runs still running that one evaluation reads at most. */
const RUNNING_LIMIT = 1000;

type Config<T extends MonitorConfig['type']> = Extract<MonitorConfig, { type: T }>;

async function existingDataset(datasets: DatasetStore, projectId: number, name: string): Promise<DatasetRow> {
  const d = await datasets.findDataset(projectId, name);
  if (d === undefined)
    throw new ValidationError(`dataset: no dataset "${name}" in this project`, [
      { path: 'dataset', message: `an existing dataset (no dataset "${name}"; create it with POST /v1/datasets)` },
    ]);
  return d;
}

/** What a dataset monitor needs that zod cannot check: its dataset exists and gives it something to judge by. */
export async function checkDatasetMonitor(datasets: DatasetStore, projectId: number, config: MonitorConfig): Promise<void> {
  switch (config.type) {
    case 'freshness': {
      const d = datasetConfigOf(await existingDataset(datasets, projectId, config.dataset));
      if (config.maxAge === undefined && d.freshness === undefined && d.schedule === undefined)
        throw new ValidationError('maxAge: the dataset has no freshness or schedule to judge by', [
          { path: 'maxAge', message: 'a duration (e.g. "1h"), or give the dataset a freshness or a schedule' },
        ]);
      return;
    }
    case 'volume': {
      if (config.dataset === undefined) return;
      const d = datasetConfigOf(await existingDataset(datasets, projectId, config.dataset));
      if (config.min === undefined && config.max === undefined && d.expectedRows?.min === undefined && d.expectedRows?.max === undefined)
        throw new ValidationError('min: a volume monitor needs min and/or max (the dataset has no expectedRows)', [
          { path: 'min', message: 'a number of rows per window' },
        ]);
      return;
    }
    case 'skew': {
      const d = datasetConfigOf(await existingDataset(datasets, projectId, config.dataset));
      if (d.entityKey === undefined)
        throw new ValidationError(`dataset: dataset "${config.dataset}" has no entityKey to join on`, [
          { path: 'dataset', message: 'a dataset with an entityKey (the column naming the entity a row describes)' },
        ]);
      return;
    }
    default:
      return;
  }
}

/** Monitors that watch a dataset or a pipeline rather than a model; undefined for every other monitor. */
export async function evaluateDatasetMonitor(
  deps: DataMonitorDeps,
  monitor: MonitorRow,
  config: MonitorConfig,
  now: number,
): Promise<DataMonitorEvaluation | undefined> {
  const datasets = new DatasetStore(deps.store.db, deps.store.dialect, deps.store.sqlite);
  const gone = (name: string): DataMonitorEvaluation => ({
    result: { error: `the dataset "${name}" of monitor "${monitor.name}" no longer exists` },
    details: {},
  });
  switch (config.type) {
    case 'freshness': {
      const d = await datasets.findDataset(monitor.project_id, config.dataset);
      if (d === undefined) return gone(config.dataset);
      const limit = config.maxAge === undefined ? freshnessLimitMs(datasetConfigOf(d), now) : parseDuration(config.maxAge);
      if (limit === null)
        return { result: { error: `the dataset "${d.name}" has no freshness or schedule to judge by; give the monitor maxAge` }, details: {} };
      const { last } = await datasets.batchTotals(d.id);
      if (last === null) return { result: { noData: true }, details: { reason: 'the dataset has no batch yet', limitSeconds: limit / 1000 } };
      const age = Math.max(0, now - last) / 1000;
      const stale = age * 1000 > limit;
      const summary = stale
        ? `Dataset ${d.name} is stale: its newest batch is ${n(age)} s old (limit ${n(limit / 1000)} s)`
        : `Dataset ${d.name} is fresh: its newest batch is ${n(age)} s old (limit ${n(limit / 1000)} s)`;
      return {
        result: [{ labels: { dataset: d.name }, value: age, firing: stale, annotations: { summary } }],
        details: { ageSeconds: age, limitSeconds: limit / 1000, lastUpdateAt: new Date(last).toISOString() },
      };
    }
    case 'volume': {
      if (config.dataset === undefined) return undefined;
      const d = await datasets.findDataset(monitor.project_id, config.dataset);
      if (d === undefined) return gone(config.dataset);
      const expected = datasetConfigOf(d).expectedRows;
      const min = config.min ?? expected?.min;
      const max = config.max ?? expected?.max;
      const batches = await datasets.batchesInRange(d.id, now - parseDuration(config.window), now + 1, 100_000);
      const rows = batches.reduce((s, b) => s + b.rows, 0);
      const low = min !== undefined && rows < min;
      const high = max !== undefined && rows > max;
      const bounds = [min === undefined ? undefined : `at least ${min}`, max === undefined ? undefined : `at most ${max}`]
        .filter((x) => x !== undefined)
        .join(' and ');
      const summary = `Dataset ${d.name} took ${rows} rows in ${batches.length} batches in the last ${config.window} (expected ${bounds})`;
      return {
        result: [{ labels: { dataset: d.name }, value: rows, firing: low || high, annotations: { summary } }],
        details: { rows, batches: batches.length },
      };
    }
    case 'pipeline_run':
      return evaluatePipelineRun(datasets, monitor, config, now);
    default:
      return undefined;
  }
}

/**
 * A pipeline's runs, three series: `failed` (the newest finished run failed), `late` (a run has
 * been running longer than `maxDuration` — one that never finishes is caught here —, or the newest
 * run started more than `maxLateness` after its scheduled time) and, with `expectedEvery`,
 * `missing` (no run started for that long).
 */
async function evaluatePipelineRun(datasets: DatasetStore, monitor: MonitorRow, config: Config<'pipeline_run'>, now: number): Promise<DataMonitorEvaluation> {
  const p = config.pipeline;
  const { lastFinished, lastStarted, running } = await datasets.runState(monitor.project_id, p, RUNNING_LIMIT);
  const details: Record<string, unknown> = { running: running.length, lastStatus: lastFinished?.status ?? null };
  if (lastStarted === undefined && config.expectedEvery === undefined)
    return { result: { noData: true }, details: { ...details, reason: `pipeline "${p}" has no run yet` } };
  const series: EvaluatedSeries[] = [];
  if (lastFinished !== undefined) {
    const failed = lastFinished.status === 'failed';
    const summary = failed
      ? `Pipeline ${p}: run ${lastFinished.run_id} failed${lastFinished.error === null ? '' : `: ${lastFinished.error.slice(0, 200)}`}`
      : `Pipeline ${p}: run ${lastFinished.run_id} succeeded`;
    series.push({ labels: { pipeline: p, check: 'failed' }, value: failed ? 1 : 0, firing: failed, annotations: { summary } });
  }
  const maxDuration = parseDuration(config.maxDuration);
  const oldest = running[0];
  const runningFor = oldest === undefined ? 0 : Math.max(0, now - oldest.started_at);
  const lateness = lastStarted?.scheduled_at == null ? null : lastStarted.started_at - lastStarted.scheduled_at;
  const maxLateness = config.maxLateness === undefined ? null : parseDuration(config.maxLateness);
  const stuck = oldest !== undefined && runningFor > maxDuration;
  const startedLate = lateness !== null && maxLateness !== null && lateness > maxLateness;
  if (lastStarted !== undefined) {
    const summary = stuck
      ? `Pipeline ${p}: run ${oldest.run_id} has been running for ${n(runningFor / 1000)} s (limit ${config.maxDuration}); it has not finished`
      : startedLate
        ? `Pipeline ${p}: run ${lastStarted.run_id} started ${n(lateness / 1000)} s after its scheduled time (limit ${config.maxLateness})`
        : `Pipeline ${p}: no run is late`;
    series.push({
      labels: { pipeline: p, check: 'late' },
      value: Math.max(runningFor, lateness ?? 0) / 1000,
      firing: stuck || startedLate,
      annotations: { summary },
    });
  }
  if (config.expectedEvery !== undefined) {
    const every = parseDuration(config.expectedEvery);
    const since = lastStarted === undefined ? null : Math.max(0, now - lastStarted.started_at);
    const missing = since === null || since > every;
    const summary = missing
      ? `Pipeline ${p}: no run started in the last ${config.expectedEvery}${since === null ? ' (none ever)' : ` (the last ${n(since / 1000)} s ago)`}`
      : `Pipeline ${p}: the last run started ${n((since ?? 0) / 1000)} s ago`;
    series.push({ labels: { pipeline: p, check: 'missing' }, value: since === null ? every / 1000 : since / 1000, firing: missing, annotations: { summary } });
  }
  details['runningForSeconds'] = runningFor / 1000;
  return { result: series, details };
}

/** `skew`, `schema`, `cardinality` and `out_of_range`: model monitors of the guide's data-quality table. */
export async function evaluateDataQualityMonitor(
  deps: DataMonitorDeps,
  monitor: MonitorRow,
  model: ModelRow,
  schema: ModelSchema,
  config: Config<'skew' | 'schema' | 'cardinality' | 'out_of_range'>,
  now: number,
): Promise<DataMonitorEvaluation> {
  const { store, bucketMs } = deps;
  const to = now;
  const from = now - parseDuration(config.window);
  const wanted = (f: string) => !('features' in config) || config.features === undefined || config.features.includes(f);
  switch (config.type) {
    case 'skew': {
      const datasets = new DatasetStore(store.db, store.dialect, store.sqlite);
      const d = await datasets.findDataset(monitor.project_id, config.dataset);
      if (d === undefined) return { result: { error: `the dataset "${config.dataset}" of monitor "${monitor.name}" no longer exists` }, details: {} };
      const r = await computeSkew({ store, datasetStore: datasets }, model, d, { from, to, features: config.features });
      const details = { joined: r.joined, unmatched: r.unmatched };
      if (r.joined < config.minSamples)
        return {
          result: { noData: true },
          details: { ...details, reason: `fewer than ${config.minSamples} served events joined to the dataset in the window` },
        };
      const series = r.features.map((f) => ({
        labels: { feature: f.name, dataset: d.name },
        value: f.mismatchShare,
        firing: f.mismatchShare > config.threshold,
        annotations: {
          summary: `Feature ${f.name} differs from dataset ${d.name} in ${n(f.mismatchShare * 100)} % of ${f.compared} served events (threshold ${n(config.threshold * 100)} %)`,
        },
      }));
      return { result: series, details };
    }
    case 'schema': {
      const c = schemaViolationLog(store).sum(model.id, from, to);
      const total = c.type + c.unknown + c.missing;
      const summary =
        total === 0
          ? `No schema violation in the last ${config.window}`
          : `${total} schema violations in the last ${config.window}: ${c.type} type contradictions, ${c.unknown} unknown features, ${c.missing} missing features`;
      return { result: [{ labels: {}, value: total, firing: total > config.maxViolations, annotations: { summary } }], details: { ...c } };
    }
    case 'cardinality':
    case 'out_of_range': {
      const w = mergeAll(await loadSteps(store, model.id, schema, { from, to, step: bucketMs }), schema);
      if (w.rows < config.minSamples)
        return { result: { noData: true }, details: { rows: w.rows, reason: `fewer than ${config.minSamples} events in the window` } };
      const ref = await store.getReference(model.id);
      if (ref === undefined) return { result: { error: 'the model has no reference data: upload one with POST /v1/models/{model}/reference' }, details: {} };
      const reference = DatasetProfile.fromBytes(ref.profile);
      const series: EvaluatedSeries[] = [];
      if (config.type === 'out_of_range') {
        for (const p of pointsOf('out_of_range_share', w, { schema, reference })) {
          const feature = p.labels?.['feature'];
          if (feature === undefined || !wanted(feature) || p.value === null) continue;
          const summary = `${n(p.value * 100)} % of feature ${feature} lies outside the reference's range (threshold ${n(config.maxShare * 100)} %)`;
          series.push({ labels: { feature }, value: p.value, firing: p.value > config.maxShare, annotations: { summary } });
        }
      } else {
        for (const [feature, type] of Object.entries(schema.features)) {
          if ((type !== 'categorical' && type !== 'boolean') || !wanted(feature)) continue;
          const column = PROFILE_COLUMNS.feature(feature);
          const c = cardinalityChange(w.profile.column(column), reference.columns.get(column));
          if (c === null) continue;
          const value = Number.isFinite(c.change) ? c.change : Number.MAX_VALUE;
          const summary = `Feature ${feature} has ${n(c.current)} distinct values against ${n(c.reference)} in the reference: a change of ${Number.isFinite(c.change) ? `${n(c.change * 100)} %` : 'all of them'} (threshold ${n(config.maxChange * 100)} %)`;
          series.push({ labels: { feature }, value, firing: c.change > config.maxChange, annotations: { summary } });
        }
      }
      return { result: series, details: { rows: w.rows } };
    }
  }
}
