// SQL of data governance: erasing a data subject's events (GDPR Art. 17) and deleting data past
// the retention a project or model sets. Every deletion runs in one transaction.

import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { changing } from './change-sequence.js';
import type { Dialect } from './dialect.js';

/** A key's role and expiry: columns of api_keys that the key tables' types leave out (migration 0007_governance_keys). */
export interface KeyMeta {
  readonly role: string | null;
  /** Epoch ms; null: never. */
  readonly expiresAt: number | null;
}

/** The role and expiry of a key row read with `selectAll` (the columns are there at run time). */
export function keyMeta(row: object): KeyMeta {
  const r = row as { role?: string | null; expires_at?: number | string | null };
  return { role: r.role ?? null, expiresAt: r.expires_at === null || r.expires_at === undefined ? null : Number(r.expires_at) };
}

export interface ErasedCounts {
  predictions: number;
  labels: number;
}

export interface RetentionCounts {
  predictions: number;
  labels: number;
  customMetrics: number;
  profileParts: number;
  alerts: number;
  notifications: number;
}

export class GovernanceStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Event ids of a model's predictions whose feature (or segment key) `field` holds one of `values`. */
  async eventIdsOfSubject(modelId: number, field: string, values: readonly string[]): Promise<string[]> {
    const path = `$.${JSON.stringify(field)}`;
    const feature = this.dialect === 'sqlite' ? sql<string>`json_extract(features, ${path})` : sql<string>`(features::jsonb ->> ${field})`;
    const segment =
      this.dialect === 'sqlite' ? sql<string>`json_extract(nullif(segment, ''), ${path})` : sql<string>`(nullif(segment, '')::jsonb ->> ${field})`;
    const rows = await this.db
      .selectFrom('predictions')
      .select('event_id')
      .where('model_id', '=', modelId)
      .where((eb) => eb.or([eb(feature, 'in', [...values]), eb(segment, 'in', [...values])]))
      .execute();
    return rows.map((r) => r.event_id);
  }

  /** Deletes a model's predictions and labels with these event ids. */
  async eraseEvents(modelId: number, eventIds: readonly string[]): Promise<ErasedCounts> {
    if (eventIds.length === 0) return { predictions: 0, labels: 0 };
    return this.db.transaction().execute((trx) => GovernanceStore.eraseEventsIn(trx, modelId, eventIds));
  }

  /** The same deletion on a transaction the caller holds (erasure and its audit entry commit together). */
  static async eraseEventsIn(trx: Transaction<Database>, modelId: number, eventIds: readonly string[]): Promise<ErasedCounts> {
    let predictions = 0;
    let labels = 0;
    for (let i = 0; i < eventIds.length; i += 500) {
      const chunk = eventIds.slice(i, i + 500);
      predictions += Number(
        (await trx.deleteFrom('predictions').where('model_id', '=', modelId).where('event_id', 'in', chunk).executeTakeFirst()).numDeletedRows,
      );
      labels += Number((await trx.deleteFrom('labels').where('model_id', '=', modelId).where('event_id', 'in', chunk).executeTakeFirst()).numDeletedRows);
    }
    return { predictions, labels };
  }

  /** Deletes a model's raw events and bucket profiles older than the given times (undefined: keep). */
  async expireModelData(
    modelId: number,
    raw: number | undefined,
    profiles: number | undefined,
  ): Promise<Pick<RetentionCounts, 'predictions' | 'labels' | 'customMetrics' | 'profileParts'>> {
    return this.db.transaction().execute(async (trx) => {
      const out = { predictions: 0, labels: 0, customMetrics: 0, profileParts: 0 };
      if (raw !== undefined) {
        out.predictions = Number((await trx.deleteFrom('predictions').where('model_id', '=', modelId).where('ts', '<', raw).executeTakeFirst()).numDeletedRows);
        out.labels = Number((await trx.deleteFrom('labels').where('model_id', '=', modelId).where('ts', '<', raw).executeTakeFirst()).numDeletedRows);
        out.customMetrics = Number(
          (await trx.deleteFrom('custom_metrics').where('model_id', '=', modelId).where('ts', '<', raw).executeTakeFirst()).numDeletedRows,
        );
      }
      if (profiles !== undefined)
        out.profileParts = Number(
          (await trx.deleteFrom('profile_parts').where('model_id', '=', modelId).where('bucket_start', '<', profiles).executeTakeFirst()).numDeletedRows,
        );
      return out;
    });
  }

  /** Deletes a project's alerts resolved before `alerts` (with their events) and notifications done before `notifications`. */
  async expireProjectAlerts(
    projectId: number,
    alerts: number | undefined,
    notifications: number | undefined,
  ): Promise<Pick<RetentionCounts, 'alerts' | 'notifications'>> {
    return this.db.transaction().execute(async (trx) => {
      const out = { alerts: 0, notifications: 0 };
      if (alerts !== undefined) {
        const old = trx
          .selectFrom('alerts')
          .select('fingerprint')
          .where('project_id', '=', projectId)
          .where('state', '=', 'resolved')
          .where('resolved_at', '<', alerts);
        await trx.deleteFrom('alert_events').where('project_id', '=', projectId).where('fingerprint', 'in', old).execute();
        out.alerts = Number(
          (
            await trx
              .deleteFrom('alerts')
              .where('project_id', '=', projectId)
              .where('state', '=', 'resolved')
              .where('resolved_at', '<', alerts)
              .executeTakeFirst()
          ).numDeletedRows,
        );
      }
      if (notifications !== undefined) {
        const done = trx
          .selectFrom('outbox')
          .select('id')
          .where('project_id', '=', projectId)
          .where('status', '!=', 'pending')
          .where('created_at', '<', notifications);
        await trx.deleteFrom('outbox_attempts').where('outbox_id', 'in', done).execute();
        out.notifications = Number(
          (
            await trx
              .deleteFrom('outbox')
              .where('project_id', '=', projectId)
              .where('status', '!=', 'pending')
              .where('created_at', '<', notifications)
              .executeTakeFirst()
          ).numDeletedRows,
        );
      }
      return out;
    });
  }

  /** Sets a key's role and expiry (migration 0007_governance_keys). */
  async setKeyMeta(projectId: number, id: string, meta: KeyMeta): Promise<void> {
    await changing(this.db, ['keys'], (trx) =>
      sql`update api_keys set role = ${meta.role}, expires_at = ${meta.expiresAt} where project_id = ${projectId} and id = ${id}`.execute(trx),
    );
  }
}
