// Storage of the price book's versions, the per-bucket cost rollups the profiler writes, and budgets
// (with their notifications, which go into the alerting outbox like any other notification).

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import { changing } from './change-sequence.js';
import type { BudgetsTable, CostBucketsTable, PricingVersionsTable } from './infrastructure-tables.js';
import type { NewOutbox } from './alerting-store.js';

export type PricingVersionRow = Selectable<PricingVersionsTable>;
export type CostBucketRow = Selectable<CostBucketsTable>;
export type NewCostBucket = Insertable<CostBucketsTable>;
export type BudgetRow = Selectable<BudgetsTable>;
export type NewBudget = Omit<Insertable<BudgetsTable>, 'id'>;

const CHUNK = 500;

export class CostStore {
  constructor(private readonly db: Kysely<Database>) {}

  // --- the price book ---

  async pricingVersions(projectId: number): Promise<PricingVersionRow[]> {
    return this.db.selectFrom('pricing_versions').selectAll().where('project_id', '=', projectId).orderBy('version').execute();
  }

  /** Stores a new version (the next number), in effect from `effectiveFrom`. */
  async addPricingVersion(projectId: number, pricing: string, effectiveFrom: number, now: number): Promise<PricingVersionRow> {
    return changing(this.db, ['pricing'], async (trx) => {
      for (let attempt = 0; ; attempt++) {
        const last = await trx
          .selectFrom('pricing_versions')
          .select('version')
          .where('project_id', '=', projectId)
          .orderBy('version', 'desc')
          .executeTakeFirst();
        const row = await trx
          .insertInto('pricing_versions')
          .values({ project_id: projectId, version: (last?.version ?? 0) + 1, effective_from: effectiveFrom, pricing, created_at: now })
          .onConflict((oc) => oc.columns(['project_id', 'version']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (row !== undefined) return row;
        if (attempt > 10) throw new Error('could not store the price book: its version kept being taken');
      }
    });
  }

  // --- cost rollups ---

  /**
   * Adds the profiler's counts into their buckets, inside the profiler pass's write transaction (only
   * passes write here, one at a time): read, add as BigInt, write back.
   */
  async addCostBuckets(trx: Kysely<Database>, rows: readonly NewCostBucket[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const key = (r: { model_id: number; version: string; segment: string; bucket_start: number }) =>
        `${r.model_id}\u0000${r.bucket_start}\u0000${r.version}\u0000${r.segment}`;
      const held = new Map(
        (
          await trx
            .selectFrom('cost_buckets')
            .selectAll()
            .where('model_id', 'in', [...new Set(chunk.map((r) => r.model_id))])
            .where('bucket_start', 'in', [...new Set(chunk.map((r) => r.bucket_start))])
            .execute()
        ).map((r) => [key(r), r]),
      );
      const merged = chunk.map((r) => {
        const old = held.get(key(r));
        if (old === undefined) return r;
        return {
          ...r,
          predictions: old.predictions + r.predictions,
          costed: old.costed + r.costed,
          cost_nanos: String(BigInt(old.cost_nanos) + BigInt(r.cost_nanos)),
          input_tokens: String(BigInt(old.input_tokens) + BigInt(r.input_tokens)),
          output_tokens: String(BigInt(old.output_tokens) + BigInt(r.output_tokens)),
        };
      });
      await trx
        .insertInto('cost_buckets')
        .values(merged)
        .onConflict((oc) =>
          oc.columns(['model_id', 'bucket_start', 'version', 'segment']).doUpdateSet((eb) => ({
            predictions: eb.ref('excluded.predictions'),
            costed: eb.ref('excluded.costed'),
            cost_nanos: eb.ref('excluded.cost_nanos'),
            input_tokens: eb.ref('excluded.input_tokens'),
            output_tokens: eb.ref('excluded.output_tokens'),
          })),
        )
        .execute();
    }
  }

  /** The rollups of some models whose bucket starts in [from, to). */
  async costBuckets(modelIds: readonly number[], from: number, to: number, version?: string): Promise<CostBucketRow[]> {
    if (modelIds.length === 0) return [];
    let q = this.db
      .selectFrom('cost_buckets')
      .selectAll()
      .where('model_id', 'in', [...modelIds])
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to);
    if (version !== undefined) q = q.where('version', '=', version);
    return q.orderBy('bucket_start').execute();
  }

  /** The earliest bucket with a rollup of these models, or undefined. */
  async firstCostBucket(modelIds: readonly number[]): Promise<number | undefined> {
    if (modelIds.length === 0) return undefined;
    const r = await this.db
      .selectFrom('cost_buckets')
      .select((eb) => eb.fn.min('bucket_start').as('first'))
      .where('model_id', 'in', [...modelIds])
      .executeTakeFirst();
    return r?.first === null || r?.first === undefined ? undefined : Number(r.first);
  }

  // --- budgets ---

  async createBudget(row: NewBudget): Promise<BudgetRow | undefined> {
    return this.db
      .insertInto('budgets')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async budgets(projectId: number): Promise<BudgetRow[]> {
    return this.db.selectFrom('budgets').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
  }

  async budgetByName(projectId: number, name: string): Promise<BudgetRow | undefined> {
    return this.db.selectFrom('budgets').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
  }

  async deleteBudget(id: number): Promise<void> {
    await this.db.deleteFrom('budgets').where('id', '=', id).execute();
  }

  async dueBudgets(now: number): Promise<BudgetRow[]> {
    return this.db.selectFrom('budgets').selectAll().where('next_eval_at', '<=', now).orderBy('id').execute();
  }

  /** Stores an evaluation and its notifications (into the alerting outbox) in one transaction. */
  async saveBudgetEvaluation(
    id: number,
    update: { alert_state: string; last_reading: string; next_eval_at: number },
    outbox: readonly NewOutbox[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('budgets').set(update).where('id', '=', id).execute();
      if (outbox.length > 0)
        await trx
          .insertInto('outbox')
          .values([...outbox])
          .execute();
    });
  }
}
