// Opens the store a configuration names: the embedded SQLite file (default) or a PostgreSQL URL,
// migrated and ready. The only place that knows which drivers exist.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import type { Dialect } from './dialect.js';
import type { SecretBox } from './secret-box.js';
import { Store } from './store.js';

export type SqliteSynchronous = 'full' | 'normal';

export interface OpenStoreOptions {
  /** `postgres://…` / `postgresql://…` for PostgreSQL, else a path to the SQLite file. */
  readonly location: string;
  /**
   * SQLite `synchronous` in WAL mode. `full` (default): the WAL is fsynced at every commit, so an
   * acknowledged write survives a process kill and a power loss. `normal`: it survives a process
   * kill (SIGKILL) but the last commits may be lost on power loss or an OS crash.
   */
  readonly sqliteSynchronous?: SqliteSynchronous;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /**
   * Encrypts channel secrets and notification payloads at rest; on open, rows stored in plaintext
   * before are sealed, and a key that does not fit the sealed ones fails here.
   */
  readonly secrets?: SecretBox;
}

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let sqlite: BetterSqlite3.Database | undefined;
  if (isPostgresLocation(options.location)) {
    dialect = 'postgres';
    const pool = new pg.Pool({
      connectionString: options.location,
      max: options.poolSize ?? 10,
      // int8 (times, counts, identities) as numbers: every value Vigil stores fits in 2^53.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    if (options.location !== ':memory:') mkdirSync(dirname(options.location), { recursive: true });
    sqlite = new BetterSqlite3(options.location);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  await migrate(db, dialect);
  const store = new Store(db, dialect, sqlite, options.secrets);
  try {
    await store.alerting.sealStoredSecrets();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
