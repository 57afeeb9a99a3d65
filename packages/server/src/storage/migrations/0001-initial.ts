// Migration 0001_initial (the old runner's id 1): projects, keys, models and everything ingest and
// profiling write.

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { bytes, serial } from './dialect-columns.js';

export function initial(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
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
  };
}
