// Migration 0007_governance: the tamper-evident audit log and its signed tree heads, the model
// registry's version records, aliases and their history, and data policies.

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { serial } from './dialect-columns.js';

export function governance(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema;
      await s
        .createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('project_id', 'bigint')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('request_id', 'text')
        .addColumn('entry', 'text', (c) => c.notNull())
        .addColumn('leaf_hash', 'text', (c) => c.notNull())
        .addColumn('erased', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await s.createIndex('audit_log_project_time').on('audit_log').columns(['project_id', 'time']).execute();
      await s
        .createTable('audit_tree_heads')
        .addColumn('tree_size', 'bigint', (c) => c.primaryKey())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('model_version_records')
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('artifact_uri', 'text')
        .addColumn('artifact_digest', 'text')
        .addColumn('training_dataset_digest', 'text')
        .addColumn('reference_dataset_digest', 'text')
        .addColumn('code_commit', 'text')
        .addColumn('parameters', 'text', (c) => c.notNull())
        .addColumn('metrics', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_version_records_pk', ['model_id', 'version'])
        .execute();
      await s
        .createTable('model_aliases')
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('traffic_share', 'double precision')
        .addColumn('environment', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_aliases_pk', ['model_id', 'alias'])
        .execute();
      await s
        .createTable('model_alias_history')
        .addColumn('id', serial(dialect) as never)
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('previous_version', 'text')
        .addColumn('traffic_share', 'double precision')
        .addColumn('environment', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('model_alias_history_model').on('model_alias_history').columns(['model_id', 'at']).execute();
      await s
        .createTable('data_policies')
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('data_policies_pk', ['project_id', 'model_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['data_policies', 'model_alias_history', 'model_aliases', 'model_version_records', 'audit_tree_heads', 'audit_log']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
