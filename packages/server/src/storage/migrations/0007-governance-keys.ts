// Migration 0007_governance_keys: API keys get a role (viewer, responder, editor, admin; null for
// keys made with scopes) and an expiry (epoch ms; null: never).

import type { Kysely, Migration } from 'kysely';

export function governanceKeys(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('api_keys').addColumn('role', 'text').execute();
      await db.schema.alterTable('api_keys').addColumn('expires_at', 'bigint').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('api_keys').dropColumn('expires_at').execute();
      await db.schema.alterTable('api_keys').dropColumn('role').execute();
    },
  };
}
