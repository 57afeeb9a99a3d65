// Migration 0005_datasets: datasets (feature tables, training sets), their batches (each with its
// profile, digest, quality and its rows in a columnar blob, for point-in-time joins), and the runs
// of data pipelines.

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { bytes, serial } from './dialect-columns.js';

export function datasets(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema;
      await s
        .createTable('datasets')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('datasets_project_name', ['project_id', 'name'])
        .execute();
      await s
        .createTable('dataset_batches')
        .addColumn('id', serial(dialect) as never)
        .addColumn('dataset_id', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('rows', 'bigint', (c) => c.notNull())
        .addColumn('schema', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('quality', 'text', (c) => c.notNull())
        .addColumn('profile', bytes(dialect), (c) => c.notNull())
        .addColumn('data', bytes(dialect), (c) => c.notNull())
        .addUniqueConstraint('dataset_batches_seq', ['dataset_id', 'seq'])
        .execute();
      await s.createIndex('dataset_batches_time').on('dataset_batches').columns(['dataset_id', 'received_at']).execute();
      await s
        .createTable('pipeline_runs')
        .addColumn('id', serial(dialect) as never)
        .addColumn('project_id', 'bigint', (c) => c.notNull())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('scheduled_at', 'bigint')
        .addColumn('rows', 'bigint')
        .addColumn('error', 'text')
        .addColumn('datasets', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('pipeline_runs_id', ['project_id', 'pipeline', 'run_id'])
        .execute();
      await s.createIndex('pipeline_runs_time').on('pipeline_runs').columns(['project_id', 'pipeline', 'started_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['pipeline_runs', 'dataset_batches', 'datasets']) await db.schema.dropTable(table).execute();
    },
  };
}
