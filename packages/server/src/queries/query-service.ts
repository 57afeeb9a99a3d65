// Reading a model's data: one stored prediction, a metric over time (from bucket profiles, or raw
// custom metric points), and the drift of a window against the reference.

import { DatasetProfile, nanosToUsd } from '@vigil/core';
import type { ModelSchema } from '@vigil/core';
import type {
  DriftQuery,
  DriftResponse,
  FeatureValue,
  LabelValue,
  PredictionRecord,
  PredictionValue,
  SegmentCondition,
  SegmentList,
  SegmentListQuery,
  SeriesPoint,
  SeriesQuery,
  SeriesResponse,
} from '@vigil/wire';
import { COST_SERIES_METRICS, CUSTOM_METRIC_PREFIX, MAX_SERIES_POINTS, REFERENCE_SERIES_METRICS } from '@vigil/wire';
import { BadRequestError, NotFoundError, VigilError } from '../errors.js';
import { modelSchemaOf } from '../models/model-records.js';
import type { ModelService } from '../models/model-service.js';
import { referenceCalibrator, referenceCbpe } from '../models/reference-data.js';
import type { ModelRow, Store } from '../storage/store.js';
import { MergedProfile } from './merged-profile.js';
import { matchingSegments, segmentOf } from './segment-filter.js';
import type { SegmentFilter } from './segment-filter.js';
import { loadSteps, pointsOf } from './series.js';
import type { StepState } from './series.js';
import { SLICE_EVENT_LIMIT, SliceFilter, sliceWindowTooLarge } from './slice-filter.js';
import { slicedSteps } from './sliced-steps.js';
import { windowEvents } from '../storage/window-events.js';
import { windowDrift } from './window-drift.js';
import { QueryGate } from './query-gate.js';
import { WorkerPool } from '../workers/worker-pool.js';
import type { DriftWorkerResult } from './drift-worker.js';
import type { ExactDriftInput, ExactDriftResult } from './window-drift.js';

export interface QueryServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly models: ModelService;
  /** Width of a profile bucket: the finest step a series has. */
  readonly bucketMs: number;
  /** Where heavy reads (series, drift) wait their turn (default: a gate of its own). */
  readonly gate?: QueryGate;
  /** Threads that compute exact drift on raw events (default 1). */
  readonly driftWorkers?: number;
  /** Raw events a sliced query (series, drift) reads at most (default SLICE_EVENT_LIMIT); a larger window is refused. */
  readonly sliceMaxEvents?: number;
  /** Answers the cost metrics (`COST_SERIES_METRICS`: events' costs and the model's share of its hosts), when cost is set up. */
  readonly costSeries?: (
    projectId: number,
    model: ModelRow,
    q: SeriesQuery,
    range: { from: number; to: number; step: number; alignedFrom: number },
  ) => Promise<SeriesResponse>;
}

// The worker module beside this one: TypeScript when this runs from source, else the built JavaScript.
const DRIFT_WORKER = new URL(import.meta.url.endsWith('.ts') ? './drift-worker.ts' : './drift-worker.js', import.meta.url);

const DAY = 86_400_000;
const HOUR = 3_600_000;

