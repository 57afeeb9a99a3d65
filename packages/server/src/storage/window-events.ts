// The raw events of a window with their labels: what a sliced query (`slice=feature:value`), the
// slice ranking and a fairness judgement read, since bucket profiles are kept per segment and not per
// feature value.

import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** One stored prediction of a window, with its label (null when none yet). */
export interface WindowEvent {
  ts: number;
  segment: string;
  features: string;
  prediction: string;
  latency_ms: number | null;
  cost_usd: number | null;
  cost_nanos: string | null;
  label: string | null;
}

/** A model's predictions in [from, to) (of one version when given), oldest first, at most `limit`: one query. */
export async function windowEvents(
  db: Kysely<Database>,
  modelId: number,
  range: { from: number; to: number; version?: string | undefined },
  limit: number,
): Promise<WindowEvent[]> {
  let q = db
    .selectFrom('predictions as p')
    .leftJoin('labels as l', (j) => j.onRef('l.model_id', '=', 'p.model_id').onRef('l.event_id', '=', 'p.event_id'))
    .select([
      'p.ts as ts',
      'p.segment as segment',
      'p.features as features',
      'p.prediction as prediction',
      'p.latency_ms as latency_ms',
      'p.cost_usd as cost_usd',
      'p.cost_nanos as cost_nanos',
      'l.label as label',
    ])
    .where('p.model_id', '=', modelId)
    .where('p.ts', '>=', range.from)
    .where('p.ts', '<', range.to);
  if (range.version !== undefined) q = q.where('p.version', '=', range.version);
  const rows = await q.orderBy('p.ts').limit(limit).execute();
  return rows.map((r) => ({
    ts: Number(r.ts),
    segment: r.segment,
    features: r.features,
    prediction: r.prediction,
    latency_ms: r.latency_ms,
    cost_usd: r.cost_usd,
    cost_nanos: r.cost_nanos ?? null,
    label: r.label,
  }));
}
