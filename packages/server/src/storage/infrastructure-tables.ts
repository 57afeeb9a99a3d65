// The tables of hosts, their metric buckets, the price book, cost rollups and budgets (migration
// 0006), as Kysely sees them.

import type { ColumnType, Generated } from 'kysely';

type Int = ColumnType<number, number, number>;

/** A host that reported to the project: what it said about itself last. */
export interface HostsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  /** JSON `{ key: value }` of the host's labels. */
  labels: string;
  /** JSON `[{ index, name, uuid }]` of its GPUs. */
  gpus: string;
  /** JSON of the models it serves (names, or `{ name, requests }`). */
  models: string;
  first_seen: Int;
  last_seen: Int;
}

/** One metric (one label set) of one host over one bucket: its summary and quantile sketch. */
export interface HostMetricBucketsTable {
  host_id: number;
  metric: string;
  /** Canonical JSON of the labels (sorted keys), '' for none. */
  labels: string;
  bucket_start: Int;
  count: Int;
  sum: number;
  min: number;
  max: number;
  last: number;
  last_at: Int;
  /** KLL sketch bytes. */
  sketch: Uint8Array;
}

/** A host's samples per bucket and the models it served then (what cost allocation bills and splits). */
export interface HostActivityTable {
  host_id: number;
  bucket_start: Int;
  samples: Int;
  /** JSON of the served models reported last in the bucket. */
  models: string;
  /** JSON `[{ index, name }]` of the GPUs reported last in the bucket. */
  gpus: string;
  /** JSON of the host's labels then. */
  labels: string;
}

/** One version of a project's price book. */
export interface PricingVersionsTable {
  id: Generated<number>;
  project_id: number;
  version: number;
  effective_from: Int;
  /** JSON of the validated price book (wire `pricingSchema` output). */
  pricing: string;
  created_at: Int;
}

/** What the profiler counted of a (model, version, segment, bucket): predictions, their cost in nano-dollars, tokens. Only profiler passes write it, one at a time. */
export interface CostBucketsTable {
  model_id: number;
  version: string;
  segment: string;
  bucket_start: Int;
  predictions: Int;
  /** Predictions with a cost (explicit, token or per-prediction). */
  costed: Int;
  /** Sum of the events' costs in nano-dollars, as decimal text (summed as BigInt: exact at any size). */
  cost_nanos: string;
  /** Token sums, decimal text. */
  input_tokens: string;
  output_tokens: string;
}

export interface BudgetsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  /** JSON of the validated definition (wire `createBudgetSchema` output). */
  config: string;
  /** JSON of core's BudgetAlertState. */
  alert_state: string;
  /** JSON of the last evaluation (spent, forecast, status), or null. */
  last_reading: string | null;
  created_at: Int;
  next_eval_at: Int;
}
