// Training–serving skew: each served event of a window joined to the dataset's row for the same
// entity as of the event's time (core's AsOfIndex: the latest row at or before it), then compared
// feature by feature (core's SkewAccumulator). The dataset's rows come from its batches' columnar
// blobs, read whole: a row's time is its timestamp column, or its batch's arrival without one.

import { AsOfIndex, SkewAccumulator, entityKeyOf } from '@vigil/core';
import type { Cell, SkewFeatureInput, SkewResult } from '@vigil/core';
import type { SegmentCondition, SkewQuery } from '@vigil/wire';
import { BadRequestError, ValidationError } from '../errors.js';
import { modelSchemaOf } from '../models/model-records.js';
import type { ModelService } from '../models/model-service.js';
import { matchingSegments } from '../queries/segment-filter.js';
import type { SegmentFilter } from '../queries/segment-filter.js';
import type { DatasetRow, DatasetStore } from '../storage/dataset-store.js';
import type { ModelRow, Store } from '../storage/store.js';
import { columnCells, decodeBatch } from './batch-blob.js';
import { datasetConfigOf } from './dataset-service.js';
import type { DatasetService } from './dataset-service.js';

export interface SkewServiceDeps {
  readonly store: Store;
  readonly datasetStore: DatasetStore;
  readonly models: ModelService;
  readonly datasets: DatasetService;
  readonly clock: () => number;
  /** Served events one skew reads at most; a wider window is refused (default 5 000 000). */
  readonly maxEvents?: number;
}

const HOUR = 3_600_000;
/** Served events one skew reads by default; a wider window is refused. */
const DEFAULT_MAX_EVENTS = 5_000_000;
/** Join tables kept per store, the most recently used: a monitor and the API asking again reuse them. */
const JOIN_TABLES_KEPT = 2;
const joinTables = new WeakMap<object, Map<string, JoinTable>>();
/** Batches of a dataset read at most (their rows are what the join can find). */
const MAX_BATCHES = 100_000;

/** A dataset's rows, all batches together, ready to join. */
interface JoinTable {
  index: AsOfIndex;
  features: SkewFeatureInput[];
}

export interface SkewWindow {
  from: number;
  to: number;
  segment?: SegmentFilter | undefined;
  slice?: SegmentCondition | undefined;
  /** Only these features (monitors). */
  features?: readonly string[] | undefined;
}

export class SkewService {
  private readonly maxEvents: number;

  constructor(private readonly deps: SkewServiceDeps) {
    this.maxEvents = deps.maxEvents ?? DEFAULT_MAX_EVENTS;
  }

  /** `GET /v1/models/{model}/skew`. */
  async skew(projectId: number, modelName: string, q: SkewQuery): Promise<SkewResult> {
    const model = await this.deps.models.resolve(projectId, modelName);
    const dataset = await this.deps.datasets.resolveField(projectId, q.dataset, 'query.dataset');
    const to = q.to ?? this.deps.clock();
    const from = q.from ?? to - HOUR;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    return computeSkew(
      this.deps,
      model,
      dataset,
      { from, to, segment: q.segment, slice: q.slice },
      { datasetPath: 'query.dataset', maxEvents: this.maxEvents },
    );
  }
}

/** Skew of a model's window against a dataset (the API and the skew monitor). */
export async function computeSkew(
  deps: { readonly store: Store; readonly datasetStore: DatasetStore },
  model: ModelRow,
  dataset: DatasetRow,
  w: SkewWindow,
  options: { datasetPath?: string; maxEvents?: number } = {},
): Promise<SkewResult> {
  const datasetPath = options.datasetPath ?? 'dataset';
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const config = datasetConfigOf(dataset);
  const entityKey = config.entityKey;
  if (entityKey === undefined)
    throw new ValidationError(`${datasetPath}: dataset "${dataset.name}" has no entityKey to join on`, [
      { path: datasetPath, message: 'a dataset with an entityKey (the column naming the entity a row describes)' },
    ]);
  const { store, datasetStore } = deps;
  const segments = w.segment === undefined ? undefined : matchingSegments(await store.windowSegments(model.id, w.from, w.to), w.segment);
  const modelFeatures = Object.keys(modelSchemaOf(model).features);
  const compared = Object.keys(config.features)
    .filter((f) => f !== entityKey && f !== config.timestampColumn)
    .filter((f) => modelFeatures.length === 0 || modelFeatures.includes(f))
    .filter((f) => w.features === undefined || w.features.includes(f))
    .sort();
  const table = await joinTable(datasetStore, dataset, entityKey, config.timestampColumn, compared, (f) => config.features[f] === 'numeric');
  const acc = new SkewAccumulator(table.features);
  const slice = w.slice;
  // Each event's entity, its compared features (in the accumulator's order), and the slice's feature.
  const fields = [entityKey, ...compared, ...(slice === undefined ? [] : [slice.key])];
  const sliceAt = fields.length - 1;
  const read = await datasetStore.eachServed(model.id, { from: w.from, to: w.to, limit: maxEvents + 1, segments }, fields, (ts, values) => {
    if (slice !== undefined) {
      const v = values[sliceAt];
      if (v === undefined || v === null || String(v) !== slice.value) return;
    }
    const entity = entityKeyOf(values[0]);
    const row = entity === null ? -1 : table.index.lookup(entity, ts);
    if (row < 0) acc.addUnmatched();
    else acc.addValues(values, 1, row);
  });
  if (read > maxEvents)
    throw new BadRequestError(`the window holds more than ${maxEvents} served events; narrow from and to`, [
      { path: 'query.from', message: `a window of at most ${maxEvents} events` },
    ]);
  return acc.result();
}

