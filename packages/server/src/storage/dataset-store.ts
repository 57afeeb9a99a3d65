// The tables of datasets, their batches and pipeline runs (migration 0005), and the read of served
// events that skew joins to them. SQL for datasets and pipelines lives here only.

import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import type { DatasetBatchesTable, DatasetsTable, PipelineRunsTable } from './dataset-tables.js';
import type { Dialect } from './dialect.js';

export type DatasetRow = Selectable<DatasetsTable>;
export type DatasetBatchRow = Selectable<DatasetBatchesTable>;
/** A batch without its payloads (profile and rows). */
export type DatasetBatchMeta = Omit<DatasetBatchRow, 'profile' | 'data'>;
export type NewDatasetBatch = Omit<Insertable<DatasetBatchesTable>, 'id' | 'seq'>;
export type PipelineRunRow = Selectable<PipelineRunsTable>;
export type NewPipelineRun = Omit<Insertable<PipelineRunsTable>, 'id'>;

const META_COLUMNS = ['id', 'dataset_id', 'seq', 'received_at', 'rows', 'schema', 'digest', 'quality'] as const;
/** Ids per `in (…)` list: under SQLite's bound-parameter limit. */
const IN_CHUNK = 500;
/** Attempts at numbering a batch when another replica takes the same number at once (PostgreSQL). */
const SEQ_ATTEMPTS = 5;

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || (e instanceof Error && /UNIQUE constraint failed/.test(e.message));
}

