// The model registry's rows: version records, the versions events carried (model_versions), aliases
// and their history, and data policies. SQL for the registry and policies lives here only.

import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import { changing } from './change-sequence.js';
import type { DataPoliciesTable, ModelAliasHistoryTable, ModelAliasesTable, ModelVersionRecordsTable } from './governance-tables.js';

export type VersionRecordRow = Selectable<ModelVersionRecordsTable>;
export type AliasRow = Selectable<ModelAliasesTable>;
export type AliasHistoryRow = Selectable<ModelAliasHistoryTable>;
export type DataPolicyRow = Selectable<DataPoliciesTable>;

export class RegistryStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Versions events carried, with when each was first seen. */
  async seenVersions(modelId: number): Promise<{ version: string; first_seen: number }[]> {
    return this.db.selectFrom('model_versions').select(['version', 'first_seen']).where('model_id', '=', modelId).orderBy('first_seen').execute();
  }

  async records(modelId: number): Promise<VersionRecordRow[]> {
    return this.db.selectFrom('model_version_records').selectAll().where('model_id', '=', modelId).orderBy('created_at').execute();
  }

  async record(modelId: number, version: string): Promise<VersionRecordRow | undefined> {
    return this.db.selectFrom('model_version_records').selectAll().where('model_id', '=', modelId).where('version', '=', version).executeTakeFirst();
  }

  /** Inserts a record (false when one exists) and marks the version known, in one transaction. */
  async insertRecord(row: VersionRecordRow): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('model_version_records')
        .values(row)
        .onConflict((oc) => oc.columns(['model_id', 'version']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await trx
        .insertInto('model_versions')
        .values({ model_id: row.model_id, version: row.version, first_seen: row.created_at })
        .onConflict((oc) => oc.columns(['model_id', 'version']).doNothing())
        .execute();
      return true;
    });
  }

  /** Replaces a record's fields (keeping its creation), or inserts it. */
  async upsertRecord(row: VersionRecordRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { model_id, version, created_at, created_by, ...rest } = row;
      await trx
        .insertInto('model_version_records')
        .values(row)
        .onConflict((oc) => oc.columns(['model_id', 'version']).doUpdateSet(rest))
        .execute();
      await trx
        .insertInto('model_versions')
        .values({ model_id, version, first_seen: created_at })
        .onConflict((oc) => oc.columns(['model_id', 'version']).doNothing())
        .execute();
      void created_by;
    });
  }

  async aliases(modelId: number): Promise<AliasRow[]> {
    return this.db.selectFrom('model_aliases').selectAll().where('model_id', '=', modelId).orderBy('alias').execute();
  }

  async alias(modelId: number, alias: string): Promise<AliasRow | undefined> {
    return this.db.selectFrom('model_aliases').selectAll().where('model_id', '=', modelId).where('alias', '=', alias).executeTakeFirst();
  }

  async aliasHistory(modelId: number): Promise<AliasHistoryRow[]> {
    return this.db.selectFrom('model_alias_history').selectAll().where('model_id', '=', modelId).orderBy('id').execute();
  }

  /** Points an alias at a version and appends the change to its history, in one transaction. */
  async setAlias(row: AliasRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom('model_aliases')
        .select('version')
        .where('model_id', '=', row.model_id)
        .where('alias', '=', row.alias)
        .executeTakeFirst();
      await trx
        .insertInto('model_aliases')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['model_id', 'alias']).doUpdateSet({
            version: row.version,
            traffic_share: row.traffic_share,
            environment: row.environment,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
          }),
        )
        .execute();
      await trx
        .insertInto('model_alias_history')
        .values({
          model_id: row.model_id,
          alias: row.alias,
          version: row.version,
          previous_version: previous?.version ?? null,
          traffic_share: row.traffic_share,
          environment: row.environment,
          at: row.updated_at,
          by: row.updated_by,
        })
        .execute();
    });
  }

  /** Removes an alias (false when there was none) and records the removal. */
  async deleteAlias(modelId: number, alias: string, at: number, by: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const previous = await trx.selectFrom('model_aliases').selectAll().where('model_id', '=', modelId).where('alias', '=', alias).executeTakeFirst();
      if (previous === undefined) return false;
      await trx.deleteFrom('model_aliases').where('model_id', '=', modelId).where('alias', '=', alias).execute();
      await trx
        .insertInto('model_alias_history')
        .values({ model_id: modelId, alias, version: null, previous_version: previous.version, traffic_share: null, environment: previous.environment, at, by })
        .execute();
      return true;
    });
  }

  // --- data policies ---

  async policy(projectId: number, modelId: number): Promise<DataPolicyRow | undefined> {
    return this.db.selectFrom('data_policies').selectAll().where('project_id', '=', projectId).where('model_id', '=', modelId).executeTakeFirst();
  }

  async allPolicies(): Promise<DataPolicyRow[]> {
    return this.db.selectFrom('data_policies').selectAll().execute();
  }

  async putPolicy(row: DataPolicyRow): Promise<void> {
    await changing(this.db, ['policies'], (trx) =>
      trx
        .insertInto('data_policies')
        .values(row)
        .onConflict((oc) => oc.columns(['project_id', 'model_id']).doUpdateSet({ config: row.config, updated_at: row.updated_at }))
        .execute(),
    );
  }

  async deletePolicy(projectId: number, modelId: number): Promise<boolean> {
    return changing(
      this.db,
      ['policies'],
      async (trx) => {
        const r = await trx.deleteFrom('data_policies').where('project_id', '=', projectId).where('model_id', '=', modelId).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }
}
