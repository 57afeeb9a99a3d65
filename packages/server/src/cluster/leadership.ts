// Which replica runs the background work (profiler, monitor evaluation, dispatch, delivery, budgets,
// retention): on SQLite the only one, at once and for good; on PostgreSQL the one holding a
// session-level advisory lock on a connection of its own. When that replica dies, PostgreSQL ends
// its session and frees the lock, and another replica takes it at its next try (`retryMs`).

import pg from 'pg';

export type ReplicaRole = 'leader' | 'follower';

export interface Leadership {
  /** Whether this replica runs the background work now. */
  isLeader(): boolean;
  readonly role: ReplicaRole;
  /** Told on every change of role. */
  onChange?: ((role: ReplicaRole) => void) | undefined;
  /** Lets go of leadership (ends the dedicated session). */
  stop(): Promise<void>;
}

/** The leadership of a replica that is alone by construction (SQLite): held from the start, never lost. */
export function soleLeadership(): Leadership {
  return { isLeader: () => true, role: 'leader', stop: async () => {} };
}

/** Advisory-lock class of leadership; the second key is the hash of the store's schema, so stores sharing a database elect apart. */
export const LEADER_LOCK_CLASS = 0x5649_4c01;

export interface AdvisoryLeadershipOptions {
  /** The store's `postgres://…` URL (its search_path option included). */
  readonly url: string;
  /** How often a follower tries to take the lock and a leader checks its session (default 1 s). */
  readonly retryMs?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * Leadership by `pg_try_advisory_lock` on a dedicated session. A leader whose session fails steps
 * down at once (the lock went with the session); TCP keep-alive bounds how long a half-dead peer
 * holds it.
 */
export class AdvisoryLeadership implements Leadership {
  private client: pg.Client | undefined;
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();
  onChange: ((role: ReplicaRole) => void) | undefined;

  private constructor(private readonly options: AdvisoryLeadershipOptions) {}

  /** Connects and makes the first try before answering, so a lone replica leads from its first loop pass. */
  static async start(options: AdvisoryLeadershipOptions): Promise<AdvisoryLeadership> {
    const l = new AdvisoryLeadership(options);
    await l.tick();
    l.timer = setInterval(() => {
      l.busy = l.busy.then(() => l.tick());
    }, options.retryMs ?? 1000);
    l.timer.unref();
    return l;
  }

  isLeader(): boolean {
    return this.leader;
  }

  get role(): ReplicaRole {
    return this.leader ? 'leader' : 'follower';
  }

  private setLeader(v: boolean): void {
    if (v === this.leader) return;
    this.leader = v;
    this.onChange?.(this.role);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.client === undefined) {
        const c = new pg.Client({ connectionString: this.options.url, keepAlive: true, keepAliveInitialDelayMillis: 5000 });
        c.on('error', (err) => {
          // The session is gone, and the lock with it.
          this.options.onError?.(err);
          if (this.client === c) this.client = undefined;
          this.setLeader(false);
        });
        await c.connect();
        this.client = c;
      }
      if (this.leader) {
        await this.client.query('select 1');
      } else {
        const r = await this.client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext(current_schema())) as ok', [LEADER_LOCK_CLASS]);
        this.setLeader(r.rows[0]?.ok === true);
      }
    } catch (err) {
      this.options.onError?.(err);
      this.setLeader(false);
      const c = this.client;
      this.client = undefined;
      await c?.end().catch(() => {});
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.busy;
    this.setLeader(false);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}
