// Vigil's store: every query the server runs, over Kysely, for SQLite and PostgreSQL alike. SQL
// lives here and nowhere else; callers get plain rows.

import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ApiKeysTable, Database, LabelsTable, ModelsTable, PredictionsTable, ProfilePartsTable, ProjectsTable, ReferenceDataTable } from './database.js';
import type { Dialect } from './dialect.js';
import { AlertingStore } from './alerting-store.js';
import { CostStore } from './cost-store.js';
import { InfrastructureStore } from './infrastructure-store.js';
import { AuditStore } from './audit-store.js';
import { RegistryStore } from './registry-store.js';
import { ExperimentsStore, deleteProjectExperiments } from './experiments-store.js';
import { CHANGE_DOMAINS, announceChange, bumpSequences, changing } from './change-sequence.js';
import type { SecretBox } from './secret-box.js';

export type ProjectRow = Selectable<ProjectsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type ModelRow = Selectable<ModelsTable>;
export type NewModel = Omit<Insertable<ModelsTable>, 'id'>;
export type PredictionRow = Selectable<PredictionsTable>;
export type NewPrediction = Omit<Insertable<PredictionsTable>, 'seq' | 'model_id'>;
export type LabelRow = Selectable<LabelsTable>;
export type NewLabel = Omit<Insertable<LabelsTable>, 'seq' | 'model_id'>;
export type ReferenceRow = Selectable<ReferenceDataTable>;
export type ProfilePartRow = Selectable<ProfilePartsTable>;
export type NewProfilePart = Omit<Insertable<ProfilePartsTable>, 'id'>;

/** What a profiler pass computed: its result, the watermarks it read, and how to store it. */
export interface ProfilerPassPlan<T> {
  result: T;
  startedFrom: Record<string, number>;
  write(trx: Kysely<Database>): Promise<void>;
}

export interface WriteCount {
  accepted: number;
  duplicates: number;
}

/** Rows per INSERT statement: keeps every statement under SQLite's 32 766 bound parameters. */
const INSERT_CHUNK = 500;
/** Advisory-lock keys (PostgreSQL): ingest holds the first shared, the profiler takes it briefly. */
const INGEST_LOCK = 7423002;
const PROFILER_LOCK = 7423003;

class CompactionRaceLost extends Error {}

/** Runs an `in (…)` query per chunk of ids, so no statement exceeds SQLite's bound-parameter limit. */
async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) out.push(...(await query(ids.slice(i, i + INSERT_CHUNK))));
  return out;
}

/**
 * Prediction inserts on SQLite as prepared statements in one synchronous transaction: the ingest
 * hot path, where building a 500-row statement per chunk costs as much as the insert itself.
 */
class SqliteInsert {
  private readonly insert: BetterSqlite3.Statement;
  private readonly version: BetterSqlite3.Statement;
  private readonly run: (modelId: number, rows: readonly NewPrediction[], now: number) => number;
  private readonly createModel: BetterSqlite3.Statement;
  private readonly runCreating: (model: NewModel, rows: readonly NewPrediction[], now: number) => { row: ModelRow; accepted: number } | undefined;

  constructor(db: BetterSqlite3.Database) {
    this.insert = db.prepare(
      'insert into predictions (model_id, event_id, ts, version, segment, features, prediction, latency_ms, cost_usd, trace_id, received_at, cost_nanos, input_tokens, output_tokens, cached_input_tokens, usage_model) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (model_id, event_id) do nothing',
    );
    this.version = db.prepare('insert into model_versions (model_id, version, first_seen) values (?, ?, ?) on conflict (model_id, version) do nothing');
    this.run = db.transaction((modelId: number, rows: readonly NewPrediction[], now: number) => {
      let accepted = 0;
      let lastVersion: string | undefined;
      for (const r of rows) {
        accepted += this.insert.run(
          modelId,
          r.event_id,
          r.ts,
          r.version,
          r.segment,
          r.features,
          r.prediction,
          r.latency_ms ?? null,
          r.cost_usd ?? null,
          r.trace_id ?? null,
          r.received_at,
          r.cost_nanos ?? null,
          r.input_tokens ?? null,
          r.output_tokens ?? null,
          r.cached_input_tokens ?? null,
          r.usage_model ?? null,
        ).changes;
        if (r.version !== lastVersion) {
          this.version.run(modelId, r.version, now);
          lastVersion = r.version;
        }
      }
      return accepted;
    });
    this.createModel = db.prepare(
      'insert into models (project_id, name, type, features, positive_class, description, created_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (project_id, name) do nothing returning *',
    );
    this.runCreating = db.transaction((model: NewModel, rows: readonly NewPrediction[], now: number) => {
      const row = this.createModel.get(
        model.project_id,
        model.name,
        model.type,
        model.features,
        model.positive_class ?? null,
        model.description ?? null,
        model.created_at,
      ) as ModelRow | undefined;
      if (row === undefined) return undefined;
      return { row, accepted: this.run(row.id, rows, now) };
    });
  }

