// Migrations with Kysely's Migrator on SQLite (a temp file) and PostgreSQL (a fresh schema per
// test): fresh stores, re-runs, stores left by the old runner, failures and replicas starting together.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSchema } from '../testing.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import type { Dialect } from './dialect.js';
import { adoptLegacyMigrations } from './migrations/legacy-runner.js';
import { MIGRATION_NAMES, dialectMigrations } from './migrations/provider.js';

const T0 = Date.UTC(2026, 10, 27);

const APP_TABLES = [
  'alert_events',
  'alerts',
  'api_keys',
  'audit_log',
  'audit_tree_heads',
  'budgets',
  'change_sequence',
  'channels',
  'cost_buckets',
  'custom_metrics',
  'data_policies',
  'dataset_batches',
  'datasets',
  'experiment_arms',
  'experiment_pending',
  'experiment_stats',
  'experiment_units',
  'experiment_values',
  'experiments',
  'host_activity',
  'host_metric_buckets',
  'hosts',
  'labels',
  'model_alias_history',
  'model_aliases',
  'model_version_records',
  'model_versions',
  'models',
  'monitors',
  'outbox',
  'outbox_attempts',
  'pipeline_runs',
  'predictions',
  'pricing_versions',
  'profile_parts',
  'project_states',
  'projects',
  'reference_data',
  'silences',
  'watermarks',
];
const INDEXES = [
  'alert_events_alert',
  'custom_metrics_model_event',
  'custom_metrics_model_name_ts',
  'experiment_pending_unit',
  'outbox_due',
  'predictions_model_ts',
  'profile_parts_model_bucket',
];

interface Opened {
  db: Kysely<Database>;
  /** Another connection to the same store: a second replica. */
  openAnother(): Kysely<Database>;
  /** The PostgreSQL schema, or undefined on SQLite. */
  schema: string | undefined;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openEmpty(dialect: Dialect): Promise<Opened> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-migrate-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'vigil.db');
    const openAnother = () => {
      const handle = new BetterSqlite3(file);
      handle.pragma('journal_mode = WAL');
      handle.pragma('busy_timeout = 5000');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
      cleanups.push(() => db.destroy());
      return db;
    };
    const db = openAnother();
    return { db, openAnother, schema: undefined };
  }
  const test = await createTestSchema();
  cleanups.push(test.drop);
  const openAnother = () => {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: test.url, max: 3 }) }) });
    cleanups.push(() => db.destroy()); // runs before the schema is dropped
    return db;
  };
  const db = openAnother();
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return { db, openAnother, schema: current.rows[0]!.schema };
}