export class QueryService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly models: ModelService;
  private readonly bucketMs: number;
  private readonly gate: QueryGate;
  private readonly driftWorkers: WorkerPool<ExactDriftInput, DriftWorkerResult>;
  private readonly costSeries: QueryServiceDeps['costSeries'];
  private readonly sliceMaxEvents: number;

  constructor(deps: QueryServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.models = deps.models;
    this.bucketMs = deps.bucketMs;
    this.gate = deps.gate ?? new QueryGate();
    this.costSeries = deps.costSeries;
    this.sliceMaxEvents = deps.sliceMaxEvents ?? SLICE_EVENT_LIMIT;
    this.driftWorkers = new WorkerPool({ entry: DRIFT_WORKER, size: deps.driftWorkers ?? 1, maxQueued: 32, maxHeapMb: 2048, what: 'drift queries' });
  }

  async prediction(projectId: number, modelName: string, id: string): Promise<PredictionRecord> {
    const model = await this.models.resolve(projectId, modelName);
    const found = await this.store.findPrediction(model.id, id);
    if (found === undefined) throw new NotFoundError(`no prediction "${id}" for model "${model.name}"`);
    const p = found.prediction;
    return {
      id: p.event_id,
      timestamp: new Date(p.ts).toISOString(),
      version: p.version,
      features: JSON.parse(p.features) as Record<string, FeatureValue>,
      prediction: JSON.parse(p.prediction) as PredictionValue,
      latencyMs: p.latency_ms,
      segment: p.segment === '' ? null : (JSON.parse(p.segment) as Record<string, string>),
      // The event's cost: its own, or what ingest priced from its tokens or per prediction.
      costUsd: p.cost_nanos === null || p.cost_nanos === undefined ? p.cost_usd : nanosToUsd(BigInt(p.cost_nanos)),
      traceId: p.trace_id,
      label: found.label === undefined ? null : { value: JSON.parse(found.label.label) as LabelValue, timestamp: new Date(found.label.ts).toISOString() },
    };
  }

  /** A metric over [from, to) (default: the last day) in steps of whole buckets. */
  /** A metric's series per bucket; a heavy read, run when the query gate gives it a turn. */
  series(projectId: number, modelName: string, q: SeriesQuery): Promise<SeriesResponse> {
    return this.gate.run(() => this.computeSeries(projectId, modelName, q));
  }

  private async computeSeries(projectId: number, modelName: string, q: SeriesQuery): Promise<SeriesResponse> {
    const model = await this.models.resolve(projectId, modelName);
    const schema = modelSchemaOf(model);
    const bucket = this.bucketMs;
    const to = q.to ?? this.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    // A step is a whole number of buckets: the profiles cannot be split finer.
    const step = Math.max(bucket, Math.round((q.step ?? bucket) / bucket) * bucket);
    if ((to - from) / step > 100 * MAX_SERIES_POINTS)
      throw new BadRequestError('the range holds too many steps; widen step or narrow the range', [
        { path: 'query.step', message: `at least ${Math.ceil((to - from) / (100 * MAX_SERIES_POINTS) / 1000)}s` },
      ]);
    const alignedFrom = Math.floor(from / step) * step;
    const base = { metric: q.metric, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: step / 1000 };
    const sliced = q.slice !== undefined && q.slice.length > 0;
    // A slice keeps events by their features: what is not read from events (custom metric points, cost rollups) cannot be sliced.
    if (sliced && (q.metric.startsWith(CUSTOM_METRIC_PREFIX) || (q.metric !== 'cost_usd' && (COST_SERIES_METRICS as readonly string[]).includes(q.metric))))
      throw new BadRequestError(`${q.metric} is not read from events and cannot be sliced`, [
        { path: 'query.slice', message: 'no slice, or a metric of events (volume, latency_p95, accuracy, drift, …)' },
      ]);
    if (!sliced && this.costSeries !== undefined && (COST_SERIES_METRICS as readonly string[]).includes(q.metric))
      return this.costSeries(projectId, model, q, { from, to, step, alignedFrom });
    if (q.metric.startsWith(CUSTOM_METRIC_PREFIX)) {
      const name = q.metric.slice(CUSTOM_METRIC_PREFIX.length);
      // A custom metric's segment is its labels: the filter keeps the points whose labels carry every pair.
      const labels = q.segment === undefined ? undefined : matchingSegments(await this.store.metricLabelSets(model.id, name, from, to), q.segment);
      const rows = await this.store.metricSeries(model.id, name, from, to, q.limit + 1, labels);
      const points: SeriesPoint[] = rows.slice(0, q.limit).map((r) => {
        const pt: SeriesPoint = { t: new Date(r.ts).toISOString(), value: r.value };
        if (r.labels !== '') pt.labels = JSON.parse(r.labels) as Record<string, string>;
        return pt;
      });
      const next = rows.length > q.limit ? new Date(rows[q.limit]!.ts).toISOString() : null;
      return { ...base, points, next };
    }
    const needsReference = (REFERENCE_SERIES_METRICS as readonly string[]).includes(q.metric) || q.metric.startsWith('estimated_');
    const ref = needsReference ? await this.store.getReference(model.id) : undefined;
    const reference = ref === undefined ? null : DatasetProfile.fromBytes(ref.profile);
    const cbpeReference = ref === undefined ? null : referenceCbpe(ref.performance);
    const steps = sliced
      ? await this.slicedSteps(model, schema, { from: alignedFrom, to, step, version: q.version, segment: q.segment, slice: q.slice! })
      : await loadSteps(this.store, model.id, schema, { from: alignedFrom, to, step, version: q.version, segment: q.segment });
    const points: SeriesPoint[] = [];
    let next: string | null = null;
    for (const s of steps) {
      const ps = pointsOf(q.metric, s, { schema, reference, cbpeReference, feature: q.feature });
      if (points.length + ps.length > q.limit) {
        next = new Date(s.t).toISOString();
        break;
      }
      points.push(...ps);
    }
    // An unknown metric or a missing reference is an error even when the range is empty.
    if (steps.length === 0)
      pointsOf(q.metric, { t: alignedFrom, rows: 0, profile: new MergedProfile([]), performance: null, cbpe: null }, { schema, reference, feature: q.feature });
    return { ...base, points, next };
  }

  /** Steps of a slice, from the window's raw events (at most `sliceMaxEvents` of them). */
  private async slicedSteps(
    model: ModelRow,
    schema: ModelSchema,
    range: { from: number; to: number; step: number; version: string | undefined; segment: SegmentFilter | undefined; slice: readonly SegmentCondition[] },
  ): Promise<StepState[]> {
    const slice = SliceFilter.of(schema, range.slice);
    const events = await windowEvents(this.store.db, model.id, range, this.sliceMaxEvents + 1);
    if (events.length > this.sliceMaxEvents) throw sliceWindowTooLarge(this.sliceMaxEvents);
    const calibration = model.type === 'binary' ? await referenceCalibrator(this.store, model.id) : null;
    return slicedSteps(events, schema, { step: range.step, slice, segment: range.segment, calibration });
  }

  /** Drift of [from, to) (default: the last hour) against the reference. */
  drift(projectId: number, modelName: string, q: DriftQuery): Promise<DriftResponse> {
    return this.gate.run(() => this.computeDrift(projectId, modelName, q));
  }

  private async computeDrift(projectId: number, modelName: string, q: DriftQuery): Promise<DriftResponse> {
    const model = await this.models.resolve(projectId, modelName);
    const to = q.to ?? this.clock();
    const from = q.from ?? to - HOUR;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    return windowDrift(this.store, model, modelSchemaOf(model), {
      from,
      to,
      method: q.method,
      threshold: q.threshold,
      feature: q.feature,
      segment: q.segment,
      slice: q.slice === undefined || q.slice.length === 0 ? undefined : q.slice,
      sliceMaxEvents: this.sliceMaxEvents,
      bucketMs: this.bucketMs,
      exact: (input) => this.exactOnWorker(input),
    });
  }

  /** Runs an exact drift on a worker thread; a refusal there is the same refusal here. */
  private async exactOnWorker(input: ExactDriftInput): Promise<ExactDriftResult> {
    const r = await this.driftWorkers.run(input);
    if ('refused' in r) throw new VigilError(r.refused.code, r.refused.status, r.refused.message, r.refused.details);
    return r.drift;
  }

  /** Stops the drift threads. */
  close(): Promise<void> {
    return this.driftWorkers.close();
  }

  /** The segment keys of [from, to) (default: the last day) with their values, the busiest first. */
  async segments(projectId: number, modelName: string, q: SegmentListQuery): Promise<SegmentList> {
    const model = await this.models.resolve(projectId, modelName);
    const to = q.to ?? this.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    // Profile parts cover whole buckets: the buckets that start in the range, as series reads them.
    const byKey = new Map<string, Map<string, number>>();
    for (const { segment, rows } of await this.store.segmentRows(model.id, Math.floor(from / this.bucketMs) * this.bucketMs, to)) {
      for (const [key, value] of Object.entries(segmentOf(segment))) {
        let values = byKey.get(key);
        if (values === undefined) byKey.set(key, (values = new Map()));
        values.set(value, (values.get(value) ?? 0) + rows);
      }
    }
    const segments = [...byKey.keys()].sort().map((key) => {
      const values = [...byKey.get(key)!].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
      return { key, values: values.slice(0, q.limit), more: Math.max(0, values.length - q.limit) };
    });
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), segments };
  }
}
