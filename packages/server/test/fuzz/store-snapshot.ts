// Every row of every table of a store, in a canonical order, so a test can say "this request
// changed nothing": read through the store's own Kysely instance, on SQLite or PostgreSQL.

import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** Each table's rows, each written as canonical JSON, sorted. */
export type StoreSnapshot = Readonly<Record<string, readonly string[]>>;

export interface SnapshotOptions {
  /** Columns left out by table (ones that legitimately change on reads). */
  readonly ignoreColumns?: Readonly<Record<string, readonly string[]>>;
}

function canonical(v: unknown): unknown {
  if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * Reads the store. On PostgreSQL only the tables of the connection's current schema count (the
 * test database holds other suites' schemas). Rows are sorted by their canonical JSON, which
 * orders them as their primary key does wherever the key is the first column, and totally anyway.
 */
export async function snapshotStore<DB>(db: Kysely<DB>, options: SnapshotOptions = {}): Promise<StoreSnapshot> {
  const tables = await db.introspection.getTables();
  let schema: string | undefined;
  if (tables.some((t) => t.schema !== undefined)) {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    schema = r.rows[0]?.s;
  }
  const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const out: Record<string, string[]> = {};
  for (const t of tables.filter((t) => t.schema === schema && !t.isView).sort((a, b) => a.name.localeCompare(b.name))) {
    const ignored = new Set(options.ignoreColumns?.[t.name] ?? []);
    const columns = t.columns.map((c) => c.name).filter((c) => !ignored.has(c));
    const rows = await any.selectFrom(t.name).selectAll().execute();
    out[t.name] = rows.map((row) => JSON.stringify(columns.map((c) => [c, canonical(row[c])]))).sort();
  }
  return out;
}

/** What differs between two snapshots, one line per added or removed row (at most `limit`). */
export function diffSnapshots(before: StoreSnapshot, after: StoreSnapshot, limit = 10): string[] {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = new Set(before[table] ?? []);
    const b = new Set(after[table] ?? []);
    for (const row of a) if (!b.has(row)) out.push(`${table}: - ${row.slice(0, 300)}`);
    for (const row of b) if (!a.has(row)) out.push(`${table}: + ${row.slice(0, 300)}`);
    if (before[table] === undefined) out.push(`${table}: table created`);
    if (after[table] === undefined) out.push(`${table}: table dropped`);
  }
  return out.slice(0, limit);
}
