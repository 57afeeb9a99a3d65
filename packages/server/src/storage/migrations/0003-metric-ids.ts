// Migration 0003_metric_ids: custom metric points may carry the client's id, unique per model, so
// a retried batch is stored once. Existing points keep a null id (nulls never conflict).

import type { Kysely, Migration } from 'kysely';

export function metricIds(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('custom_metrics').addColumn('event_id', 'text').execute();
      await db.schema.createIndex('custom_metrics_model_event').unique().on('custom_metrics').columns(['model_id', 'event_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('custom_metrics_model_event').execute();
      await db.schema.alterTable('custom_metrics').dropColumn('event_id').execute();
    },
  };
}