  predictions(modelId: number, rows: readonly NewPrediction[], now: number): WriteCount {
    const accepted = this.run(modelId, rows, now);
    return { accepted, duplicates: rows.length - accepted };
  }

  creatingModel(model: NewModel, rows: readonly NewPrediction[], now: number): (WriteCount & { model: ModelRow }) | undefined {
    const r = this.runCreating(model, rows, now);
    return r === undefined ? undefined : { model: r.row, accepted: r.accepted, duplicates: rows.length - r.accepted };
  }
}

export class Store {
  private readonly sqliteInsert: SqliteInsert | undefined;
  /** Channels, monitors, alerts, silences and the notification outbox. */
  readonly alerting: AlertingStore;
  /** Hosts, their metric buckets and activity. */
  readonly infrastructure: InfrastructureStore;
  /** The price book, cost rollups and budgets. */
  readonly cost: CostStore;
  /** The audit log and its signed tree heads. */
  readonly audit: AuditStore;
  /** Model version records, aliases and their history, data policies. */
  readonly registry: RegistryStore;
  /** Experiments: definitions, exposed units, unit values and per-bucket sufficient statistics. */
  readonly experiments: ExperimentsStore;

  /** `sqlite` is the embedded database under `db`, for the one hot path that skips the query builder. */
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /** The embedded database under `db` (SQLite only): read paths that must skip the query builder use it too (skew's join). */
    readonly sqlite?: BetterSqlite3.Database,
    /** Encrypts channel secrets and notification payloads at rest (none: stored in plaintext). */
    secrets?: SecretBox,
  ) {
    this.sqliteInsert = sqlite === undefined ? undefined : new SqliteInsert(sqlite);
    this.alerting = new AlertingStore(db, secrets);
    this.infrastructure = new InfrastructureStore(db, dialect);
    this.cost = new CostStore(db);
    this.audit = new AuditStore(db, dialect);
    this.registry = new RegistryStore(db);
    this.experiments = new ExperimentsStore(db, dialect, sqlite);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // --- projects and keys ---

  async findProject(name: string): Promise<ProjectRow | undefined> {
    return this.db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async projectById(id: number): Promise<ProjectRow | undefined> {
    return this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Creates a project and its first key in one transaction; undefined when the name is taken. */
  async createProject(name: string, key: Omit<ApiKeyRow, 'project_id'>, now: number): Promise<ProjectRow | undefined> {
    return changing(
      this.db,
      ['keys'],
      async (trx) => {
        const inserted = await trx
          .insertInto('projects')
          .values({ name, created_at: now })
          .onConflict((oc) => oc.column('name').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted === undefined) return undefined;
        await trx
          .insertInto('api_keys')
          .values({ ...key, project_id: inserted.id })
          .execute();
        return inserted;
      },
      (r) => r !== undefined,
    );
  }

  async insertKey(key: ApiKeyRow): Promise<void> {
    await changing(this.db, ['keys'], (trx) => trx.insertInto('api_keys').values(key).execute());
  }

  async findKey(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listKeys(projectId: number): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('api_keys').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();
  }

  async revokeKey(projectId: number, id: string, now: number): Promise<boolean> {
    return changing(
      this.db,
      ['keys'],
      async (trx) => {
        const r = await trx
          .updateTable('api_keys')
          .set({ revoked_at: now })
          .where('project_id', '=', projectId)
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      },
      (revoked) => revoked,
    );
  }

  async countRootKeys(): Promise<number> {
    const r = await this.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('root', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // --- models ---

  async createModel(row: NewModel): Promise<ModelRow | undefined> {
    return changing(
      this.db,
      ['models'],
      (trx) =>
        trx
          .insertInto('models')
          .values(row)
          .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
          .returningAll()
          .executeTakeFirst(),
      (created) => created !== undefined,
    );
  }

  async findModel(projectId: number, name: string): Promise<ModelRow | undefined> {
    return this.db.selectFrom('models').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  }

  async modelById(id: number): Promise<ModelRow | undefined> {
    return this.db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listModels(projectId: number, limit: number, after: string | null): Promise<ModelRow[]> {
    let q = this.db.selectFrom('models').selectAll().where('project_id', '=', projectId);
    if (after !== null) q = q.where('name', '>', after);
    return q.orderBy('name').limit(limit).execute();
  }

  /** Every model of every project (the profiler and /metrics walk them). */
  async allModels(): Promise<ModelRow[]> {
    return this.db.selectFrom('models').selectAll().orderBy('id').execute();
  }

  /** Records feature types learnt from events, only where the model has none yet (first writer wins). */
  async setModelFeatures(modelId: number, features: string, expectedPrevious: string): Promise<boolean> {
    return changing(
      this.db,
      ['models'],
      async (trx) => {
        const r = await trx.updateTable('models').set({ features }).where('id', '=', modelId).where('features', '=', expectedPrevious).executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      },
      (updated) => updated,
    );
  }

  async listVersions(modelId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('model_versions').select('version').where('model_id', '=', modelId).orderBy('first_seen').execute();
    return rows.map((r) => r.version);
  }

  // --- ingest ---

  /**
   * Stores a batch of predictions atomically; an id already stored (or repeated in the batch)
   * is a duplicate and changes nothing. Committed before it returns.
   */
  async insertPredictions(modelId: number, rows: readonly NewPrediction[], now: number): Promise<WriteCount> {
    if (this.sqliteInsert !== undefined) {
      const fast = this.sqliteInsert;
      // Holding Kysely's connection keeps this sync transaction out of any open Kysely one.
      return this.db.connection().execute(async () => fast.predictions(modelId, rows, now));
    }
    return this.ingestTransaction((trx) => this.insertPredictionsIn(trx, modelId, rows, now));
  }

  /**
   * Creates a model and stores its first batch in one transaction (ingest's auto-create), so a
   * batch that fails creates nothing. Undefined, and nothing written, when the name was taken
   * meanwhile: the caller checks the batch again against that model.
   */
  async insertPredictionsCreatingModel(model: NewModel, rows: readonly NewPrediction[], now: number): Promise<(WriteCount & { model: ModelRow }) | undefined> {
    if (this.sqliteInsert !== undefined) {
      const fast = this.sqliteInsert;
      return this.db.connection().execute(async () => fast.creatingModel(model, rows, now));
    }
    return this.ingestTransaction(async (trx) => {
      const row = await trx
        .insertInto('models')
        .values(model)
        .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { model: row, ...(await this.insertPredictionsIn(trx, row.id, rows, now)) };
    });
  }

  private async insertPredictionsIn(trx: Transaction<Database>, modelId: number, rows: readonly NewPrediction[], now: number): Promise<WriteCount> {
    let accepted = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, model_id: modelId }));
      const r = await trx
        .insertInto('predictions')
        .values(chunk)
        .onConflict((oc) => oc.columns(['model_id', 'event_id']).doNothing())
        .executeTakeFirst();
      accepted += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    const versions = [...new Set(rows.map((r) => r.version))];
    await trx
      .insertInto('model_versions')
      .values(versions.map((version) => ({ model_id: modelId, version, first_seen: now })))
      .onConflict((oc) => oc.columns(['model_id', 'version']).doNothing())
      .execute();
    return { accepted, duplicates: rows.length - accepted };
  }

  async insertLabels(modelId: number, rows: readonly NewLabel[]): Promise<WriteCount> {
    return this.ingestTransaction(async (trx) => {
      let accepted = 0;
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, model_id: modelId }));
        const r = await trx
          .insertInto('labels')
          .values(chunk)
          .onConflict((oc) => oc.columns(['model_id', 'event_id']).doNothing())
          .executeTakeFirst();
        accepted += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
      return { accepted, duplicates: rows.length - accepted };
    });
  }

  /** Custom metric points; one whose id the model already has (a retried batch) is a duplicate, stored once. */
  async insertMetrics(
    modelId: number,
    rows: readonly { event_id?: string | null; name: string; value: number; ts: number; labels: string }[],
  ): Promise<WriteCount> {
    return this.db.transaction().execute(async (trx) => {
      let accepted = 0;
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const r = await trx
          .insertInto('custom_metrics')
          .values(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, model_id: modelId })))
          .onConflict((oc) => oc.columns(['model_id', 'event_id']).doNothing())
          .executeTakeFirst();
        accepted += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
      return { accepted, duplicates: rows.length - accepted };
    });
  }

  /**
   * An ingest transaction. On PostgreSQL it holds the ingest lock shared, so the profiler can wait
   * for every transaction that has drawn sequence numbers to finish before it reads a watermark.
   */
  private async ingestTransaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock_shared(${INGEST_LOCK})`.execute(trx);
      return fn(trx);
    });
  }

  async findPrediction(modelId: number, eventId: string): Promise<{ prediction: PredictionRow; label: LabelRow | undefined } | undefined> {
    const prediction = await this.db.selectFrom('predictions').selectAll().where('model_id', '=', modelId).where('event_id', '=', eventId).executeTakeFirst();
    if (prediction === undefined) return undefined;
    const label = await this.db.selectFrom('labels').selectAll().where('model_id', '=', modelId).where('event_id', '=', eventId).executeTakeFirst();
    return { prediction, label };
  }

  /** A model's predictions in [from, to). */
  private window(modelId: number, from: number, to: number) {
    return this.db.selectFrom('predictions').where('model_id', '=', modelId).where('ts', '>=', from).where('ts', '<', to);
  }

  /** Predictions of a model in [from, to), oldest first, at most `limit`. */
  async predictionsInWindow(modelId: number, from: number, to: number, limit: number): Promise<PredictionRow[]> {
    return this.window(modelId, from, to).selectAll().orderBy('ts').limit(limit).execute();
  }

  /** Features, prediction and label (null when none yet) of a window's predictions, oldest first, at most `limit`: one query. */
  async labelledWindow(modelId: number, from: number, to: number, limit: number): Promise<{ features: string; prediction: string; label: string | null }[]> {
    return this.db
      .selectFrom('predictions as p')
      .leftJoin('labels as l', (j) => j.onRef('l.model_id', '=', 'p.model_id').onRef('l.event_id', '=', 'p.event_id'))
      .select(['p.features as features', 'p.prediction as prediction', 'l.label as label'])
      .where('p.model_id', '=', modelId)
      .where('p.ts', '>=', from)
      .where('p.ts', '<', to)
      .orderBy('p.ts')
      .limit(limit)
      .execute();
  }

  /**
   * The features (JSON) of a window's predictions in time order: what exact drift reads. With
   * `segments` (stored segment texts), only those segments' predictions, in time order per chunk of
   * segments (the order drift does not depend on).
   */
  async featuresInWindow(modelId: number, from: number, to: number, limit: number, segments?: readonly string[]): Promise<string[]> {
    if (segments === undefined) {
      const rows = await this.window(modelId, from, to).select('features').orderBy('ts').limit(limit).execute();
      return rows.map((r) => r.features);
    }
    const out: string[] = [];
    for (let i = 0; i < segments.length && out.length < limit; i += INSERT_CHUNK) {
      const rows = await this.window(modelId, from, to)
        .select('features')
        .where('segment', 'in', segments.slice(i, i + INSERT_CHUNK))
        .orderBy('ts')
        .limit(limit - out.length)
        .execute();
      for (const r of rows) out.push(r.features);
    }
    return out;
  }

  /** The distinct segments (stored texts, '' for none) of a window's predictions. */
  async windowSegments(modelId: number, from: number, to: number): Promise<string[]> {
    const rows = await this.window(modelId, from, to).select('segment').distinct().execute();
    return rows.map((r) => r.segment);
  }

  /** Events per segment (stored text) in the profile parts of buckets in [from, to). */
  async segmentRows(modelId: number, from: number, to: number): Promise<{ segment: string; rows: number }[]> {
    const rows = await this.db
      .selectFrom('profile_parts')
      .select((eb) => ['segment', eb.fn.sum<number>('rows').as('rows')])
      .where('model_id', '=', modelId)
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to)
      .groupBy('segment')
      .execute();
    return rows.map((r) => ({ segment: r.segment, rows: Number(r.rows) }));
  }

  /** How many predictions a window holds and the newest id among them: it changes when the window does. */
  async windowFingerprint(modelId: number, from: number, to: number): Promise<string> {
    const r = await this.window(modelId, from, to)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('last')])
      .executeTakeFirstOrThrow();
    return `${Number(r.n)}:${r.last === null ? '' : String(r.last)}`;
  }

  async countPredictions(modelId: number): Promise<number> {
    const r = await this.db
      .selectFrom('predictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('model_id', '=', modelId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Points of a custom metric in [from, to), oldest first; with `labels` (stored label texts), only points with those. */
  async metricSeries(modelId: number, name: string, from: number, to: number, limit: number, labels?: readonly string[]) {
    let q = this.db
      .selectFrom('custom_metrics')
      .select(['ts', 'value', 'labels'])
      .where('model_id', '=', modelId)
      .where('name', '=', name)
      .where('ts', '>=', from)
      .where('ts', '<', to);
    if (labels !== undefined) {
      if (labels.length === 0) return [];
      q = q.where('labels', 'in', labels);
    }
    return q.orderBy('ts').limit(limit).execute();
  }

  /** The distinct label sets (stored texts) of a custom metric's points in [from, to). */
  async metricLabelSets(modelId: number, name: string, from: number, to: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('custom_metrics')
      .select('labels')
      .distinct()
      .where('model_id', '=', modelId)
      .where('name', '=', name)
      .where('ts', '>=', from)
      .where('ts', '<', to)
      .execute();
    return rows.map((r) => r.labels);
  }

  /** Labels of a model above `afterSeq` joined with their predictions, in label order (concept-drift monitors). */
  async labelledAfter(modelId: number, afterSeq: number, limit: number): Promise<{ seq: number; label: string; prediction: string }[]> {
    return this.db
      .selectFrom('labels as l')
      .innerJoin('predictions as p', (j) => j.onRef('p.model_id', '=', 'l.model_id').onRef('p.event_id', '=', 'l.event_id'))
      .select(['l.seq as seq', 'l.label as label', 'p.prediction as prediction'])
      .where('l.model_id', '=', modelId)
      .where('l.seq', '>', afterSeq)
      .orderBy('l.seq')
      .limit(limit)
      .execute();
  }

  // --- reference data ---

  async putReference(row: ReferenceRow): Promise<void> {
    await this.db
      .insertInto('reference_data')
      .values(row)
      .onConflict((oc) =>
        oc.column('model_id').doUpdateSet({
          source: row.source,
          rows: row.rows,
          data: row.data,
          profile: row.profile,
          performance: row.performance,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async getReference(modelId: number): Promise<ReferenceRow | undefined> {
    return this.db.selectFrom('reference_data').selectAll().where('model_id', '=', modelId).executeTakeFirst();
  }

  async referenceInfo(modelId: number): Promise<{ rows: number; source: string; updated_at: number } | undefined> {
    return this.db.selectFrom('reference_data').select(['rows', 'source', 'updated_at']).where('model_id', '=', modelId).executeTakeFirst();
  }

  // --- profiler ---

  async watermark(name: string, db: Kysely<Database> = this.db): Promise<number> {
    const r = await db.selectFrom('watermarks').select('value').where('name', '=', name).executeTakeFirst();
    return r === undefined ? 0 : Number(r.value);
  }

  /**
   * Runs one profiler pass exclusively (one replica at a time). `read` gets the stable high-water
   * sequence numbers of predictions and labels (every row at or below them is committed, and no
   * later transaction can commit one below), reads and computes, and returns the watermarks it
   * started from and a `write` that stores its parts and new watermarks. On PostgreSQL everything
   * runs in one transaction under an advisory lock; on SQLite the reading and computing happen
   * outside any transaction (so ingest is not held up) and `write` commits only if the watermarks
   * are still where the pass started. Undefined when another pass won.
   */
  async profilerPass<T>(read: (db: Kysely<Database>, high: { predictions: number; labels: number }) => Promise<ProfilerPassPlan<T>>): Promise<T | undefined> {
    if (this.dialect === 'postgres') {
      return this.db.transaction().execute(async (trx) => {
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${PROFILER_LOCK}) as ok`.execute(trx);
        if (got.rows[0]?.ok !== true) return undefined;
        // Waiting for the ingest lock exclusively lets every in-flight ingest transaction finish;
        // sequences drawn afterwards are above the maxima read here. Released right after.
        const high = await this.db.connection().execute(async (conn) => {
          await sql`begin`.execute(conn);
          try {
            await sql`select pg_advisory_xact_lock(${INGEST_LOCK})`.execute(conn);
            return await this.maxSeqs(conn);
          } finally {
            await sql`commit`.execute(conn);
          }
        });
        const plan = await read(trx, high);
        await plan.write(trx);
        return plan.result;
      });
    }
    const plan = await read(this.db, await this.maxSeqs(this.db));
    return this.db.transaction().execute(async (trx) => {
      for (const [name, value] of Object.entries(plan.startedFrom)) if ((await this.watermark(name, trx)) !== value) return undefined;
      await plan.write(trx);
      return plan.result;
    });
  }

  private async maxSeqs(db: Kysely<Database>): Promise<{ predictions: number; labels: number }> {
    const p = await db
      .selectFrom('predictions')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    const l = await db
      .selectFrom('labels')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    return { predictions: Number(p?.m ?? 0), labels: Number(l?.m ?? 0) };
  }

  async setWatermark(trx: Kysely<Database>, name: string, value: number): Promise<void> {
    await trx
      .insertInto('watermarks')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }

  async predictionsAfter(trx: Kysely<Database>, afterSeq: number, upToSeq: number, limit: number): Promise<PredictionRow[]> {
    return trx.selectFrom('predictions').selectAll().where('seq', '>', afterSeq).where('seq', '<=', upToSeq).orderBy('seq').limit(limit).execute();
  }

  async labelsAfter(trx: Kysely<Database>, afterSeq: number, upToSeq: number, limit: number): Promise<LabelRow[]> {
    return trx.selectFrom('labels').selectAll().where('seq', '>', afterSeq).where('seq', '<=', upToSeq).orderBy('seq').limit(limit).execute();
  }

  /** Labels of the given predictions with seq ≤ `upToSeq`. */
  async labelsFor(trx: Kysely<Database>, modelId: number, eventIds: readonly string[], upToSeq: number): Promise<LabelRow[]> {
    return inChunks(eventIds, (ids) =>
      trx.selectFrom('labels').selectAll().where('model_id', '=', modelId).where('event_id', 'in', ids).where('seq', '<=', upToSeq).execute(),
    );
  }

  /** Predictions for the given ids with seq ≤ `upToSeq`. */
  async predictionsFor(trx: Kysely<Database>, modelId: number, eventIds: readonly string[], upToSeq: number): Promise<PredictionRow[]> {
    return inChunks(eventIds, (ids) =>
      trx.selectFrom('predictions').selectAll().where('model_id', '=', modelId).where('event_id', 'in', ids).where('seq', '<=', upToSeq).execute(),
    );
  }

  async insertProfileParts(trx: Kysely<Database>, parts: readonly NewProfilePart[]): Promise<void> {
    for (let i = 0; i < parts.length; i += 100)
      await trx
        .insertInto('profile_parts')
        .values(parts.slice(i, i + 100))
        .execute();
  }

  /** Profile parts of a model with buckets in [from, to), optionally of one version. */
  async profileParts(modelId: number, from: number, to: number, version?: string): Promise<ProfilePartRow[]> {
    let q = this.db.selectFrom('profile_parts').selectAll().where('model_id', '=', modelId).where('bucket_start', '>=', from).where('bucket_start', '<', to);
    if (version !== undefined) q = q.where('version', '=', version);
    return q.orderBy('bucket_start').orderBy('id').execute();
  }

  /** Bucket keys with more than one part and buckets before `before`: candidates for compaction. */
  async fragmentedBuckets(before: number, limit: number) {
    return this.db
      .selectFrom('profile_parts')
      .select(['model_id', 'version', 'segment', 'bucket_start'])
      .select((eb) => eb.fn.countAll<number>().as('parts'))
      .where('bucket_start', '<', before)
      .groupBy(['model_id', 'version', 'segment', 'bucket_start'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .limit(limit)
      .execute();
  }

  async partsOfBucket(key: { model_id: number; version: string; segment: string; bucket_start: number }): Promise<ProfilePartRow[]> {
    return this.db
      .selectFrom('profile_parts')
      .selectAll()
      .where('model_id', '=', key.model_id)
      .where('version', '=', key.version)
      .where('segment', '=', key.segment)
      .where('bucket_start', '=', key.bucket_start)
      .orderBy('id')
      .execute();
  }

  /** The parts of a window without their payloads (ids are immutable: compaction writes new ones). */
  async profilePartMetas(
    modelId: number,
    from: number,
    to: number,
    version?: string,
  ): Promise<{ id: number; bucket_start: number; rows: number; segment: string }[]> {
    let q = this.db
      .selectFrom('profile_parts')
      .select(['id', 'bucket_start', 'rows', 'segment'])
      .where('model_id', '=', modelId)
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to);
    if (version !== undefined) q = q.where('version', '=', version);
    return q.orderBy('bucket_start').orderBy('id').execute();
  }

  async profilePartsByIds(ids: readonly number[]): Promise<ProfilePartRow[]> {
    const out: ProfilePartRow[] = [];
    for (let i = 0; i < ids.length; i += INSERT_CHUNK)
      out.push(
        ...(await this.db
          .selectFrom('profile_parts')
          .selectAll()
          .where('id', 'in', ids.slice(i, i + INSERT_CHUNK))
          .execute()),
      );
    return out;
  }

  /** Replaces the parts of one bucket key by their merge (compaction), in one transaction. */
  async replaceParts(ids: readonly number[], merged: NewProfilePart): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const r = await trx
          .deleteFrom('profile_parts')
          .where('id', 'in', [...ids])
          .executeTakeFirst();
        // Another replica compacted the same parts first: roll back rather than count them twice.
        if (Number(r.numDeletedRows) !== ids.length) throw new CompactionRaceLost();
        await trx.insertInto('profile_parts').values(merged).execute();
      });
      return true;
    } catch (e) {
      if (e instanceof CompactionRaceLost) return false;
      throw e;
    }
  }

  // --- deletion ---

  /**
   * Deletes a model with everything of it (events, labels, custom metrics, versions, reference,
   * profile parts, its monitors with their alerts and timelines) in one transaction; false when
   * there is no such model. On PostgreSQL it waits for a running profiler pass and for in-flight
   * ingest (the locks they take), so neither writes for the model after it is gone.
   */
  async deleteModel(projectId: number, name: string): Promise<boolean> {
    const deleted = await this.deletion(async (trx) => {
      const model = await trx.selectFrom('models').select('id').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
      if (model === undefined) return false;
      await this.deleteModelsIn(trx, projectId, [model.id]);
      await bumpSequences(trx, ['models', 'policies']);
      return true;
    });
    if (deleted) announceChange(this.db);
    return deleted;
  }

  /** Deletes a project with its models (as `deleteModel`), alerting state and keys, in one transaction; the deleted row, or undefined. */
  async deleteProject(name: string): Promise<ProjectRow | undefined> {
    const deleted = await this.deletion(async (trx) => {
      const project = await trx.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
      if (project === undefined) return undefined;
      const id = project.id;
      const models = await trx.selectFrom('models').select('id').where('project_id', '=', id).execute();
      await this.deleteModelsIn(
        trx,
        id,
        models.map((m) => m.id),
      );
      const outbox = trx.selectFrom('outbox').select('id').where('project_id', '=', id);
      await trx.deleteFrom('outbox_attempts').where('outbox_id', 'in', outbox).execute();
      for (const table of ['outbox', 'alert_events', 'alerts', 'monitors', 'channels', 'silences', 'project_states', 'api_keys'] as const)
        await trx.deleteFrom(table).where('project_id', '=', id).execute();
      // Hosts with their buckets and activity, the price book and budgets (migration 0006).
      const hosts = trx.selectFrom('hosts').select('id').where('project_id', '=', id);
      await trx.deleteFrom('host_metric_buckets').where('host_id', 'in', hosts).execute();
      await trx.deleteFrom('host_activity').where('host_id', 'in', hosts).execute();
      for (const table of ['hosts', 'pricing_versions', 'budgets'] as const) await trx.deleteFrom(table).where('project_id', '=', id).execute();
      await deleteProjectExperiments(trx, id);
      // Datasets with their batches, and pipeline runs (migration 0005).
      const datasets = trx.selectFrom('datasets').select('id').where('project_id', '=', id);
      await trx.deleteFrom('dataset_batches').where('dataset_id', 'in', datasets).execute();
      for (const table of ['datasets', 'pipeline_runs'] as const) await trx.deleteFrom(table).where('project_id', '=', id).execute();
      await trx.deleteFrom('projects').where('id', '=', id).execute();
      await bumpSequences(trx, CHANGE_DOMAINS);
      return project;
    });
    if (deleted !== undefined) announceChange(this.db);
    return deleted;
  }

  private async deletion<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${PROFILER_LOCK})`.execute(trx);
        await sql`select pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
      }
      return fn(trx);
    });
  }

  private async deleteModelsIn(trx: Transaction<Database>, projectId: number, modelIds: readonly number[]): Promise<void> {
    if (modelIds.length === 0) return;
    const ids = [...modelIds];
    const monitors = trx.selectFrom('monitors').select('id').where('model_id', 'in', ids);
    const fingerprints = trx.selectFrom('alerts').select('fingerprint').where('project_id', '=', projectId).where('monitor_id', 'in', monitors);
    await trx.deleteFrom('alert_events').where('project_id', '=', projectId).where('fingerprint', 'in', fingerprints).execute();
    await trx.deleteFrom('alerts').where('project_id', '=', projectId).where('monitor_id', 'in', monitors).execute();
    await trx.deleteFrom('monitors').where('model_id', 'in', ids).execute();
    for (const table of ['predictions', 'labels', 'custom_metrics', 'model_versions', 'reference_data', 'profile_parts', 'cost_buckets'] as const)
      await trx.deleteFrom(table).where('model_id', 'in', ids).execute();
    await trx.deleteFrom('models').where('id', 'in', ids).execute();
  }

  // --- retention ---

  /** Deletes raw events older than `before` (profiles stay). Returns how many rows went. */
  async deleteRawBefore(before: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const p = await trx.deleteFrom('predictions').where('ts', '<', before).executeTakeFirst();
      const l = await trx.deleteFrom('labels').where('ts', '<', before).executeTakeFirst();
      const m = await trx.deleteFrom('custom_metrics').where('ts', '<', before).executeTakeFirst();
      return Number(p.numDeletedRows) + Number(l.numDeletedRows) + Number(m.numDeletedRows);
    });
  }
}
