// Datasets: feature tables, training sets and batch inputs. Each batch appended (JSON rows, NDJSON,
// CSV or Parquet, read by @vigil/tables as reference uploads are) is checked against the declared
// features, profiled with the profiles events get, and stored with its arrival time, row count,
// schema, digest, quality and its rows (for point-in-time joins). Freshness is judged on the server's clock.

import { DatasetProfile, batchQuality, freshnessOf, parseSchedule, profileFeatureDrift, ScheduleError } from '@vigil/core';
import type { ColumnProfile, DatasetColumn } from '@vigil/core';
import type {
  DatasetBatchInfo,
  DatasetConfig,
  DatasetInfo,
  DatasetQuality,
  DatasetSeriesQuery,
  FeatureType,
  FreshnessInfo,
  ListQuery,
  SeriesPoint,
  SeriesResponse,
} from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { UploadReader } from '../models/upload-reader.js';
import { BUCKET_PROFILE_OPTIONS, PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import type { DatasetBatchMeta, DatasetRow, DatasetStore } from '../storage/dataset-store.js';
import { encodeBatch } from './batch-blob.js';
import { batchDigest } from './batch-digest.js';
import { readBatch } from './batch-reader.js';
import type { BatchSource } from './batch-reader.js';

export interface DatasetServiceDeps {
  readonly store: DatasetStore;
  readonly clock: () => number;
  /** Rows a batch may hold (config `referenceMaxRows`, shared with reference uploads). */
  readonly maxRows: number;
  /** Decoded bytes a CSV or Parquet batch may take (config `referenceMaxBytes`). */
  readonly maxBytes: number;
  /** Threads that read CSV and Parquet batches (default 1). */
  readonly workers?: number;
}

/** A batch as its route parsed it: rows (JSON, NDJSON), or CSV / Parquet bytes. */
export type DatasetBatchInput =
  { kind: 'rows'; rows: readonly unknown[]; format: 'json' | 'ndjson' } | { kind: 'file'; bytes: Uint8Array; format: 'csv' | 'parquet' };

// The reference uploads' reader thread reads dataset files too: the same loaders, limits and errors.
const FORMAT_NAMES = { csv: 'the CSV body', parquet: 'the Parquet body' } as const;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Batches one series reads at most. */
const SERIES_BATCHES = 100_000;
/** The reference batch of a dataset's drift and out-of-range: its first. */
const REFERENCE_BATCH = 1;

/** A dataset's stored definition. */
export function datasetConfigOf(row: DatasetRow): DatasetConfig {
  return JSON.parse(row.config) as DatasetConfig;
}

/** How old a dataset's newest batch may be at `now`: its `freshness`, else its schedule's period, else no limit. */
export function freshnessLimitMs(config: DatasetConfig, now: number): number | null {
  if (config.freshness !== undefined) return parseDuration(config.freshness);
  if (config.schedule !== undefined) {
    try {
      return parseSchedule(config.schedule).periodAt(now);
    } catch {
      return null;
    }
  }
  return null;
}

/** Each numeric feature's [min, max] in a profile (the reference batch's). */
function numericRanges(profile: DatasetProfile, features: Readonly<Record<string, FeatureType>>): Map<string, { min: number; max: number }> {
  const out = new Map<string, { min: number; max: number }>();
  for (const [name, type] of Object.entries(features)) {
    const c = profile.columns.get(PROFILE_COLUMNS.feature(name));
    if (type === 'numeric' && c !== undefined && c.moments.n > 0) out.set(name, { min: c.moments.min, max: c.moments.max });
  }
  return out;
}

export class DatasetService {
  private readonly store: DatasetStore;
  private readonly clock: () => number;
  private readonly reader: UploadReader;

  constructor(deps: DatasetServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.reader = new UploadReader({ maxRows: deps.maxRows, maxBytes: deps.maxBytes, workers: deps.workers ?? 1, noun: 'the batch', what: 'dataset uploads' });
  }

  /** Stops the threads that read files. */
  close(): Promise<void> {
    return this.reader.close();
  }

  /** The dataset named `name`, or a 404. */
  async resolve(projectId: number, name: string): Promise<DatasetRow> {
    const row = await this.store.findDataset(projectId, name);
    if (row === undefined) throw new NotFoundError(`no dataset "${name}" in this project; create it first with POST /v1/datasets`);
    return row;
  }

  /** The dataset a field names (a query, a monitor, a run), or a 400 naming `path`. */
  async resolveField(projectId: number, name: string, path: string): Promise<DatasetRow> {
    const row = await this.store.findDataset(projectId, name);
    if (row === undefined)
      throw new ValidationError(`${path}: no dataset "${name}" in this project`, [{ path, message: `an existing dataset (no dataset "${name}")` }]);
    return row;
  }

  async create(projectId: number, config: DatasetConfig): Promise<DatasetInfo> {
    if (config.schedule !== undefined) {
      try {
        parseSchedule(config.schedule);
      } catch (e) {
        const reason = e instanceof ScheduleError ? e.reason : String(e);
        throw new ValidationError(`schedule: ${reason}`, [{ path: 'schedule', message: `a cron schedule such as "0 * * * *" (${reason})` }]);
      }
    }
    if (config.timestampColumn !== undefined && Object.hasOwn(config.features, config.timestampColumn))
      throw new ValidationError(`timestampColumn: "${config.timestampColumn}" is a feature`, [
        { path: 'timestampColumn', message: 'a column that is not one of the features' },
      ]);
    if (config.timestampColumn !== undefined && config.timestampColumn === config.entityKey)
      throw new ValidationError('timestampColumn: the same column as entityKey', [{ path: 'timestampColumn', message: 'a column other than the entity key' }]);
    const row = await this.store.createDataset({ project_id: projectId, name: config.name, config: JSON.stringify(config), created_at: this.clock() });
    if (row === undefined) throw new ConflictError(`a dataset named "${config.name}" already exists`);
    return this.infoOf(row);
  }

  async info(projectId: number, name: string): Promise<DatasetInfo> {
    return this.infoOf(await this.resolve(projectId, name));
  }

  async list(projectId: number, q: ListQuery): Promise<{ datasets: DatasetInfo[]; next: string | null }> {
    const rows = await this.store.listDatasets(projectId, q.limit + 1, q.after ?? null);
    const page = rows.slice(0, q.limit);
    const datasets: DatasetInfo[] = [];
    for (const r of page) datasets.push(await this.infoOf(r));
    return { datasets, next: rows.length > q.limit ? page[page.length - 1]!.name : null };
  }

  async delete(projectId: number, name: string): Promise<void> {
    if (!(await this.store.deleteDataset(projectId, name))) throw new NotFoundError(`no dataset "${name}"`);
  }

  /** Freshness of a dataset at the server's clock. */
  async freshness(row: DatasetRow, now = this.clock()): Promise<FreshnessInfo> {
    const totals = await this.store.batchTotals(row.id);
    return freshnessOf(totals.last, now, freshnessLimitMs(datasetConfigOf(row), now));
  }

  private async infoOf(row: DatasetRow): Promise<DatasetInfo> {
    const config = datasetConfigOf(row);
    const now = this.clock();
    const totals = await this.store.batchTotals(row.id);
    const last = await this.store.lastBatch(row.id);
    return {
      name: row.name,
      rows: totals.rows,
      batches: totals.batches,
      lastUpdateAt: totals.last === null ? null : new Date(totals.last).toISOString(),
      freshness: freshnessOf(totals.last, now, freshnessLimitMs(config, now)),
      schema: config.features,
      lastBatch: last === undefined ? null : { rows: last.rows, digest: last.digest, quality: JSON.parse(last.quality) as DatasetQuality },
    };
  }

  /** Appends a batch: checked whole, then stored with its profile, digest and quality in one write. */
  async append(projectId: number, name: string, input: DatasetBatchInput): Promise<DatasetBatchInfo> {
    const row = await this.resolve(projectId, name);
    const config = datasetConfigOf(row);
    let source: BatchSource;
    if (input.kind === 'rows') {
      if (input.rows.length > this.reader.maxRows) throw this.reader.tooLarge('rows', input.rows.length, true);
      source = input;
    } else {
      source = { kind: 'table', table: await this.reader.load(input.bytes, input.format, FORMAT_NAMES[input.format]), format: input.format };
    }
    const batch = readBatch(source, config);
    if (batch.rows === 0) throw new BadRequestError('the batch has no rows', [{ path: 'body', message: 'at least one row' }], 'EMPTY_BATCH');
    const featureColumns: Record<string, DatasetColumn> = {};
    for (const f of Object.keys(config.features)) {
      const c = batch.columns.get(f);
      if (c !== undefined) featureColumns[PROFILE_COLUMNS.feature(f)] = c;
    }
    const profile = DatasetProfile.fromColumns(featureColumns, { ...BUCKET_PROFILE_OPTIONS, ...(batch.times === null ? {} : { timestamps: batch.times }) });
    profile.rowCount = batch.rows;
    const referenceBytes = await this.store.batchProfile(row.id, REFERENCE_BATCH);
    const quality = batchQuality({
      rows: batch.rows,
      features: config.features,
      columns: batch.columns,
      referenceRanges: referenceBytes === undefined ? null : numericRanges(DatasetProfile.fromBytes(referenceBytes), config.features),
      unknownColumns: batch.unknownColumns,
    });
    const schema: Record<string, string> = {};
    for (const column of batch.columns.keys())
      schema[column] = column === config.entityKey ? 'entity' : column === config.timestampColumn ? 'timestamp' : (config.features[column] ?? 'unknown');
    const digest = batchDigest(batch.rows, batch.columns);
    const receivedAt = this.clock();
    const stored = await this.store.insertBatch({
      dataset_id: row.id,
      received_at: receivedAt,
      rows: batch.rows,
      schema: JSON.stringify(schema),
      digest,
      quality: JSON.stringify(quality),
      profile: profile.toBytes(),
      data: encodeBatch(batch.rows, batch.columns),
    });
    return { dataset: row.name, batch: stored.seq, receivedAt: new Date(receivedAt).toISOString(), rows: batch.rows, digest, schema, quality };
  }

  /** A dataset metric over [from, to) (default: the last day) in steps (default: an hour). */
  async series(projectId: number, name: string, q: DatasetSeriesQuery): Promise<SeriesResponse> {
    const row = await this.resolve(projectId, name);
    const config = datasetConfigOf(row);
    const to = q.to ?? this.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    const step = q.step ?? HOUR;
    if ((to - from) / step > 100 * q.limit)
      throw new BadRequestError('the range holds too many steps; widen step or narrow the range', [
        { path: 'query.step', message: `at least ${Math.ceil((to - from) / (100 * q.limit) / 1000)}s` },
      ]);
    const alignedFrom = Math.floor(from / step) * step;
    const base = { metric: q.metric, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: step / 1000 };
    const features = q.feature !== undefined ? [q.feature] : Object.keys(config.features).sort();
    if (q.feature !== undefined && !Object.hasOwn(config.features, q.feature))
      throw new BadRequestError(`query.feature: no feature "${q.feature}"`, [
        { path: 'query.feature', message: `one of ${Object.keys(config.features).join(', ')}` },
      ]);
    const batches = await this.store.batchesInRange(row.id, alignedFrom, to, SERIES_BATCHES);
    const points: SeriesPoint[] = [];
    let next: string | null = null;
    const push = (ps: SeriesPoint[], t: number): boolean => {
      if (points.length + ps.length > q.limit) {
        next = new Date(t).toISOString();
        return false;
      }
      points.push(...ps);
      return true;
    };
    if (q.metric === 'freshness_seconds') {
      // The age of the newest batch at each step's end (or at `to`, for the last step).
      let last = await this.store.lastArrivalBefore(row.id, alignedFrom);
      let b = 0;
      for (let t = alignedFrom; t < to; t += step) {
        const end = Math.min(t + step, to);
        while (b < batches.length && batches[b]!.received_at < end) last = Math.max(last ?? -Infinity, batches[b++]!.received_at);
        if (!push([{ t: new Date(t).toISOString(), value: last === null ? null : (end - last) / 1000 }], t)) break;
      }
      return { ...base, points, next };
    }
    const steps = new Map<number, DatasetBatchMeta[]>();
    for (const b of batches) {
      const t = Math.floor(b.received_at / step) * step;
      const list = steps.get(t);
      if (list === undefined) steps.set(t, [b]);
      else list.push(b);
    }
    let reference: DatasetProfile | null = null;
    if (q.metric === 'drift') {
      const bytes = await this.store.batchProfile(row.id, REFERENCE_BATCH);
      reference = bytes === undefined ? null : DatasetProfile.fromBytes(bytes);
    }
    for (const [t, list] of [...steps].sort((a, b) => a[0] - b[0])) {
      const iso = new Date(t).toISOString();
      const rows = list.reduce((s, b) => s + b.rows, 0);
      if (q.metric === 'rows') {
        if (!push([{ t: iso, value: rows }], t)) break;
        continue;
      }
      const merged = new DatasetProfile(BUCKET_PROFILE_OPTIONS);
      for (const p of await this.store.batchProfiles(list.map((b) => b.id))) merged.mergeFrom(DatasetProfile.fromBytes(p.profile));
      const column = (f: string): ColumnProfile | undefined => merged.columns.get(PROFILE_COLUMNS.feature(f));
      let ps: SeriesPoint[];
      if (q.metric === 'missing_share') {
        ps = features.map((f) => {
          const c = column(f);
          return { t: iso, value: rows === 0 ? null : (rows - (c === undefined ? 0 : c.count - c.missing)) / rows, labels: { feature: f } };
        });
      } else {
        const ref = reference;
        ps =
          ref === null
            ? []
            : features.flatMap((f) => {
                const d = profileFeatureDrift(ref.columns.get(PROFILE_COLUMNS.feature(f)), column(f), f, config.features[f] ?? 'categorical');
                return d === null || !Number.isFinite(d.score)
                  ? []
                  : [{ t: iso, value: d.score, labels: { feature: f, method: d.method, drifted: String(d.drifted) } }];
              });
      }
      if (!push(ps, t)) break;
    }
    return { ...base, points, next };
  }
}
