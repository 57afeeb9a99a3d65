// Migration 0008_change_sequence: one monotonically increasing sequence per cache domain (keys,
// models, policies, pricing), bumped in the transaction of every write that changes the domain;
// replicas validate their caches of store data against it (storage/change-sequence.ts).

import type { Kysely, Migration } from 'kysely';

export function changeSequence(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('change_sequence')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('change_sequence').execute();
    },
  };
}
