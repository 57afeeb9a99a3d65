// Column types the two dialects spell differently; the migrations take the dialect through a
// closure because Kysely hands a migration nothing but `db`.

import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/** An auto-increment primary key column, in each dialect's own words. */
export function serial(dialect: Dialect) {
  return dialect === 'sqlite' ? sql`integer primary key autoincrement` : sql`bigint generated always as identity primary key`;
}

/** A byte string column. */
export const bytes = (dialect: Dialect) => (dialect === 'sqlite' ? 'blob' : 'bytea');