async function tables(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function indexes(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_catalog.pg_indexes where schemaname = current_schema() order by indexname`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Kysely's record of what ran, in the order the Migrator reads it. */
async function recorded(db: Kysely<Database>): Promise<{ name: string; timestamp: string }[]> {
  const rows = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by timestamp, name`.execute(db);
  return rows.rows;
}

/**
 * What Vigil's old runner left: the same migrations, run in one transaction, recorded by number in
 * `vigil_migrations` (its exact statements, including the PostgreSQL lock).
 */
async function buildWithOldRunner(db: Kysely<Database>, dialect: Dialect, ids: readonly number[], appliedAt = (id: number) => T0 + id): Promise<void> {
  const migrations = dialectMigrations(dialect);
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7423001)`.execute(trx);
    await sql`create table if not exists vigil_migrations (id integer primary key, applied_at bigint not null)`.execute(trx);
    for (const id of ids) {
      await migrations[MIGRATION_NAMES[id - 1]!].up(trx);
      await sql`insert into vigil_migrations (id, applied_at) values (${id}, ${appliedAt(id)})`.execute(trx);
    }
  });
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`migrate (${dialect})`, () => {
    it('creates every table and index on an empty store and records both migrations', async () => {
      const { db } = await openEmpty(dialect);
      await migrate(db, dialect);
      expect(await tables(db, dialect)).toEqual([...APP_TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
      expect(await indexes(db, dialect)).toEqual(expect.arrayContaining(INDEXES));
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
      // The tables take writes: identity columns, blobs and foreign keys work.
      const project = await db.insertInto('projects').values({ name: 'p', created_at: T0 }).returning('id').executeTakeFirstOrThrow();
      const model = await db
        .insertInto('models')
        .values({ project_id: project.id, name: 'm', type: 'binary', features: '{}', positive_class: null, description: null, created_at: T0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('reference_data')
        .values({ model_id: model.id, source: 's', rows: 1, data: Buffer.from([1, 2]), profile: Buffer.from([3]), performance: null, updated_at: T0 })
        .execute();
      const ref = await db.selectFrom('reference_data').select('data').executeTakeFirstOrThrow();
      expect([...ref.data]).toEqual([1, 2]);
    });

    it('is a no-op the second time', async () => {
      const { db } = await openEmpty(dialect);
      await migrate(db, dialect);
      const before = await recorded(db);
      await db.insertInto('projects').values({ name: 'kept', created_at: T0 }).execute();
      await migrate(db, dialect);
      expect(await recorded(db)).toEqual(before);
      expect((await db.selectFrom('projects').select('name').execute()).map((r) => r.name)).toEqual(['kept']);
    });

    it('upgrades a store built by the old runner in place, keeping its data and vigil_migrations', async () => {
      const { db } = await openEmpty(dialect);
      await buildWithOldRunner(db, dialect, [1, 2]);
      await db.insertInto('projects').values({ name: 'legacy', created_at: T0 }).execute();
      await db.insertInto('channels').values({ project_id: 1, name: 'ops', type: 'webhook', config: '{}', created_at: T0 }).execute();

      await db
        .insertInto('models')
        .values({ project_id: 1, name: 'm', type: 'binary', features: '{}', positive_class: null, description: null, created_at: T0 })
        .execute();
      await sql`insert into custom_metrics (model_id, name, value, ts, labels) values (1, 'old', 1.5, ${T0}, '')`.execute(db);

      await migrate(db, dialect);
      expect((await recorded(db)).slice(0, 2)).toEqual([
        { name: '0001_initial', timestamp: new Date(T0 + 1).toISOString() },
        { name: '0002_alerting', timestamp: new Date(T0 + 2).toISOString() },
      ]);
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
      // 0003_metric_ids keeps the points stored before it, with no id.
      const points = await db.selectFrom('custom_metrics').select(['name', 'value', 'event_id']).execute();
      expect(points).toEqual([{ name: 'old', value: 1.5, event_id: null }]);
      expect((await db.selectFrom('projects').select(['id', 'name']).execute()).map((r) => [Number(r.id), r.name])).toEqual([[1, 'legacy']]);
      expect((await db.selectFrom('channels').select('name').execute()).map((r) => r.name)).toEqual(['ops']);
      // Identity/autoincrement carries on after the old rows.
      const next = await db.insertInto('projects').values({ name: 'new', created_at: T0 }).returning('id').executeTakeFirstOrThrow();
      expect(Number(next.id)).toBe(2);
      // Left in place, so an older Vigil started on this store still sees both as applied.
      const legacy = await sql<{ id: number }>`select id from vigil_migrations order by id`.execute(db);
      expect(legacy.rows.map((r) => Number(r.id))).toEqual([1, 2]);
      expect(await tables(db, dialect)).toEqual([...APP_TABLES, 'kysely_migration', 'kysely_migration_lock', 'vigil_migrations'].sort());

      await migrate(db, dialect); // and again: nothing more
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
    });

    it('adopts migration 1 from the old runner and applies 0002_alerting and later ones itself', async () => {
      const { db } = await openEmpty(dialect);
      await buildWithOldRunner(db, dialect, [1]);
      await db.insertInto('projects').values({ name: 'legacy', created_at: T0 }).execute();
      await migrate(db, dialect);
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
      expect(await tables(db, dialect)).toEqual(expect.arrayContaining(APP_TABLES));
      expect((await db.selectFrom('projects').select('name').execute()).map((r) => r.name)).toEqual(['legacy']);
    });

    it("orders adopted migrations by id even when the old runner's clocks disagreed", async () => {
      const { db } = await openEmpty(dialect);
      await buildWithOldRunner(db, dialect, [1, 2], (id) => (id === 1 ? T0 + 5000 : T0)); // 2 "before" 1
      await migrate(db, dialect);
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
    });

    it('adopts nothing once Kysely has records, and nothing from an empty vigil_migrations', async () => {
      const { db, schema } = await openEmpty(dialect);
      await sql`create table vigil_migrations (id integer primary key, applied_at bigint not null)`.execute(db);
      await migrate(db, dialect); // a fresh store with an empty legacy table: the Migrator creates all
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
      await sql`insert into vigil_migrations (id, applied_at) values (1, ${T0})`.execute(db);
      expect(await adoptLegacyMigrations(db, dialect, schema)).toEqual([]);
    });

    it('refuses a vigil_migrations the old runner could not have written', async () => {
      const { db } = await openEmpty(dialect);
      await sql`create table vigil_migrations (id integer primary key, applied_at bigint not null)`.execute(db);
      await sql`insert into vigil_migrations (id, applied_at) values (2, ${T0})`.execute(db);
      await expect(migrate(db, dialect)).rejects.toThrow(/vigil_migrations lists migrations 2/);
    });

    it('names the migration that failed, keeps nothing of it, and succeeds once the cause is gone', async () => {
      const { db } = await openEmpty(dialect);
      await buildWithOldRunner(db, dialect, [1]);
      await sql`create table outbox_attempts (id integer)`.execute(db); // in the way of 0002_alerting's last table
      const error = await migrate(db, dialect).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^Store migration 0002_alerting failed: .*outbox_attempts/);
      const left = await tables(db, dialect);
      for (const created of ['channels', 'monitors', 'outbox']) expect(left).not.toContain(created);
      expect((await recorded(db).catch(() => [])).map((r) => r.name)).not.toContain('0002_alerting');

      await sql`drop table outbox_attempts`.execute(db);
      await migrate(db, dialect);
      expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
      expect(await tables(db, dialect)).toEqual(expect.arrayContaining(APP_TABLES));
    });
  });
}

describe('migrate (postgres, replicas starting together)', () => {
  it('lets two replicas migrate one fresh schema at once', async () => {
    const { db, openAnother } = await openEmpty('postgres');
    const other = openAnother();
    await Promise.all([migrate(db, 'postgres'), migrate(other, 'postgres')]);
    expect(await tables(db, 'postgres')).toEqual([...APP_TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
    expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
  });

  it('lets three replicas upgrade one old-runner schema at once, adopting its migrations once', async () => {
    const { db, openAnother } = await openEmpty('postgres');
    await buildWithOldRunner(db, 'postgres', [1]);
    await db.insertInto('projects').values({ name: 'legacy', created_at: T0 }).execute();
    await Promise.all([migrate(db, 'postgres'), migrate(openAnother(), 'postgres'), migrate(openAnother(), 'postgres')]);
    expect((await recorded(db)).map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
    expect((await db.selectFrom('projects').select('name').execute()).map((r) => r.name)).toEqual(['legacy']);
  });

  it("keeps Kysely's tables in the store's own schema when another schema already has them", async () => {
    const first = await openEmpty('postgres');
    const second = await openEmpty('postgres');
    await migrate(first.db, 'postgres');
    await migrate(second.db, 'postgres');
    const where = await sql<{
      schema: string;
    }>`select schemaname as schema from pg_catalog.pg_tables where tablename = 'kysely_migration' and schemaname in (${first.schema}, ${second.schema}, 'public') order by schemaname`.execute(
      first.db,
    );
    expect(where.rows.map((r) => r.schema)).toEqual([first.schema, second.schema].sort());
    expect(await tables(second.db, 'postgres')).toEqual([...APP_TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
  });
});
