// Store sequence numbers that validate the caches of store data (API keys, models, data policies,
// price books). Every write that changes a domain bumps its row of `change_sequence` (migration
// 0008_change_sequence) in the same transaction, and on PostgreSQL sends a NOTIFY on
// `vigil_changes` that PostgreSQL delivers only at commit. A cached entry remembers the sequence of
// its domain when it was read and is used only while the store still says that sequence.
//
// The sequences themselves are read at most once per CHANGE_CHECK_MS (the bound on how long a
// replica may use an entry another replica changed, when no notification arrives), and at once on
// the next request after this process wrote (in-process) or a notification arrived (LISTEN).

import pg from 'pg';
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';

export const CHANGE_DOMAINS = ['keys', 'models', 'policies', 'pricing'] as const;
export type ChangeDomain = (typeof CHANGE_DOMAINS)[number];

/** The PostgreSQL channel of change notifications; the payload is `<schema>:<domain>,<domain>…`. */
export const CHANGE_CHANNEL = 'vigil_changes';

/** How long a reading of the sequences is trusted without a notification (ms). */
export const CHANGE_CHECK_MS = 250;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Bumps the domains' sequences inside the caller's transaction `trx` (and, on PostgreSQL, queues a
 * notification sent at commit). A rolled-back transaction bumps and notifies nothing.
 */
export async function bumpSequences(trx: AnyDb, domains: readonly ChangeDomain[]): Promise<void> {
  for (const domain of domains)
    await sql`insert into change_sequence (domain, seq) values (${domain}, 1) on conflict (domain) do update set seq = change_sequence.seq + 1`.execute(trx);
  if (isPostgres(trx)) await sql`select pg_notify(${CHANGE_CHANNEL}, current_schema() || ':' || ${domains.join(',')})`.execute(trx);
}

/** The sequence readers of each store (its Kysely instance), told at once of this process's writes. */
const readers = new WeakMap<object, ChangeSequences>();

/** Tells this process's readers of `db` that domains changed (after the write committed). */
export function announceChange(db: AnyDb): void {
  readers.get(db)?.markStale();
}

/**
 * Runs `fn` in a transaction of `db` and bumps the domains in it when `changed(result)`; after the
 * commit this process's readers read the sequences again on their next use.
 */
export async function changing<DB, T>(
  db: Kysely<DB>,
  domains: readonly ChangeDomain[],
  fn: (trx: Transaction<DB>) => Promise<T>,
  changed: (r: T) => boolean = () => true,
): Promise<T> {
  const result = await db.transaction().execute(async (trx) => {
    const r = await fn(trx);
    if (changed(r)) await bumpSequences(trx, domains);
    return r;
  });
  if (changed(result)) announceChange(db);
  return result;
}

/** The store's sequences, as this process last read them. */
export class ChangeSequences {
  private readonly seqs = new Map<string, number>();
  private readAt = Number.NEGATIVE_INFINITY;
  private stale = true;
  private reading: Promise<void> | undefined;
  /** Readings of the store made (for tests and /metrics). */
  reads = 0;

  constructor(
    private readonly db: AnyDb,
    private readonly checkMs = CHANGE_CHECK_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The one reader of a store's sequences in this process. */
  static of(db: AnyDb): ChangeSequences {
    let r = readers.get(db);
    if (r === undefined) readers.set(db, (r = new ChangeSequences(db)));
    return r;
  }

  /** The next use reads the sequences from the store (a write here, or a notification). */
  markStale(): void {
    this.stale = true;
  }

  /** The domain's sequence as the store says it: read again when older than `checkMs` or marked stale. */
  async current(domain: ChangeDomain): Promise<number> {
    if (this.now() - this.readAt >= this.checkMs) this.stale = true;
    // A mark that arrives while a reading is under way may be for a commit that reading missed: read again.
    while (this.stale) await this.read();
    return this.seqs.get(domain) ?? 0;
  }

  private read(): Promise<void> {
    this.reading ??= (async () => {
      this.stale = false;
      const at = this.now();
      try {
        const rows = await sql<{ domain: string; seq: number | string }>`select domain, seq from change_sequence`.execute(this.db);
        for (const r of rows.rows) this.seqs.set(r.domain, Number(r.seq));
        this.readAt = at;
        this.reads++;
      } catch (err) {
        this.stale = true;
        throw err;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}

export interface ChangeListenerOptions {
  /** The store's `postgres://…` URL (its search_path option included). */
  readonly url: string;
  /** The store's Kysely instance, whose reader a notification marks stale. */
  readonly db: AnyDb;
  /** How long to wait before connecting again after the session failed (default 1 s). */
  readonly retryMs?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * A LISTEN session on `vigil_changes`: a notification for this store's schema marks the reader
 * stale, so the next request after another replica's write reads the sequences again. When the
 * session fails it connects again (and marks the reader stale then: notifications may have been
 * missed); meanwhile the CHANGE_CHECK_MS bound holds.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  /** Notifications received for this store (for tests). */
  received = 0;

  private constructor(private readonly options: ChangeListenerOptions) {}

  static async start(options: ChangeListenerOptions): Promise<ChangeListener> {
    const l = new ChangeListener(options);
    await l.connect();
    return l;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const c = new pg.Client({ connectionString: this.options.url, keepAlive: true, keepAliveInitialDelayMillis: 5000 });
    const retry = (err: unknown) => {
      if (this.client !== c) return;
      this.client = undefined;
      c.end().catch(() => {});
      if (this.stopped) return;
      this.options.onError?.(err);
      ChangeSequences.of(this.options.db).markStale();
      this.timer = setTimeout(() => void this.connect(), this.options.retryMs ?? 1000);
      this.timer.unref();
    };
    this.client = c;
    c.on('error', retry);
    c.on('end', () => retry(new Error('the change notification session ended')));
    try {
      await c.connect();
      const schema = (await c.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
      c.on('notification', (n) => {
        if (n.channel !== CHANGE_CHANNEL || n.payload === undefined || !n.payload.startsWith(`${schema}:`)) return;
        this.received++;
        ChangeSequences.of(this.options.db).markStale();
      });
      await c.query(`listen ${CHANGE_CHANNEL}`);
      ChangeSequences.of(this.options.db).markStale();
    } catch (err) {
      retry(err);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}
