// Migration 0002_alerting (the old runner's id 2): channels, monitors, alerts, silences and the
// notification outbox.

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { serial } from './dialect-columns.js';

export function alerting(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
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
  };
}
