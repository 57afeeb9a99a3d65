// The experiment tables: definitions, exposed units, each unit's running metric values, outcomes
// waiting for their unit's exposure, and the per-bucket sufficient statistics results are read from.
// Ingest keeps the aggregates current by deltas: an outcome v on a unit whose value was y adds v to
// Σx and v(2y + v) = (y + v)² − y² to Σx² in the bucket of the outcome's time, so results read a
// few rows per bucket, never the events. SQL for experiments lives here only.

import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ExposureRecord, OutcomeRecord } from '@vigil/core';
import type { Database, ExperimentArmsTable, ExperimentStatsTable, ExperimentsTable } from './database.js';
import type { Dialect } from './dialect.js';

export type ExperimentRow = Selectable<ExperimentsTable>;
export type NewExperiment = Omit<Insertable<ExperimentsTable>, 'id'>;
export type ArmRow = Selectable<ExperimentArmsTable>;
export type StatsRow = Selectable<ExperimentStatsTable>;

/** What ingest needs to know of an experiment. */
export interface ExperimentRef {
  readonly id: number;
  readonly bucketMs: number;
  /** CUPED's lookback: outcomes this long before a unit's exposure are its covariate. */
  readonly lookbackMs: number;
}

export interface ExposureCounts {
  accepted: number;
  repeated: number;
  conflicts: number;
  /** Pending outcomes that now count (at or after the exposure). */
  applied: number;
}

export interface OutcomeCounts {
  accepted: number;
  pending: number;
  ignored: number;
}

/** Units per IN list and rows per INSERT: every statement stays under SQLite's 32 766 bound parameters. */
const CHUNK = 500;
/** PostgreSQL advisory-lock class of experiment ingest: one writer per experiment at a time (the read-modify-write of unit values). */
const EXPERIMENT_LOCK = 7423010;

function chunks<T>(xs: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

interface ArmDelta {
  bucket_start: number;
  variant: number;
  units: number;
  exposures: number;
  conflicts: number;
}

interface StatsDelta {
  bucket_start: number;
  variant: number;
  metric: string;
  sum: number;
  sum_squares: number;
  positives: number;
  pre_sum: number;
  pre_sum_squares: number;
  cross_sum: number;
}

interface UnitValue {
  value: number;
  pre: number;
  changed: boolean;
}

/** The deltas one batch makes to the aggregates, gathered per key and written once. */
class Deltas {
  readonly arms = new Map<string, ArmDelta>();
  readonly stats = new Map<string, StatsDelta>();

  constructor(private readonly bucketMs: number) {}

  bucket(ts: number): number {
    return Math.floor(ts / this.bucketMs) * this.bucketMs;
  }

  arm(ts: number, variant: number): ArmDelta {
    const b = this.bucket(ts);
    const key = `${b}:${variant}`;
    let d = this.arms.get(key);
    if (d === undefined) this.arms.set(key, (d = { bucket_start: b, variant, units: 0, exposures: 0, conflicts: 0 }));
    return d;
  }

  stat(ts: number, variant: number, metric: string): StatsDelta {
    const b = this.bucket(ts);
    const key = `${b}:${variant}:${metric}`;
    let d = this.stats.get(key);
    if (d === undefined)
      this.stats.set(key, (d = { bucket_start: b, variant, metric, sum: 0, sum_squares: 0, positives: 0, pre_sum: 0, pre_sum_squares: 0, cross_sum: 0 }));
    return d;
  }

  /** An outcome at or after the exposure: y → y + v, in the bucket of the outcome's time. */
  addValue(u: UnitValue, variant: number, metric: string, v: number, ts: number): void {
    const d = this.stat(ts, variant, metric);
    const y = u.value;
    const next = y + v;
    d.sum += v;
    d.sum_squares += v * (2 * y + v);
    d.positives += (next > 0 ? 1 : 0) - (y > 0 ? 1 : 0);
    d.cross_sum += v * u.pre;
    u.value = next;
    u.changed = true;
  }

  /** An outcome in the lookback before the exposure: the CUPED covariate x₀ → x₀ + v, in the bucket of the exposure. */
  addPre(u: UnitValue, variant: number, metric: string, v: number, exposedAt: number): void {
    const d = this.stat(exposedAt, variant, metric);
    const x = u.pre;
    d.pre_sum += v;
    d.pre_sum_squares += v * (2 * x + v);
    d.cross_sum += v * u.value;
    u.pre = x + v;
    u.changed = true;
  }
}

/** The events in time order, stable (a batch already in order, the common case, is taken as it is). */
function byTime<T extends { ts: number }>(xs: readonly T[]): readonly T[] {
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) sorted = xs[i - 1]!.ts <= xs[i]!.ts;
  if (sorted) return xs;
  return xs
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.ts - b.x.ts || a.i - b.i)
    .map((p) => p.x);
}

