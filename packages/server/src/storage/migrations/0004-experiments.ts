// Migration 0004_experiments: experiments, their exposed units, each unit's running metric values,
// outcomes that wait for their unit's exposure, and the per-bucket sufficient statistics that
// results are computed from (never by re-reading events).

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { serial } from './dialect-columns.js';

export function experiments(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema;
      await s
        .createTable('experiments')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('bucket_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('stopped_at', 'bigint')
        .addUniqueConstraint('experiments_project_name', ['project_id', 'name'])
        .execute();
      await s
        .createTable('experiment_units')
        .addColumn('experiment_id', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('variant', 'integer', (c) => c.notNull())
        .addColumn('exposed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('experiment_units_pk', ['experiment_id', 'unit'])
        .execute();
      await s
        .createTable('experiment_values')
        .addColumn('experiment_id', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('pre_value', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('experiment_values_pk', ['experiment_id', 'unit', 'metric'])
        .execute();
      await s
        .createTable('experiment_pending')
        .addColumn('id', serial(dialect) as never)
        .addColumn('experiment_id', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .execute();
      await s.createIndex('experiment_pending_unit').on('experiment_pending').columns(['experiment_id', 'unit']).execute();
      await s
        .createTable('experiment_arms')
        .addColumn('experiment_id', 'bigint', (c) => c.notNull())
        .addColumn('bucket_start', 'bigint', (c) => c.notNull())
        .addColumn('variant', 'integer', (c) => c.notNull())
        .addColumn('units', 'bigint', (c) => c.notNull())
        .addColumn('exposures', 'bigint', (c) => c.notNull())
        .addColumn('conflicts', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('experiment_arms_pk', ['experiment_id', 'bucket_start', 'variant'])
        .execute();
      await s
        .createTable('experiment_stats')
        .addColumn('experiment_id', 'bigint', (c) => c.notNull())
        .addColumn('bucket_start', 'bigint', (c) => c.notNull())
        .addColumn('variant', 'integer', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('sum', 'double precision', (c) => c.notNull())
        .addColumn('sum_squares', 'double precision', (c) => c.notNull())
        .addColumn('positives', 'bigint', (c) => c.notNull())
        .addColumn('pre_sum', 'double precision', (c) => c.notNull())
        .addColumn('pre_sum_squares', 'double precision', (c) => c.notNull())
        .addColumn('cross_sum', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('experiment_stats_pk', ['experiment_id', 'bucket_start', 'variant', 'metric'])
        .execute();
    },
  };
}