/** Every batch's rows in one table: entity keys and times indexed, the compared features' columns concatenated. */
async function joinTable(
  datasetStore: DatasetStore,
  dataset: DatasetRow,
  entityKey: string,
  timestampColumn: string | undefined,
  features: string[],
  numeric: (f: string) => boolean,
): Promise<JoinTable> {
  // Batches never change and only ever come after the last: the newest batch's number says which rows a table holds.
  const last = await datasetStore.lastBatch(dataset.id);
  const key = JSON.stringify([dataset.id, last?.seq ?? 0, entityKey, timestampColumn ?? null, features]);
  let cache = joinTables.get(datasetStore.db);
  if (cache === undefined) joinTables.set(datasetStore.db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const built = await buildJoinTable(datasetStore, dataset, entityKey, timestampColumn, features, numeric);
  cache.set(key, built);
  while (cache.size > JOIN_TABLES_KEPT) cache.delete(cache.keys().next().value!);
  return built;
}

async function buildJoinTable(
  datasetStore: DatasetStore,
  dataset: DatasetRow,
  entityKey: string,
  timestampColumn: string | undefined,
  features: string[],
  numeric: (f: string) => boolean,
): Promise<JoinTable> {
  const blobs = await datasetStore.batchData(dataset.id, MAX_BATCHES);
  const decoded = blobs.map((b) => ({ receivedAt: b.received_at, batch: decodeBatch(b.data) }));
  const total = decoded.reduce((s, d) => s + d.batch.rows, 0);
  const times = new Float64Array(total);
  // Entities grouped as they are read: a dictionary-coded column costs one hash lookup per distinct entity, not per row.
  const groups = new Map<string, number>();
  const groupOf = new Int32Array(total);
  const groupOfKey = (key: string | null): number => {
    if (key === null) return -1;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = groups.size));
    return g;
  };
  const columns = features.map((f) => ({
    name: f,
    numeric: numeric(f),
    values: numeric(f) ? new Float64Array(total).fill(Number.NaN) : new Array<Cell>(total).fill(null),
  }));
  let at = 0;
  for (const { receivedAt, batch } of decoded) {
    const n = batch.rows;
    const ts = timestampColumn === undefined ? undefined : batch.columns.get(timestampColumn);
    if (ts?.kind === 'f64') times.set(ts.values, at);
    else times.fill(receivedAt, at, at + n);
    const entity = batch.columns.get(entityKey);
    if (entity === undefined) groupOf.fill(-1, at, at + n);
    else if (entity.kind === 'f64') for (let i = 0; i < n; i++) groupOf[at + i] = groupOfKey(entityKeyOf(entity.values[i]));
    else {
      const dict = Int32Array.from(entity.dictionary, (v) => groupOfKey(entityKeyOf(v)));
      for (let i = 0; i < n; i++) {
        const code = entity.codes[i]!;
        groupOf[at + i] = code < 0 ? -1 : dict[code]!;
      }
    }
    for (const c of columns) {
      const stored = batch.columns.get(c.name);
      if (stored === undefined) continue;
      if (c.values instanceof Float64Array) {
        if (stored.kind === 'f64') c.values.set(stored.values, at);
        else for (let i = 0; i < n; i++) c.values[at + i] = (stored.dictionary[stored.codes[i]!] as number | undefined) ?? Number.NaN;
      } else {
        const cells = columnCells(stored);
        for (let i = 0; i < n; i++) c.values[at + i] = cells[i] ?? null;
      }
    }
    at += n;
  }
  return { index: AsOfIndex.fromGroups(groups, groupOf, times), features: columns.map((c) => ({ name: c.name, numeric: c.numeric, column: c.values })) };
}
