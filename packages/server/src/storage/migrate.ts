// Creates Vigil's tables on an empty store and upgrades older ones. Each migration runs once, in a
// transaction, recorded in `vigil_migrations`.

import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export type Dialect = 'sqlite' | 'postgres';

interface Migration {
  id: number;
  up(db: Kysely<Database>, dialect: Dialect): Promise<void>;
}

/** An auto-increment primary key column, in each dialect's own words. */
function serial(dialect: Dialect) {
  return dialect === 'sqlite' ? sql`integer primary key autoincrement` : sql`bigint generated always as identity primary key`;
}

const bytes = (dialect: Dialect) => (dialect === 'sqlite' ? 'blob' : 'bytea');

const MIGRATIONS: Migration[] = [
  {
    id: 1,
    async up(db, dialect) {
      const s = db.schema;
      await s
        .createTable('projects')
        .addColumn('id', serial(dialect) as never)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await s
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('root', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await s
        .createTable('models')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('positive_class', 'text')
        .addColumn('description', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('models_project_name', ['project_id', 'name'])
        .execute();
      await s
        .createTable('model_versions')
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_versions_pk', ['model_id', 'version'])
        .execute();
      await s
        .createTable('predictions')
        .addColumn('seq', serial(dialect) as never)
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('prediction', 'text', (c) => c.notNull())
        .addColumn('latency_ms', 'double precision')
        .addColumn('cost_usd', 'double precision')
        .addColumn('trace_id', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('predictions_model_event', ['model_id', 'event_id'])
        .execute();
      await s.createIndex('predictions_model_ts').on('predictions').columns(['model_id', 'ts']).execute();
      await s
        .createTable('labels')
        .addColumn('seq', serial(dialect) as never)
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('labels_model_event', ['model_id', 'event_id'])
        .execute();
      await s
        .createTable('custom_metrics')
        .addColumn('seq', serial(dialect) as never)
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('custom_metrics_model_name_ts').on('custom_metrics').columns(['model_id', 'name', 'ts']).execute();
      await s
        .createTable('reference_data')
        .addColumn('model_id', 'bigint', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('data', bytes(dialect), (c) => c.notNull())
        .addColumn('profile', bytes(dialect), (c) => c.notNull())
        .addColumn('performance', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await s
        .createTable('profile_parts')
        .addColumn('id', serial(dialect) as never)
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('bucket_start', 'bigint', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('profile', bytes(dialect), (c) => c.notNull())
        .addColumn('performance', 'text')
        .addColumn('cbpe', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await s.createIndex('profile_parts_model_bucket').on('profile_parts').columns(['model_id', 'bucket_start']).execute();
      await s
        .createTable('watermarks')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  {
    id: 2,
    async up(db, dialect) {
      const s = db.schema;
      await s
        .createTable('channels')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('channels_project_name', ['project_id', 'name'])
        .execute();
      await s
        .createTable('monitors')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('next_eval_at', 'bigint', (c) => c.notNull())
        .addColumn('last_evaluated_at', 'bigint')
        .addColumn('health', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('last_details', 'text')
        .addColumn('rule_state', 'text')
        .addColumn('detector_state', 'text')
        .addColumn('detector_watermark', 'bigint', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('monitors_project_name', ['project_id', 'name'])
        .execute();
      await s
        .createTable('alerts')
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('monitor_id', 'bigint', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('annotations', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision')
        .addColumn('active_at', 'bigint', (c) => c.notNull())
        .addColumn('fired_at', 'bigint')
        .addColumn('resolved_at', 'bigint')
        .addColumn('acked_by', 'text')
        .addColumn('acked_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('alerts_pk', ['project_id', 'fingerprint'])
        .execute();
      await s
        .createTable('alert_events')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('alert_events_alert').on('alert_events').columns(['project_id', 'fingerprint', 'at']).execute();
      await s
        .createTable('silences')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('matchers', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await s
        .createTable('project_states')
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('project_states_pk', ['project_id', 'kind'])
        .execute();
      await s
        .createTable('outbox')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('channel_id', 'bigint', (c) => c.notNull())
        .addColumn('group_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await s.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await s
        .createTable('outbox_attempts')
        .addColumn('id', serial(dialect) as never)
        .addColumn('outbox_id', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .execute();
    },
  },
];

/** Brings the schema up to date; safe to call on every start, by several replicas at once. */
export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7423001)`.execute(trx);
    await sql`create table if not exists vigil_migrations (id integer primary key, applied_at bigint not null)`.execute(trx);
    const done = await sql<{ id: number }>`select id from vigil_migrations`.execute(trx);
    const applied = new Set(done.rows.map((r) => Number(r.id)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.id)) continue;
      await m.up(trx, dialect);
      await sql`insert into vigil_migrations (id, applied_at) values (${m.id}, ${Date.now()})`.execute(trx);
    }
  });
}
