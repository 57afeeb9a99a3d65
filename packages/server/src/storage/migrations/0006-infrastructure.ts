// Migration 0006_infrastructure: hosts and their per-bucket metric summaries, host activity (for
// billing), the versioned price book, per-bucket cost rollups, budgets, and the cost and token
// usage of each prediction. Money is integer nano-dollars kept as decimal text (exact at any size).

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { bytes, serial } from './dialect-columns.js';

export function infrastructure(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema;
      await s
        .createTable('hosts')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('gpus', 'text', (c) => c.notNull())
        .addColumn('models', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('hosts_project_name', ['project_id', 'name'])
        .execute();
      await s
        .createTable('host_metric_buckets')
        .addColumn('host_id', 'bigint', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('bucket_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addColumn('sum', 'double precision', (c) => c.notNull())
        .addColumn('min', 'double precision', (c) => c.notNull())
        .addColumn('max', 'double precision', (c) => c.notNull())
        .addColumn('last', 'double precision', (c) => c.notNull())
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addColumn('sketch', bytes(dialect), (c) => c.notNull())
        .addPrimaryKeyConstraint('host_metric_buckets_pk', ['host_id', 'metric', 'bucket_start', 'labels'])
        .execute();
      await s
        .createTable('host_activity')
        .addColumn('host_id', 'bigint', (c) => c.notNull())
        .addColumn('bucket_start', 'bigint', (c) => c.notNull())
        .addColumn('samples', 'bigint', (c) => c.notNull())
        .addColumn('models', 'text', (c) => c.notNull())
        .addColumn('gpus', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('host_activity_pk', ['host_id', 'bucket_start'])
        .execute();
      await s
        .createTable('pricing_versions')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('effective_from', 'bigint', (c) => c.notNull())
        .addColumn('pricing', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('pricing_versions_project_version', ['project_id', 'version'])
        .execute();
      await s
        .createTable('cost_buckets')
        .addColumn('model_id', 'bigint', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('bucket_start', 'bigint', (c) => c.notNull())
        .addColumn('predictions', 'bigint', (c) => c.notNull())
        .addColumn('costed', 'bigint', (c) => c.notNull())
        .addColumn('cost_nanos', 'text', (c) => c.notNull())
        .addColumn('input_tokens', 'text', (c) => c.notNull())
        .addColumn('output_tokens', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cost_buckets_pk', ['model_id', 'bucket_start', 'version', 'segment'])
        .execute();
      await s
        .createTable('budgets')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('alert_state', 'text', (c) => c.notNull())
        .addColumn('last_reading', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('next_eval_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('budgets_project_name', ['project_id', 'name'])
        .execute();
      // Nano-dollars as decimal text: exact at any size, summed as BigInt (a bigint column could overflow).
      await db.schema.alterTable('predictions').addColumn('cost_nanos', 'text').execute();
      for (const column of ['input_tokens', 'output_tokens', 'cached_input_tokens'] as const)
        await db.schema.alterTable('predictions').addColumn(column, 'bigint').execute();
      await db.schema.alterTable('predictions').addColumn('usage_model', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const column of ['usage_model', 'cached_input_tokens', 'output_tokens', 'input_tokens', 'cost_nanos'] as const)
        await db.schema.alterTable('predictions').dropColumn(column).execute();
      for (const table of ['budgets', 'cost_buckets', 'pricing_versions', 'host_activity', 'host_metric_buckets', 'hosts'] as const)
        await db.schema.dropTable(table).execute();
    },
  };
}
