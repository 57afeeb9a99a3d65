// Slices of a model's traffic ranked by how far a metric moved against the reference (core's
// rankSlices): each segment `key=value` and each value of a categorical or boolean feature.
// `metric=drift` compares each feature value's share of the window's events with its share of the
// reference (a new category moves from 0; segments are not in the reference and are left out);
// a performance metric compares the slice's realized value with the same slice of the reference,
// or with the whole reference for segments and for values the reference lacks (with the whole
// window when the reference has no labels). Reads the window's raw events, up to a limit.

import {
  PerformanceAccumulator,
  isPerformanceMetric,
  normalizePrediction,
  performanceMetricValue,
  performanceOptions,
  rankSlices,
  wilsonInterval,
} from '@vigil/core';
import type { ModelSchema, SliceMeasure } from '@vigil/core';
import type { PerformanceMetric, SliceList, SliceQuery } from '@vigil/wire';
import { PERFORMANCE_METRICS } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import { modelSchemaOf } from '../models/model-records.js';
import type { ModelService } from '../models/model-service.js';
import { decodeReferenceColumns } from '../models/reference-data.js';
import { segmentOf } from '../queries/segment-filter.js';
import type { Store } from '../storage/store.js';
import { windowEvents } from '../storage/window-events.js';

export interface SliceServiceDeps {
  readonly store: Store;
  readonly models: ModelService;
  readonly clock: () => number;
}

const DAY = 86_400_000;
/** Raw events one ranking reads at most (the oldest of the window first). */
const MAX_EVENTS = 200_000;
/** Values per feature considered at most: the most frequent in the window. */
const MAX_VALUES = 100;

type Truth = string | number | boolean;

/** A slice's id in maps: kind, key and value, NUL-separated (none of them holds NUL). */
const idOf = (kind: 'segment' | 'feature', key: string, value: string) => `${kind}\u0000${key}\u0000${value}`;

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

class Tally {
  count = 0;
  perf: PerformanceAccumulator | null = null;
}

export class SliceService {
  constructor(private readonly deps: SliceServiceDeps) {}

  async slices(projectId: number, modelName: string, q: SliceQuery): Promise<SliceList> {
    const model = await this.deps.models.resolve(projectId, modelName);
    const schema = modelSchemaOf(model);
    const to = q.to ?? this.deps.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    const drift = q.metric === 'drift';
    if (!drift && !isPerformanceMetric(q.metric))
      throw new BadRequestError(
        `unknown metric "${q.metric}"`,
        [{ path: 'query.metric', message: `drift, or one of ${PERFORMANCE_METRICS.join(', ')}` }],
        'UNKNOWN_METRIC',
      );
    const ref = await this.deps.store.getReference(model.id);
    if (drift && ref === undefined)
      throw new BadRequestError('this model has no reference data yet; upload one with POST /v1/models/{model}/reference', undefined, 'NO_REFERENCE');
    const features = sliceFeatures(schema);
    const metric = drift ? null : (q.metric as PerformanceMetric);
    const newPerf = () => new PerformanceAccumulator(performanceOptions(schema));

    // The window: per slice, its events (and, for a performance metric, its labelled events' accumulator).
    const events = await windowEvents(this.deps.store.db, model.id, { from, to }, MAX_EVENTS);
    const current = new Map<string, Tally>();
    const overall = newPerf();
    const tally = (id: string, add: ((t: Tally) => void) | null) => {
      let t = current.get(id);
      if (t === undefined) current.set(id, (t = new Tally()));
      t.count++;
      add?.(t);
    };
    for (const e of events) {
      const values = JSON.parse(e.features) as Record<string, unknown>;
      let add: ((t: Tally) => void) | null = null;
      if (metric !== null) {
        if (e.label === null) continue;
        const truth = JSON.parse(e.label) as Truth;
        const p = normalizePrediction(JSON.parse(e.prediction), schema);
        const prediction = { ...p, value: p.score };
        overall.add(prediction, truth);
        add = (t) => (t.perf ??= newPerf()).add(prediction, truth);
      }
      for (const f of features) {
        const v = cellText(Object.hasOwn(values, f) ? values[f] : undefined);
        if (v !== null) tally(idOf('feature', f, v), add);
      }
      if (!drift) for (const [k, v] of Object.entries(segmentOf(e.segment))) tally(idOf('segment', k, v), add);
    }

    // The reference, per feature value.
    const reference = new Map<string, Tally>();
    let referenceRows = 0;
    const referenceOverall = newPerf();
    if (ref !== undefined) {
      const cols = decodeReferenceColumns(ref.data);
      const labelled = metric !== null && cols.labels !== null && cols.scores !== null;
      const rows = Object.values(cols.features)[0]?.length ?? 0;
      referenceRows = rows;
      for (let i = 0; i < rows; i++) {
        const truth = cols.labels?.[i];
        const perf = labelled && truth !== null && truth !== undefined;
        const score = cols.scores?.[i] ?? null;
        const prediction = { label: cols.predictedLabels?.[i] ?? null, score, value: score, probabilities: null };
        if (perf) referenceOverall.add(prediction, truth);
        for (const f of features) {
          const v = cellText(cols.features[f]?.[i]);
          if (v === null) continue;
          const id = idOf('feature', f, v);
          let t = reference.get(id);
          if (t === undefined) reference.set(id, (t = new Tally()));
          t.count++;
          if (perf) (t.perf ??= newPerf()).add(prediction, truth);
        }
      }
    }
    const value = (acc: PerformanceAccumulator | null) =>
      acc === null || acc.count === 0 || metric === null ? null : performanceMetricValue(acc.metrics(), metric);
    const baseline = value(referenceOverall) ?? value(overall);

    // The most frequent values of each feature (and of each segment key) in the window.
    const byKey = new Map<string, [string, Tally][]>();
    for (const [id, t] of current) {
      const [kind, key] = id.split('\u0000');
      const group = `${kind}\u0000${key}`;
      let list = byKey.get(group);
      if (list === undefined) byKey.set(group, (list = []));
      list.push([id, t]);
    }
    const measures: SliceMeasure[] = [];
    for (const list of byKey.values()) {
      list.sort((a, b) => b[1].count - a[1].count);
      for (const [id, t] of list.slice(0, MAX_VALUES)) {
        const [kind, key, v] = id.split('\u0000') as ['segment' | 'feature', string, string];
        if (drift) {
          const r = reference.get(id)?.count ?? 0;
          const ci = wilsonInterval(t.count, events.length);
          measures.push({
            kind,
            key,
            value: v,
            size: t.count,
            current: t.count / events.length,
            reference: referenceRows === 0 ? null : r / referenceRows,
            lower: ci?.lower ?? null,
            upper: ci?.upper ?? null,
          });
          continue;
        }
        const cur = value(t.perf);
        const n = t.perf?.count ?? 0;
        const ci = metric === 'accuracy' && cur !== null ? wilsonInterval(Math.round(cur * n), n) : null;
        measures.push({
          kind,
          key,
          value: v,
          size: n,
          current: cur,
          reference: value(reference.get(id)?.perf ?? null) ?? baseline,
          lower: ci?.lower ?? null,
          upper: ci?.upper ?? null,
        });
      }
    }
    return {
      metric: q.metric,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      slices: rankSlices(measures, { limit: q.limit, minSize: q.minSize }),
    };
  }
}

/** A schema's categorical and boolean features: the features whose values are slices. */
function sliceFeatures(schema: ModelSchema): string[] {
  return Object.entries(schema.features)
    .filter(([, t]) => t === 'categorical' || t === 'boolean')
    .map(([n]) => n)
    .sort();
}