const valueKey = (unit: string, metric: string) => `${unit}\u0000${metric}`;

export class ExperimentsStore {
  private readonly sqlite: SqliteExperimentIngest | undefined;

  /** `sqlite` is the embedded database under `db`: ingest runs there as prepared statements in one synchronous transaction. */
  constructor(
    readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    sqlite?: BetterSqlite3.Database,
  ) {
    this.sqlite = sqlite === undefined ? undefined : new SqliteExperimentIngest(sqlite);
  }

  // --- definitions ---

  async create(row: NewExperiment): Promise<ExperimentRow | undefined> {
    return this.db
      .insertInto('experiments')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async find(projectId: number, name: string): Promise<ExperimentRow | undefined> {
    return this.db.selectFrom('experiments').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  }

  async byId(id: number): Promise<ExperimentRow | undefined> {
    return this.db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A page of a project's experiments by name, optionally of one status. */
  async list(projectId: number, limit: number, after: string | null, status: string | undefined): Promise<ExperimentRow[]> {
    let q = this.db.selectFrom('experiments').selectAll().where('project_id', '=', projectId);
    if (after !== null) q = q.where('name', '>', after);
    if (status !== undefined) q = q.where('status', '=', status);
    return q.orderBy('name').limit(limit).execute();
  }

  async update(id: number, set: { config?: string; status?: string; updated_at: number; stopped_at?: number | null }): Promise<void> {
    await this.db.updateTable('experiments').set(set).where('id', '=', id).execute();
  }

  /** Units exposed and exposure conflicts per experiment, for the listed ones. */
  async unitTotals(ids: readonly number[]): Promise<Map<number, { units: number; conflicts: number }>> {
    const out = new Map<number, { units: number; conflicts: number }>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('experiment_arms')
      .select((eb) => ['experiment_id', eb.fn.sum<number>('units').as('units'), eb.fn.sum<number>('conflicts').as('conflicts')])
      .where('experiment_id', 'in', [...ids])
      .groupBy('experiment_id')
      .execute();
    for (const r of rows) out.set(Number(r.experiment_id), { units: Number(r.units), conflicts: Number(r.conflicts) });
    return out;
  }

  // --- what results read ---

  async arms(experimentId: number): Promise<ArmRow[]> {
    return this.db.selectFrom('experiment_arms').selectAll().where('experiment_id', '=', experimentId).orderBy('bucket_start').execute();
  }

  async stats(experimentId: number): Promise<StatsRow[]> {
    return this.db.selectFrom('experiment_stats').selectAll().where('experiment_id', '=', experimentId).orderBy('bucket_start').execute();
  }

  /** When the experiment's first and last exposures were (null without any). */
  async exposureSpan(experimentId: number): Promise<{ from: number; to: number } | null> {
    const r = await this.db
      .selectFrom('experiment_arms')
      .select((eb) => [eb.fn.min<number>('bucket_start').as('from'), eb.fn.max<number>('bucket_start').as('to')])
      .where('experiment_id', '=', experimentId)
      .executeTakeFirst();
    return r === undefined || r.from === null || r.to === null ? null : { from: Number(r.from), to: Number(r.to) };
  }

  /**
   * A shadow comparison: the predictions of model version `a` and of version `b` (another model)
   * made for the same request ids in [from, to], the latest `limit` pairs, as stored JSON.
   */
  async predictionPairs(
    a: { modelId: number; version: string | undefined },
    b: { modelId: number; version: string | undefined },
    from: number,
    to: number,
    limit: number,
  ): Promise<{ a: string; b: string }[]> {
    let q = this.db
      .selectFrom('predictions as pa')
      .innerJoin('predictions as pb', (j) => j.onRef('pb.event_id', '=', 'pa.event_id').on('pb.model_id', '=', b.modelId))
      .select(['pa.prediction as a', 'pb.prediction as b'])
      .where('pa.model_id', '=', a.modelId)
      .where('pa.ts', '>=', from)
      .where('pa.ts', '<=', to);
    if (a.version !== undefined) q = q.where('pa.version', '=', a.version);
    if (b.version !== undefined) q = q.where('pb.version', '=', b.version);
    return q.orderBy('pa.ts', 'desc').limit(limit).execute();
  }

  // --- ingest ---

  private async transaction<T>(experimentId: number, body: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${EXPERIMENT_LOCK}, ${experimentId})`.execute(trx);
      return body(trx);
    });
  }

  private async unitsOf(
    trx: Transaction<Database>,
    experimentId: number,
    units: readonly string[],
  ): Promise<Map<string, { variant: number; exposed_at: number }>> {
    const out = new Map<string, { variant: number; exposed_at: number }>();
    for (const c of chunks(units)) {
      const rows = await trx
        .selectFrom('experiment_units')
        .select(['unit', 'variant', 'exposed_at'])
        .where('experiment_id', '=', experimentId)
        .where('unit', 'in', c)
        .execute();
      for (const r of rows) out.set(r.unit, { variant: Number(r.variant), exposed_at: Number(r.exposed_at) });
    }
    return out;
  }

  private async valuesOf(trx: Transaction<Database>, experimentId: number, units: readonly string[]): Promise<Map<string, UnitValue>> {
    const out = new Map<string, UnitValue>();
    for (const c of chunks(units)) {
      const rows = await trx
        .selectFrom('experiment_values')
        .select(['unit', 'metric', 'value', 'pre_value'])
        .where('experiment_id', '=', experimentId)
        .where('unit', 'in', c)
        .execute();
      for (const r of rows) out.set(valueKey(r.unit, r.metric), { value: r.value, pre: r.pre_value, changed: false });
    }
    return out;
  }

  private async writeValues(trx: Transaction<Database>, experimentId: number, values: Map<string, UnitValue>): Promise<void> {
    const rows: { experiment_id: number; unit: string; metric: string; value: number; pre_value: number }[] = [];
    for (const [key, v] of values) {
      if (!v.changed) continue;
      const sep = key.indexOf('\u0000');
      rows.push({ experiment_id: experimentId, unit: key.slice(0, sep), metric: key.slice(sep + 1), value: v.value, pre_value: v.pre });
    }
    for (const c of chunks(rows)) {
      await trx
        .insertInto('experiment_values')
        .values(c)
        .onConflict((oc) => oc.columns(['experiment_id', 'unit', 'metric']).doUpdateSet({ value: sql`excluded.value`, pre_value: sql`excluded.pre_value` }))
        .execute();
    }
  }

  private async writeDeltas(trx: Transaction<Database>, experimentId: number, d: Deltas): Promise<void> {
    const arms = [...d.arms.values()].map((a) => ({ experiment_id: experimentId, ...a }));
    for (const c of chunks(arms)) {
      await trx
        .insertInto('experiment_arms')
        .values(c)
        .onConflict((oc) =>
          oc.columns(['experiment_id', 'bucket_start', 'variant']).doUpdateSet({
            units: sql`experiment_arms.units + excluded.units`,
            exposures: sql`experiment_arms.exposures + excluded.exposures`,
            conflicts: sql`experiment_arms.conflicts + excluded.conflicts`,
          }),
        )
        .execute();
    }
    const stats = [...d.stats.values()].map((s) => ({ experiment_id: experimentId, ...s }));
    for (const c of chunks(stats)) {
      await trx
        .insertInto('experiment_stats')
        .values(c)
        .onConflict((oc) =>
          oc.columns(['experiment_id', 'bucket_start', 'variant', 'metric']).doUpdateSet({
            sum: sql`experiment_stats.sum + excluded.sum`,
            sum_squares: sql`experiment_stats.sum_squares + excluded.sum_squares`,
            positives: sql`experiment_stats.positives + excluded.positives`,
            pre_sum: sql`experiment_stats.pre_sum + excluded.pre_sum`,
            pre_sum_squares: sql`experiment_stats.pre_sum_squares + excluded.pre_sum_squares`,
            cross_sum: sql`experiment_stats.cross_sum + excluded.cross_sum`,
          }),
        )
        .execute();
    }
  }

  /**
   * Records exposures in one transaction, in time order. A unit's first exposure fixes its variant
   * and time; a later one to the same variant changes nothing, one to another variant is counted as
   * a conflict (the unit stays where it was first). Outcomes that waited for a newly exposed unit
   * count now: at or after the exposure as its value, in the lookback before it as its covariate.
   */
  async recordExposures(exp: ExperimentRef, events: readonly ExposureRecord[]): Promise<ExposureCounts> {
    const sorted = byTime(events);
    if (this.sqlite !== undefined) return this.sqlite.exposures(exp, sorted);
    return this.transaction(exp.id, async (trx) => {
      const d = new Deltas(exp.bucketMs);
      const known = await this.unitsOf(trx, exp.id, [...new Set(sorted.map((e) => e.unit))]);
      const counts: ExposureCounts = { accepted: 0, repeated: 0, conflicts: 0, applied: 0 };
      const fresh: { experiment_id: number; unit: string; variant: number; exposed_at: number }[] = [];
      for (const e of sorted) {
        d.arm(e.ts, e.variant).exposures++;
        const cur = known.get(e.unit);
        if (cur === undefined) {
          known.set(e.unit, { variant: e.variant, exposed_at: e.ts });
          fresh.push({ experiment_id: exp.id, unit: e.unit, variant: e.variant, exposed_at: e.ts });
          d.arm(e.ts, e.variant).units++;
          counts.accepted++;
        } else if (cur.variant === e.variant) counts.repeated++;
        else {
          d.arm(e.ts, e.variant).conflicts++;
          counts.conflicts++;
        }
      }
      for (const c of chunks(fresh)) await trx.insertInto('experiment_units').values(c).execute();

      // Outcomes that came before their unit's exposure.
      const waiting: { id: number; unit: string; metric: string; value: number; ts: number }[] = [];
      for (const c of chunks(fresh.map((f) => f.unit))) {
        const rows = await trx
          .selectFrom('experiment_pending')
          .select(['id', 'unit', 'metric', 'value', 'ts'])
          .where('experiment_id', '=', exp.id)
          .where('unit', 'in', c)
          .execute();
        waiting.push(...rows.map((r) => ({ ...r, id: Number(r.id), ts: Number(r.ts) })));
      }
      if (waiting.length > 0) {
        const values = new Map<string, UnitValue>();
        waiting.sort((a, b) => a.ts - b.ts || a.id - b.id);
        for (const p of waiting) {
          const u = known.get(p.unit)!;
          const key = valueKey(p.unit, p.metric);
          let v = values.get(key);
          if (v === undefined) values.set(key, (v = { value: 0, pre: 0, changed: true }));
          if (p.ts >= u.exposed_at) {
            d.addValue(v, u.variant, p.metric, p.value, p.ts);
            counts.applied++;
          } else if (p.ts >= u.exposed_at - exp.lookbackMs) d.addPre(v, u.variant, p.metric, p.value, u.exposed_at);
        }
        for (const c of chunks(waiting.map((w) => w.id)))
          await trx.deleteFrom('experiment_pending').where('experiment_id', '=', exp.id).where('id', 'in', c).execute();
        await this.writeValues(trx, exp.id, values);
      }
      await this.writeDeltas(trx, exp.id, d);
      return counts;
    });
  }

  /**
   * Records outcomes in one transaction, in time order: each adds to its unit's value when at or
   * after the unit's first exposure, to its CUPED covariate when within the lookback before it
   * (ignored otherwise), and waits as pending when the unit has no exposure yet.
   */
  async recordOutcomes(exp: ExperimentRef, events: readonly OutcomeRecord[]): Promise<OutcomeCounts> {
    const sorted = byTime(events);
    if (this.sqlite !== undefined) return this.sqlite.outcomes(exp, sorted);
    return this.transaction(exp.id, async (trx) => {
      const d = new Deltas(exp.bucketMs);
      const unitIds = [...new Set(sorted.map((e) => e.unit))];
      const known = await this.unitsOf(trx, exp.id, unitIds);
      const values = await this.valuesOf(
        trx,
        exp.id,
        unitIds.filter((u) => known.has(u)),
      );
      const counts: OutcomeCounts = { accepted: 0, pending: 0, ignored: 0 };
      const pending: { experiment_id: number; unit: string; metric: string; value: number; ts: number }[] = [];
      for (const e of sorted) {
        const u = known.get(e.unit);
        if (u === undefined) {
          pending.push({ experiment_id: exp.id, unit: e.unit, metric: e.metric, value: e.value, ts: e.ts });
          counts.pending++;
          continue;
        }
        const key = valueKey(e.unit, e.metric);
        let v = values.get(key);
        if (v === undefined) values.set(key, (v = { value: 0, pre: 0, changed: true }));
        if (e.ts >= u.exposed_at) {
          d.addValue(v, u.variant, e.metric, e.value, e.ts);
          counts.accepted++;
        } else {
          if (e.ts >= u.exposed_at - exp.lookbackMs) d.addPre(v, u.variant, e.metric, e.value, u.exposed_at);
          counts.ignored++;
        }
      }
      for (const c of chunks(pending)) await trx.insertInto('experiment_pending').values(c).execute();
      await this.writeValues(trx, exp.id, values);
      await this.writeDeltas(trx, exp.id, d);
      return counts;
    });
  }

  /**
   * Adds precomputed aggregates (the benchmark's bulk load: what ingest of that many events would
   * have written), in one transaction.
   */
  async addAggregates(experimentId: number, arms: readonly Omit<ArmRow, 'experiment_id'>[], stats: readonly Omit<StatsRow, 'experiment_id'>[]): Promise<void> {
    const d = new Deltas(1);
    for (const a of arms) d.arms.set(`${a.bucket_start}:${a.variant}`, { ...a });
    for (const s of stats) d.stats.set(`${s.bucket_start}:${s.variant}:${s.metric}`, { ...s });
    await this.transaction(experimentId, (trx) => this.writeDeltas(trx, experimentId, d));
  }
}

/**
 * Experiment ingest on SQLite: the same semantics as the Kysely path, as prepared statements in one
 * synchronous transaction per batch (the hot path: building 500-row statements costs more than the
 * inserts). Nothing else runs while it does, so the read-modify-write of unit values needs no lock.
 */
class SqliteExperimentIngest {
  private readonly insertUnit: BetterSqlite3.Statement;
  private readonly unit: BetterSqlite3.Statement;
  private readonly anyPending: BetterSqlite3.Statement;
  private readonly pendingOf: BetterSqlite3.Statement;
  private readonly deletePending: BetterSqlite3.Statement;
  private readonly insertPending: BetterSqlite3.Statement;
  private readonly value: BetterSqlite3.Statement;
  private readonly putValue: BetterSqlite3.Statement;
  private readonly addArm: BetterSqlite3.Statement;
  private readonly addStat: BetterSqlite3.Statement;
  readonly exposures: (exp: ExperimentRef, sorted: readonly ExposureRecord[]) => ExposureCounts;
  readonly outcomes: (exp: ExperimentRef, sorted: readonly OutcomeRecord[]) => OutcomeCounts;

  constructor(db: BetterSqlite3.Database) {
    this.insertUnit = db.prepare('insert into experiment_units (experiment_id, unit, variant, exposed_at) values (?, ?, ?, ?) on conflict do nothing');
    this.unit = db.prepare('select variant, exposed_at from experiment_units where experiment_id = ? and unit = ?');
    this.anyPending = db.prepare('select 1 from experiment_pending where experiment_id = ? limit 1').pluck();
    this.pendingOf = db.prepare('select id, metric, value, ts from experiment_pending where experiment_id = ? and unit = ? order by ts, id');
    this.deletePending = db.prepare('delete from experiment_pending where experiment_id = ? and unit = ?');
    this.insertPending = db.prepare('insert into experiment_pending (experiment_id, unit, metric, value, ts) values (?, ?, ?, ?, ?)');
    this.value = db.prepare('select value, pre_value from experiment_values where experiment_id = ? and unit = ? and metric = ?');
    this.putValue = db.prepare(
      'insert into experiment_values (experiment_id, unit, metric, value, pre_value) values (?, ?, ?, ?, ?) on conflict (experiment_id, unit, metric) do update set value = excluded.value, pre_value = excluded.pre_value',
    );
    this.addArm = db.prepare(
      'insert into experiment_arms (experiment_id, bucket_start, variant, units, exposures, conflicts) values (?, ?, ?, ?, ?, ?) on conflict (experiment_id, bucket_start, variant) do update set units = units + excluded.units, exposures = exposures + excluded.exposures, conflicts = conflicts + excluded.conflicts',
    );
    this.addStat = db.prepare(
      'insert into experiment_stats (experiment_id, bucket_start, variant, metric, sum, sum_squares, positives, pre_sum, pre_sum_squares, cross_sum) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (experiment_id, bucket_start, variant, metric) do update set sum = sum + excluded.sum, sum_squares = sum_squares + excluded.sum_squares, positives = positives + excluded.positives, pre_sum = pre_sum + excluded.pre_sum, pre_sum_squares = pre_sum_squares + excluded.pre_sum_squares, cross_sum = cross_sum + excluded.cross_sum',
    );
    this.exposures = db.transaction((exp: ExperimentRef, sorted: readonly ExposureRecord[]) => this.runExposures(exp, sorted));
    this.outcomes = db.transaction((exp: ExperimentRef, sorted: readonly OutcomeRecord[]) => this.runOutcomes(exp, sorted));
  }

  private runExposures(exp: ExperimentRef, sorted: readonly ExposureRecord[]): ExposureCounts {
    const d = new Deltas(exp.bucketMs);
    const counts: ExposureCounts = { accepted: 0, repeated: 0, conflicts: 0, applied: 0 };
    const fresh: ExposureRecord[] = [];
    for (const e of sorted) {
      d.arm(e.ts, e.variant).exposures++;
      if (this.insertUnit.run(exp.id, e.unit, e.variant, e.ts).changes === 1) {
        fresh.push(e);
        d.arm(e.ts, e.variant).units++;
        counts.accepted++;
        continue;
      }
      const cur = this.unit.get(exp.id, e.unit) as { variant: number };
      if (Number(cur.variant) === e.variant) counts.repeated++;
      else {
        d.arm(e.ts, e.variant).conflicts++;
        counts.conflicts++;
      }
    }
    if (fresh.length > 0 && this.anyPending.get(exp.id) !== undefined) {
      for (const u of fresh) {
        const waiting = this.pendingOf.all(exp.id, u.unit) as { metric: string; value: number; ts: number }[];
        if (waiting.length === 0) continue;
        const values = new Map<string, UnitValue>();
        for (const p of waiting) {
          let v = values.get(p.metric);
          if (v === undefined) values.set(p.metric, (v = { value: 0, pre: 0, changed: true }));
          const ts = Number(p.ts);
          if (ts >= u.ts) {
            d.addValue(v, u.variant, p.metric, p.value, ts);
            counts.applied++;
          } else if (ts >= u.ts - exp.lookbackMs) d.addPre(v, u.variant, p.metric, p.value, u.ts);
        }
        this.deletePending.run(exp.id, u.unit);
        for (const [metric, v] of values) this.putValue.run(exp.id, u.unit, metric, v.value, v.pre);
      }
    }
    this.writeDeltas(exp.id, d);
    return counts;
  }

  private runOutcomes(exp: ExperimentRef, sorted: readonly OutcomeRecord[]): OutcomeCounts {
    const d = new Deltas(exp.bucketMs);
    const counts: OutcomeCounts = { accepted: 0, pending: 0, ignored: 0 };
    const units = new Map<string, { variant: number; exposed_at: number } | null>();
    const values = new Map<string, UnitValue>();
    for (const e of sorted) {
      let u = units.get(e.unit);
      if (u === undefined) {
        const row = this.unit.get(exp.id, e.unit) as { variant: number; exposed_at: number } | undefined;
        units.set(e.unit, (u = row === undefined ? null : { variant: Number(row.variant), exposed_at: Number(row.exposed_at) }));
      }
      if (u === null) {
        this.insertPending.run(exp.id, e.unit, e.metric, e.value, e.ts);
        counts.pending++;
        continue;
      }
      const key = valueKey(e.unit, e.metric);
      let v = values.get(key);
      if (v === undefined) {
        const row = this.value.get(exp.id, e.unit, e.metric) as { value: number; pre_value: number } | undefined;
        values.set(key, (v = row === undefined ? { value: 0, pre: 0, changed: true } : { value: row.value, pre: row.pre_value, changed: false }));
      }
      if (e.ts >= u.exposed_at) {
        d.addValue(v, u.variant, e.metric, e.value, e.ts);
        counts.accepted++;
      } else {
        if (e.ts >= u.exposed_at - exp.lookbackMs) d.addPre(v, u.variant, e.metric, e.value, u.exposed_at);
        counts.ignored++;
      }
    }
    for (const [key, v] of values) {
      if (!v.changed) continue;
      const sep = key.indexOf('\u0000');
      this.putValue.run(exp.id, key.slice(0, sep), key.slice(sep + 1), v.value, v.pre);
    }
    this.writeDeltas(exp.id, d);
    return counts;
  }

  private writeDeltas(id: number, d: Deltas): void {
    for (const a of d.arms.values()) this.addArm.run(id, a.bucket_start, a.variant, a.units, a.exposures, a.conflicts);
    for (const t of d.stats.values())
      this.addStat.run(id, t.bucket_start, t.variant, t.metric, t.sum, t.sum_squares, t.positives, t.pre_sum, t.pre_sum_squares, t.cross_sum);
  }
}

/** Deletes a project's experiments with every row of theirs, in the project's deletion transaction. */
export async function deleteProjectExperiments(trx: Transaction<Database>, projectId: number): Promise<void> {
  const ids = trx.selectFrom('experiments').select('id').where('project_id', '=', projectId);
  for (const table of ['experiment_units', 'experiment_values', 'experiment_pending', 'experiment_arms', 'experiment_stats'] as const)
    await trx.deleteFrom(table).where('experiment_id', 'in', ids).execute();
  await trx.deleteFrom('experiments').where('project_id', '=', projectId).execute();
}
