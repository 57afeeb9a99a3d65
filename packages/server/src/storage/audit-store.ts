// The audit log's rows and signed tree heads. Appends are serialised (PostgreSQL: an advisory lock
// held by the transaction; SQLite has one writer), so every entry gets the next seq and the head
// signed with it covers exactly the entries before it. SQL for the audit log lives here only.

import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Dialect } from './dialect.js';
import type { AuditLogTable, AuditTreeHeadsTable } from './governance-tables.js';

export type AuditRow = Selectable<AuditLogTable>;
export type TreeHeadRow = Selectable<AuditTreeHeadsTable>;

/** PostgreSQL advisory-lock key of audit appends: one writer at a time across replicas. */
const AUDIT_LOCK = 7_423_017;

/** What an append computes once it knows the next seq and any leaves other replicas added. */
export interface AuditAppend {
  readonly row: AuditRow;
  readonly head: TreeHeadRow;
}

export interface AuditListFilter {
  readonly projectId: number;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly entityType?: string | undefined;
  readonly entityId?: string | undefined;
  /** Key ids whose entries to keep; `null` in the list keeps the server's own entries. */
  readonly actorIds?: readonly (string | null)[] | undefined;
  readonly limit: number;
}

export class AuditStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Appends one entry and its signed head in one transaction. `prepare` gets the next seq and the
   * leaf hashes stored after `knownSize` (entries other replicas appended since), and returns the
   * row and head to write.
   */
  async append(knownSize: number, prepare: (seq: number, newer: readonly string[]) => AuditAppend): Promise<AuditAppend> {
    let out: AuditAppend | undefined;
    await this.appendWith(
      knownSize,
      async () => undefined,
      (seq, newer) => (out = prepare(seq, newer)),
    );
    return out!;
  }

  /**
   * Runs `change` and appends the entry that records it in one transaction, so both are stored or
   * neither; `prepare` sees what the change answered (counts, ids).
   */
  async appendWith<T>(
    knownSize: number,
    change: (trx: Transaction<Database>) => Promise<T>,
    prepare: (seq: number, newer: readonly string[], result: T) => AuditAppend,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
      const result = await change(trx);
      const newer = await this.leafHashesAfter(trx, knownSize);
      const out = prepare(knownSize + newer.length + 1, newer, result);
      await trx.insertInto('audit_log').values(out.row).execute();
      await trx.insertInto('audit_tree_heads').values(out.head).execute();
      return result;
    });
  }

  private async leafHashesAfter(db: Kysely<Database> | Transaction<Database>, size: number): Promise<string[]> {
    const rows = await db.selectFrom('audit_log').select('leaf_hash').where('seq', '>', size).orderBy('seq').execute();
    return rows.map((r) => r.leaf_hash);
  }

  /** Every leaf hash from `after` on, in order (the tree is rebuilt from these at start and for proofs). */
  async leafHashes(after = 0): Promise<string[]> {
    return this.leafHashesAfter(this.db, after);
  }

  async latestHead(): Promise<TreeHeadRow | undefined> {
    return this.db.selectFrom('audit_tree_heads').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  }

  async headOfSize(size: number): Promise<TreeHeadRow | undefined> {
    return this.db.selectFrom('audit_tree_heads').selectAll().where('tree_size', '=', size).executeTakeFirst();
  }

  async entry(seq: number): Promise<AuditRow | undefined> {
    return this.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
  }

  /** A project's entries, newest first, within the filter. */
  async list(f: AuditListFilter): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll().where('project_id', '=', f.projectId);
    if (f.from !== undefined) q = q.where('time', '>=', f.from);
    if (f.to !== undefined) q = q.where('time', '<', f.to);
    if (f.entityType !== undefined) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId !== undefined) q = q.where('entity_id', '=', f.entityId);
    if (f.actorIds !== undefined) {
      const ids = f.actorIds.filter((a): a is string => a !== null);
      const system = f.actorIds.includes(null);
      q = q.where((eb) => {
        const parts = [];
        if (ids.length > 0) parts.push(eb('actor_id', 'in', ids));
        if (system) parts.push(eb('actor_id', 'is', null));
        return parts.length === 0 ? eb.val(false) : eb.or(parts);
      });
    }
    return q.orderBy('seq', 'desc').limit(f.limit).execute();
  }

  /** Every row and head, in order: what `vigil audit verify` checks. */
  async everything(): Promise<{ rows: AuditRow[]; heads: TreeHeadRow[] }> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const heads = await this.db.selectFrom('audit_tree_heads').selectAll().orderBy('tree_size').execute();
    return { rows, heads };
  }

  /** Entries of a project whose text mentions `needle` (erasure looks for a subject's id). */
  async entriesMentioning(projectId: number, needle: string): Promise<AuditRow[]> {
    return this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('erased', '=', 0)
      .where('action', '!=', 'audit.erase')
      .where(sql<boolean>`entry like ${`%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
      .orderBy('seq')
      .execute();
  }

  /** A project's entries written before `time` whose payload is still there, oldest first (audit retention). */
  async payloadsBefore(projectId: number, time: number, limit: number): Promise<AuditRow[]> {
    return this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('erased', '=', 0)
      .where('time', '<', time)
      .where('action', '!=', 'audit.erase')
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** Replaces entries' payloads by their erased form; the leaf hashes stay. */
  async erasePayloads(replacements: readonly { seq: number; entry: string }[]): Promise<void> {
    if (replacements.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const r of replacements) await trx.updateTable('audit_log').set({ entry: r.entry, erased: 1 }).where('seq', '=', r.seq).execute();
    });
  }
}