export class DatasetStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /** The embedded SQLite database under `db`: skew reads a million events through it, as arrays, without the query builder. */
    private readonly sqlite?: BetterSqlite3.Database,
  ) {}

  // --- datasets ---

  /** Undefined when the name is taken. */
  async createDataset(row: Omit<Insertable<DatasetsTable>, 'id'>): Promise<DatasetRow | undefined> {
    return this.db
      .insertInto('datasets')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async findDataset(projectId: number, name: string): Promise<DatasetRow | undefined> {
    return this.db.selectFrom('datasets').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  }

  async listDatasets(projectId: number, limit: number, after: string | null): Promise<DatasetRow[]> {
    let q = this.db.selectFrom('datasets').selectAll().where('project_id', '=', projectId);
    if (after !== null) q = q.where('name', '>', after);
    return q.orderBy('name').limit(limit).execute();
  }

  /** Deletes a dataset with its batches; false when there is none. */
  async deleteDataset(projectId: number, name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const d = await trx.selectFrom('datasets').select('id').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
      if (d === undefined) return false;
      await trx.deleteFrom('dataset_batches').where('dataset_id', '=', d.id).execute();
      await trx.deleteFrom('datasets').where('id', '=', d.id).execute();
      return true;
    });
  }

  // --- batches ---

  /** Stores a batch under the next number of its dataset. */
  async insertBatch(batch: NewDatasetBatch): Promise<DatasetBatchMeta> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const r = await trx
            .selectFrom('dataset_batches')
            .select((eb) => eb.fn.max('seq').as('m'))
            .where('dataset_id', '=', batch.dataset_id)
            .executeTakeFirst();
          const seq = Number(r?.m ?? 0) + 1;
          return trx
            .insertInto('dataset_batches')
            .values({ ...batch, seq })
            .returning([...META_COLUMNS])
            .executeTakeFirstOrThrow();
        });
      } catch (e) {
        if (attempt >= SEQ_ATTEMPTS || !isUniqueViolation(e)) throw e;
      }
    }
  }

  /** Rows, batches and the newest arrival of a dataset. */
  async batchTotals(datasetId: number): Promise<{ rows: number; batches: number; last: number | null }> {
    const r = await this.db
      .selectFrom('dataset_batches')
      .select((eb) => [eb.fn.sum<number>('rows').as('rows'), eb.fn.countAll<number>().as('batches'), eb.fn.max('received_at').as('last')])
      .where('dataset_id', '=', datasetId)
      .executeTakeFirstOrThrow();
    return { rows: Number(r.rows ?? 0), batches: Number(r.batches), last: r.last === null ? null : Number(r.last) };
  }

  /** The newest batch (highest number), without payloads. */
  async lastBatch(datasetId: number): Promise<DatasetBatchMeta | undefined> {
    return this.db.selectFrom('dataset_batches').select(META_COLUMNS).where('dataset_id', '=', datasetId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }

  /** A batch's profile by number (1: the reference batch). */
  async batchProfile(datasetId: number, seq: number): Promise<Uint8Array | undefined> {
    const r = await this.db.selectFrom('dataset_batches').select('profile').where('dataset_id', '=', datasetId).where('seq', '=', seq).executeTakeFirst();
    return r?.profile;
  }

  /** Batches that arrived in [from, to), oldest first, without payloads. */
  async batchesInRange(datasetId: number, from: number, to: number, limit: number): Promise<DatasetBatchMeta[]> {
    return this.db
      .selectFrom('dataset_batches')
      .select(META_COLUMNS)
      .where('dataset_id', '=', datasetId)
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .orderBy('received_at')
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** The newest arrival before `t` (for freshness at a time), or null. */
  async lastArrivalBefore(datasetId: number, t: number): Promise<number | null> {
    const r = await this.db
      .selectFrom('dataset_batches')
      .select((eb) => eb.fn.max('received_at').as('m'))
      .where('dataset_id', '=', datasetId)
      .where('received_at', '<', t)
      .executeTakeFirst();
    return r?.m === null || r?.m === undefined ? null : Number(r.m);
  }

  async batchProfiles(ids: readonly number[]): Promise<{ id: number; profile: Uint8Array }[]> {
    const out: { id: number; profile: Uint8Array }[] = [];
    for (let i = 0; i < ids.length; i += IN_CHUNK)
      out.push(
        ...(await this.db
          .selectFrom('dataset_batches')
          .select(['id', 'profile'])
          .where('id', 'in', ids.slice(i, i + IN_CHUNK))
          .execute()),
      );
    return out;
  }

  /** Every batch's rows (the columnar blobs) in batch order, `limit` batches at most. */
  async batchData(datasetId: number, limit: number): Promise<{ seq: number; received_at: number; rows: number; data: Uint8Array }[]> {
    return this.db
      .selectFrom('dataset_batches')
      .select(['seq', 'received_at', 'rows', 'data'])
      .where('dataset_id', '=', datasetId)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  // --- served events (skew) ---

  /**
   * Calls `each` with the time and the values of `fields` (features; undefined where an event has
   * none) of a model's predictions in [from, to), at most `limit` of them, and returns how many it
   * read; with `segments`, only those segments'. On SQLite the rows are read as arrays one at a
   * time, so a million events never stand in memory at once. (Picking the fields with SQLite's
   * `json_extract` costs more than parsing the whole JSON here: measured.)
   */
  async eachServed(
    modelId: number,
    range: { from: number; to: number; limit: number; segments?: readonly string[] | undefined },
    fields: readonly string[],
    each: (ts: number, values: readonly unknown[]) => void,
  ): Promise<number> {
    const { from, to, limit, segments } = range;
    let read = 0;
    const chunks =
      segments === undefined
        ? [undefined]
        : Array.from({ length: Math.ceil(segments.length / IN_CHUNK) }, (_, i) => segments.slice(i * IN_CHUNK, (i + 1) * IN_CHUNK));
    const values = new Array<unknown>(fields.length);
    const emit = (ts: number, json: string) => {
      const features = JSON.parse(json) as Record<string, unknown>;
      for (let i = 0; i < fields.length; i++) values[i] = Object.hasOwn(features, fields[i]!) ? features[fields[i]!] : undefined;
      each(ts, values);
      read++;
    };
    for (const chunk of chunks) {
      if (read >= limit || (chunk !== undefined && chunk.length === 0)) break;
      const sqlite = this.sqlite;
      if (sqlite !== undefined) {
        const segmentSql = chunk === undefined ? '' : ` and segment in (${chunk.map(() => '?').join(', ')})`;
        const statement = sqlite.prepare(`select ts, features from predictions where model_id = ? and ts >= ? and ts < ?${segmentSql} limit ?`).raw(true);
        // Holding Kysely's connection keeps this synchronous read out of any open Kysely transaction.
        await this.db.connection().execute(async () => {
          for (const row of statement.iterate(modelId, from, to, ...(chunk ?? []), limit - read) as IterableIterator<[number, string]>) emit(row[0], row[1]);
        });
        continue;
      }
      let q = this.db.selectFrom('predictions').select(['ts', 'features']).where('model_id', '=', modelId).where('ts', '>=', from).where('ts', '<', to);
      if (chunk !== undefined) q = q.where('segment', 'in', chunk);
      for (const r of await q.limit(limit - read).execute()) emit(r.ts, r.features);
    }
    return read;
  }

  // --- pipeline runs ---

  /** Stores a run, or updates the one with the same id (everything but its creation time). */
  async upsertRun(row: NewPipelineRun): Promise<PipelineRunRow> {
    const update = {
      status: row.status,
      started_at: row.started_at,
      finished_at: row.finished_at ?? null,
      scheduled_at: row.scheduled_at ?? null,
      rows: row.rows ?? null,
      error: row.error ?? null,
      datasets: row.datasets,
      updated_at: row.updated_at,
    };
    return this.db
      .insertInto('pipeline_runs')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'pipeline', 'run_id']).doUpdateSet(update))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Runs of a pipeline started in [from, to), newest first, at most `limit`. */
  async runs(projectId: number, pipeline: string, from: number, to: number, limit: number): Promise<PipelineRunRow[]> {
    return this.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('pipeline', '=', pipeline)
      .where('started_at', '>=', from)
      .where('started_at', '<', to)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Runs of a pipeline that finished, or started, in [from, to) (series), oldest first. */
  async runsTouching(projectId: number, pipeline: string, from: number, to: number, limit: number): Promise<PipelineRunRow[]> {
    return this.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('pipeline', '=', pipeline)
      .where((eb) =>
        eb.or([eb.and([eb('started_at', '>=', from), eb('started_at', '<', to)]), eb.and([eb('finished_at', '>=', from), eb('finished_at', '<', to)])]),
      )
      .orderBy('started_at')
      .limit(limit)
      .execute();
  }

  /** The newest finished run, the newest started run, and the runs still running (oldest first, at most `limit`). */
  async runState(
    projectId: number,
    pipeline: string,
    limit: number,
  ): Promise<{ lastFinished?: PipelineRunRow; lastStarted?: PipelineRunRow; running: PipelineRunRow[] }> {
    const of = () => this.db.selectFrom('pipeline_runs').selectAll().where('project_id', '=', projectId).where('pipeline', '=', pipeline);
    const lastFinished = await of().where('status', '!=', 'running').orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const lastStarted = await of().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const running = await of().where('status', '=', 'running').orderBy('started_at').limit(limit).execute();
    return { ...(lastFinished === undefined ? {} : { lastFinished }), ...(lastStarted === undefined ? {} : { lastStarted }), running };
  }

  /** Whether a pipeline has any run. */
  async hasRuns(projectId: number, pipeline: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('pipeline_runs')
      .select(sql<number>`1`.as('one'))
      .where('project_id', '=', projectId)
      .where('pipeline', '=', pipeline)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }
}
