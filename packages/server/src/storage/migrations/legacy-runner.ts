// Stores created before Kysely's Migrator recorded their migrations by number in
// `vigil_migrations`. This copies those records into Kysely's table once, so that the Migrator
// sees them as applied instead of creating the tables again.

import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { Dialect } from '../dialect.js';
import type { MigrationName } from './provider.js';

/** The old runner's table. It stays where it is: an older Vigil started on the store finds its ids. */
export const LEGACY_MIGRATION_TABLE = 'vigil_migrations';

/** The old runner's ids in order: id n is now LEGACY_NAMES[n - 1]. Frozen, as the old runner is gone. */
const LEGACY_NAMES: readonly MigrationName[] = ['0001_initial', '0002_alerting'];

/**
 * Records the old runner's migrations in Kysely's table when that table has none, and returns the
 * names recorded. Call it in a transaction that holds the migration lock, so that two processes
 * starting together do it once. `schema`: where the tables are (PostgreSQL), else undefined.
 */
export async function adoptLegacyMigrations(db: Kysely<Database>, dialect: Dialect, schema: string | undefined): Promise<MigrationName[]> {
  if (!(await tableExists(db, dialect, schema, LEGACY_MIGRATION_TABLE))) return [];
  const legacy = await sql<{
    id: number | string;
    applied_at: number | string;
  }>`select id, applied_at from ${table(schema, LEGACY_MIGRATION_TABLE)} order by id`.execute(db);
  if (legacy.rows.length === 0) return [];
  const ids = legacy.rows.map((r) => Number(r.id));
  if (ids.length > LEGACY_NAMES.length || ids.some((id, i) => id !== i + 1)) {
    throw new Error(
      `${LEGACY_MIGRATION_TABLE} lists migrations ${ids.join(', ')}, but Vigil's old runner only ever wrote 1 or 1, 2: the store was changed by something else; repair ${LEGACY_MIGRATION_TABLE} before starting Vigil`,
    );
  }

  // The same table the Migrator would create (kysely/src/migration/migrator.ts).
  const schemaBuilder = schema === undefined ? db.schema : db.schema.withSchema(schema);
  await schemaBuilder
    .createTable(DEFAULT_MIGRATION_TABLE)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
    .execute();
  const recorded = await sql<{ n: number | string }>`select count(*) as n from ${table(schema, DEFAULT_MIGRATION_TABLE)}`.execute(db);
  if (Number(recorded.rows[0]?.n ?? 0) > 0) return [];

  // The Migrator orders what ran by timestamp, then name: never let a replica's clock skew put
  // 0002 before 0001.
  const adopted: MigrationName[] = [];
  let at = 0;
  for (const row of legacy.rows) {
    const name = LEGACY_NAMES[Number(row.id) - 1]!;
    at = Math.max(at, Number(row.applied_at) || 0);
    await sql`insert into ${table(schema, DEFAULT_MIGRATION_TABLE)} (name, timestamp) values (${name}, ${new Date(at).toISOString()})`.execute(db);
    adopted.push(name);
  }
  return adopted;
}

function table(schema: string | undefined, name: string) {
  return schema === undefined ? sql.table(name) : sql.id(schema, name);
}

async function tableExists(db: Kysely<Database>, dialect: Dialect, schema: string | undefined, name: string): Promise<boolean> {
  const found =
    dialect === 'sqlite'
      ? await sql`select 1 as one from sqlite_master where type = 'table' and name = ${name}`.execute(db)
      : await sql`select 1 as one from pg_catalog.pg_tables where schemaname = ${schema ?? 'public'} and tablename = ${name}`.execute(db);
  return found.rows.length > 0;
}
