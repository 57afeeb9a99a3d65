// Creates Vigil's tables on an empty store and upgrades older ones with Kysely's Migrator. The
// migrations are in migrations/, by name; stores from the old runner (`vigil_migrations`) are
// adopted first.

import { Migrator, sql } from 'kysely';
import type { Kysely, MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import type { Dialect } from './dialect.js';
import { adoptLegacyMigrations } from './migrations/legacy-runner.js';
import { createMigrationProvider } from './migrations/provider.js';

/** The old runner's transaction lock; taking it too keeps the adoption one at a time, even beside an old replica. */
const LEGACY_LOCK_ID = 7423001;

/**
 * Brings the schema up to date; safe to call on every start, by several replicas at once. Throws
 * an Error that names the migration that failed; nothing of a failed migration stays.
 */
export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await migrateSqlite(db);
  else await migratePostgres(db);
}

/**
 * Kysely runs SQLite migrations outside any transaction (its adapter claims no transactional DDL,
 * though SQLite has it), so a crash could leave half a schema. One `begin immediate` around the
 * adoption and the Migrator makes the whole upgrade atomic and takes the write lock before anything
 * is read: a second process waits (busy_timeout) rather than deadlocking. Kysely's SQLite driver
 * has a single connection, so every statement below runs in that transaction.
 */
async function migrateSqlite(db: Kysely<Database>): Promise<void> {
  await sql`begin immediate`.execute(db);
  try {
    await adoptLegacyMigrations(db, 'sqlite', undefined);
    throwIfFailed(await new Migrator({ db, provider: createMigrationProvider('sqlite') }).migrateToLatest());
    await sql`commit`.execute(db);
  } catch (error) {
    // SQLite may have rolled back already (on some errors it does so itself).
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}

/**
 * On PostgreSQL the Migrator takes a session advisory lock and runs all pending migrations in one
 * transaction. Its tables go to the schema the app's tables go to, named explicitly: left unnamed,
 * the Migrator looks for `kysely_migration` in every schema of the database, finds another
 * store's, and never creates its own.
 */
async function migratePostgres(db: Kysely<Database>): Promise<void> {
  const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = current.rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: create the first schema of the search_path, or set search_path to one that exists');
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(LEGACY_LOCK_ID)})`.execute(trx);
    await adoptLegacyMigrations(trx, 'postgres', schema);
  });
  throwIfFailed(await new Migrator({ db, provider: createMigrationProvider('postgres'), migrationTableSchema: schema }).migrateToLatest());
}

/** The Migrator never throws; it reports. Turn its report into an error that names the migration. */
function throwIfFailed(result: MigrationResultSet): void {
  if (result.error === undefined) return;
  const cause = result.error;
  const why = cause instanceof Error ? cause.message : String(cause);
  const failed = result.results?.find((r) => r.status === 'Error');
  throw new Error(failed ? `Store migration ${failed.migrationName} failed: ${why}` : `Store migrations could not run: ${why}`, { cause });
}
