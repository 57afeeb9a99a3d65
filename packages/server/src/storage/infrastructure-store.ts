// Storage of hosts: who reported, their per-bucket metric summaries and activity. A batch of
// samples merges into its buckets in one transaction; on PostgreSQL a per-host advisory lock makes
// concurrent batches of one host merge one after the other (SQLite runs one transaction at a time).

import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import type { Dialect } from './dialect.js';
import type { HostActivityTable, HostMetricBucketsTable, HostsTable } from './infrastructure-tables.js';

export type HostRow = Selectable<HostsTable>;
export type HostBucketRow = Selectable<HostMetricBucketsTable>;
export type NewHostBucket = Insertable<HostMetricBucketsTable>;
export type HostActivityRow = Selectable<HostActivityTable>;

/** Advisory-lock class of host writes (PostgreSQL), with the host's id as the second key. */
const HOST_LOCK = 7423010;
/** Rows per upsert statement (11 columns: far under SQLite's bound-parameter limit). */
const CHUNK = 400;

export interface HostPatch {
  readonly labels?: string;
  readonly gpus?: string;
  readonly models?: string;
}

/** Rows of one batch, already merged with what the store held (by the caller, inside `writeSamples`). */
export interface HostWrite {
  readonly buckets: readonly NewHostBucket[];
  readonly activity: readonly Selectable<HostActivityTable>[];
}

export class InfrastructureStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async hosts(projectId: number): Promise<HostRow[]> {
    return this.db.selectFrom('hosts').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
  }

  async hostByName(projectId: number, name: string): Promise<HostRow | undefined> {
    return this.db.selectFrom('hosts').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  }

  /**
   * Stores one batch of a host: creates or updates the host (what it said about itself), then, under
   * the host's lock, reads the buckets the batch touches, lets `merge` combine them with the batch,
   * and writes the result. All in one transaction.
   */
  async writeSamples(
    projectId: number,
    name: string,
    patch: HostPatch,
    now: number,
    touched: { readonly buckets: readonly number[] },
    merge: (existing: { buckets: HostBucketRow[]; activity: HostActivityRow[] }, host: HostRow) => HostWrite,
  ): Promise<HostRow> {
    return this.db.transaction().execute(async (trx) => {
      const host = await trx
        .insertInto('hosts')
        .values({
          project_id: projectId,
          name,
          labels: patch.labels ?? '{}',
          gpus: patch.gpus ?? '[]',
          models: patch.models ?? '[]',
          first_seen: now,
          last_seen: now,
        })
        .onConflict((oc) =>
          oc.columns(['project_id', 'name']).doUpdateSet((eb) => ({
            last_seen: now,
            labels: patch.labels === undefined ? eb.ref('hosts.labels') : eb.val(patch.labels),
            gpus: patch.gpus === undefined ? eb.ref('hosts.gpus') : eb.val(patch.gpus),
            models: patch.models === undefined ? eb.ref('hosts.models') : eb.val(patch.models),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${HOST_LOCK}, ${host.id})`.execute(trx);
      const buckets = [...new Set(touched.buckets)];
      const existing =
        buckets.length === 0
          ? { buckets: [], activity: [] }
          : {
              buckets: await trx.selectFrom('host_metric_buckets').selectAll().where('host_id', '=', host.id).where('bucket_start', 'in', buckets).execute(),
              activity: await trx.selectFrom('host_activity').selectAll().where('host_id', '=', host.id).where('bucket_start', 'in', buckets).execute(),
            };
      const write = merge(existing, host);
      for (let i = 0; i < write.buckets.length; i += CHUNK) {
        await trx
          .insertInto('host_metric_buckets')
          .values(write.buckets.slice(i, i + CHUNK).map((b) => ({ ...b, host_id: host.id })))
          .onConflict((oc) =>
            oc.columns(['host_id', 'metric', 'bucket_start', 'labels']).doUpdateSet((eb) => ({
              count: eb.ref('excluded.count'),
              sum: eb.ref('excluded.sum'),
              min: eb.ref('excluded.min'),
              max: eb.ref('excluded.max'),
              last: eb.ref('excluded.last'),
              last_at: eb.ref('excluded.last_at'),
              sketch: eb.ref('excluded.sketch'),
            })),
          )
          .execute();
      }
      for (let i = 0; i < write.activity.length; i += CHUNK) {
        await trx
          .insertInto('host_activity')
          .values(write.activity.slice(i, i + CHUNK).map((a) => ({ ...a, host_id: host.id })))
          .onConflict((oc) =>
            oc.columns(['host_id', 'bucket_start']).doUpdateSet((eb) => ({
              samples: eb.ref('excluded.samples'),
              models: eb.ref('excluded.models'),
              gpus: eb.ref('excluded.gpus'),
              labels: eb.ref('excluded.labels'),
            })),
          )
          .execute();
      }
      return host;
    });
  }

  /** The buckets of one metric of one host whose start lies in [from, to), oldest first. */
  async metricBuckets(hostId: number, metric: string, from: number, to: number): Promise<HostBucketRow[]> {
    return this.db
      .selectFrom('host_metric_buckets')
      .selectAll()
      .where('host_id', '=', hostId)
      .where('metric', '=', metric)
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to)
      .orderBy('bucket_start')
      .orderBy('labels')
      .execute();
  }

  /** Count and sum (no sketch) of some metrics of some hosts per bucket in [from, to): what cost allocation reads. */
  async metricSums(
    hostIds: readonly number[],
    metrics: readonly string[],
    from: number,
    to: number,
  ): Promise<{ host_id: number; metric: string; labels: string; bucket_start: number; count: number; sum: number }[]> {
    if (hostIds.length === 0 || metrics.length === 0) return [];
    return this.db
      .selectFrom('host_metric_buckets')
      .select(['host_id', 'metric', 'labels', 'bucket_start', 'count', 'sum'])
      .where('host_id', 'in', [...hostIds])
      .where('metric', 'in', [...metrics])
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to)
      .execute();
  }

  /** Which hosts reported in [from, to) (bucket starts), with what they served. */
  async activity(hostIds: readonly number[], from: number, to: number): Promise<HostActivityRow[]> {
    if (hostIds.length === 0) return [];
    return this.db
      .selectFrom('host_activity')
      .selectAll()
      .where('host_id', 'in', [...hostIds])
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to)
      .orderBy('bucket_start')
      .execute();
  }

  /** Hosts whose last sample is at or after `since`. */
  async hostsSeenSince(projectId: number, since: number): Promise<HostRow[]> {
    return this.db.selectFrom('hosts').selectAll().where('project_id', '=', projectId).where('last_seen', '>=', since).execute();
  }
}
