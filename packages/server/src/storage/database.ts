// The tables of Vigil's store, as Kysely sees them. One schema for SQLite and PostgreSQL: times are
// epoch milliseconds (bigint), JSON is text, sketches and profiles are bytes.

import type { ColumnType, Generated } from 'kysely';
import type {
  AuditLogTable,
  AuditTreeHeadsTable,
  DataPoliciesTable,
  ModelAliasHistoryTable,
  ModelAliasesTable,
  ModelVersionRecordsTable,
} from './governance-tables.js';
import type { DatasetBatchesTable, DatasetsTable, PipelineRunsTable } from './dataset-tables.js';
import type { BudgetsTable, CostBucketsTable, HostActivityTable, HostMetricBucketsTable, HostsTable, PricingVersionsTable } from './infrastructure-tables.js';

/** A bigint column: PostgreSQL's driver is told to parse int8 as a JS number (times fit in 2^53). */
type Int = ColumnType<number, number, number>;

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  created_at: Int;
}

export interface ApiKeysTable {
  id: string;
  project_id: number;
  name: string;
  /** sha256 of the secret, hex. */
  hash: string;
  /** Comma-separated scopes. */
  scopes: string;
  /** 1 when the key may create projects (the bootstrap key). */
  root: number;
  created_at: Int;
  revoked_at: Int | null;
}

export interface ModelsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  type: string;
  /** JSON `{ name: featureType }`. */
  features: string;
  /** JSON of the positive class, or null. */
  positive_class: string | null;
  description: string | null;
  created_at: Int;
}

export interface ModelVersionsTable {
  model_id: number;
  version: string;
  first_seen: Int;
}

export interface PredictionsTable {
  seq: Generated<number>;
  model_id: number;
  event_id: string;
  ts: Int;
  version: string;
  /** Canonical JSON of the segment (sorted keys), '' for none. */
  segment: string;
  features: string;
  prediction: string;
  latency_ms: number | null;
  cost_usd: number | null;
  trace_id: string | null;
  /** The event's cost in nano-dollars (decimal text): its own costUsd, else priced from its token usage or per prediction (migration 0006). */
  cost_nanos?: string | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  cached_input_tokens?: number | null;
  /** The LLM model named by the event's usage. */
  usage_model?: string | null;
  received_at: Int;
}

export interface LabelsTable {
  seq: Generated<number>;
  model_id: number;
  event_id: string;
  /** JSON of the label value. */
  label: string;
  ts: Int;
  received_at: Int;
}

export interface CustomMetricsTable {
  seq: Generated<number>;
  model_id: number;
  /** The client's id of the point (unique per model), null when it gave none (migration 0003). */
  event_id: string | null;
  name: string;
  value: number;
  ts: Int;
  /** Canonical JSON of the labels, '' for none. */
  labels: string;
}

export interface ReferenceDataTable {
  model_id: number;
  source: string;
  rows: number;
  /** gzip of `{ columns: { name: values[] } }` JSON: the raw reference, for exact drift. */
  data: Uint8Array;
  /** DatasetProfile bytes of the same rows, for sketch-based drift over buckets. */
  profile: Uint8Array;
  /** JSON of what the reference needs for estimated performance (calibrator, sampling errors), or null. */
  performance: string | null;
  updated_at: Int;
}

/** One partial profile: the events of one (model, version, segment, bucket) seen in one profiler pass. */
export interface ProfilePartsTable {
  id: Generated<number>;
  model_id: number;
  version: string;
  segment: string;
  bucket_start: Int;
  rows: number;
  profile: Uint8Array;
  /** JSON of a PerformanceAccumulator over the labelled predictions, or null. */
  performance: string | null;
  /** JSON of a CbpeAccumulator over all predictions (binary models), or null. */
  cbpe: string | null;
  created_at: Int;
}

export interface WatermarksTable {
  name: string;
  value: Int;
}

export interface ChannelsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  type: string;
  /** JSON of the channel's settings, secrets included (never returned by the API). */
  config: string;
  created_at: Int;
}

export interface MonitorsTable {
  id: Generated<number>;
  project_id: number;
  model_id: number;
  name: string;
  type: string;
  /** JSON of the validated monitor definition (wire `createMonitorSchema` output). */
  config: string;
  enabled: number;
  created_at: Int;
  updated_at: Int;
  next_eval_at: Int;
  last_evaluated_at: Int | null;
  health: string;
  last_error: string | null;
  /** JSON of what the last evaluation judged on (rows, labels, coverage, …). */
  last_details: string | null;
  /** JSON of core's AlertRuleState: survives restarts. */
  rule_state: string | null;
  /** JSON of an online detector's state (concept-drift monitors). */
  detector_state: string | null;
  /** Label sequence number the detector has consumed up to. */
  detector_watermark: Int;
}

export interface AlertsTable {
  project_id: number;
  fingerprint: string;
  monitor_id: number;
  labels: string;
  annotations: string;
  state: string;
  value: number | null;
  active_at: Int;
  fired_at: Int | null;
  resolved_at: Int | null;
  acked_by: string | null;
  acked_at: Int | null;
  updated_at: Int;
}

export interface AlertEventsTable {
  id: Generated<number>;
  project_id: number;
  fingerprint: string;
  at: Int;
  kind: string;
  detail: string;
}

export interface SilencesTable {
  id: string;
  project_id: number;
  matchers: string;
  starts_at: Int;
  ends_at: Int;
  created_by: string;
  comment: string;
  created_at: Int;
}

export interface ProjectStatesTable {
  project_id: number;
  /** `policy` (the notification policy) or `dispatcher` (aggregation groups). */
  kind: string;
  state: string;
  updated_at: Int;
}

export interface OutboxTable {
  id: Generated<number>;
  project_id: number;
  channel_id: number;
  group_key: string;
  /** 'pending', 'sent' or 'failed' (gave up). */
  status: string;
  /** JSON `{ body, headers }` or `{ email }`: exactly what will be sent. */
  payload: string;
  attempts: number;
  next_attempt_at: Int;
  last_error: string | null;
  created_at: Int;
  sent_at: Int | null;
}

export interface OutboxAttemptsTable {
  id: Generated<number>;
  outbox_id: number;
  at: Int;
  ok: number;
  status_code: number | null;
  error: string | null;
}

/** An experiment: its definition (wire `createExperimentSchema` output, JSON) and status (migration 0004). */
export interface ExperimentsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  config: string;
  /** 'running', 'stopped' or 'archived'. */
  status: string;
  /** Width of the experiment's statistics buckets. */
  bucket_ms: Int;
  created_at: Int;
  updated_at: Int;
  stopped_at: Int | null;
}

/** A unit's first exposure: its variant (index) and time. */
export interface ExperimentUnitsTable {
  experiment_id: number;
  unit: string;
  variant: number;
  exposed_at: Int;
}

/** A unit's running value of one metric: the sum of its outcomes at or after its exposure, and of those in the CUPED lookback before it. */
export interface ExperimentValuesTable {
  experiment_id: number;
  unit: string;
  metric: string;
  value: number;
  pre_value: number;
}

/** An outcome of a unit not exposed yet, kept until its exposure arrives. */
export interface ExperimentPendingTable {
  id: Generated<number>;
  experiment_id: number;
  unit: string;
  metric: string;
  value: number;
  ts: Int;
}

/** Per bucket and variant: units first exposed, exposures received, and exposures naming another variant than the unit's first. */
export interface ExperimentArmsTable {
  experiment_id: number;
  bucket_start: Int;
  variant: number;
  units: Int;
  exposures: Int;
  conflicts: Int;
}

/** Per bucket, variant and metric: the changes to Σx, Σx², units with x > 0, and CUPED's Σx₀, Σx₀², Σx·x₀ made by that bucket's outcomes. */
export interface ExperimentStatsTable {
  experiment_id: number;
  bucket_start: Int;
  variant: number;
  metric: string;
  sum: number;
  sum_squares: number;
  positives: Int;
  pre_sum: number;
  pre_sum_squares: number;
  cross_sum: number;
}

export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  predictions: PredictionsTable;
  labels: LabelsTable;
  custom_metrics: CustomMetricsTable;
  reference_data: ReferenceDataTable;
  profile_parts: ProfilePartsTable;
  watermarks: WatermarksTable;
  channels: ChannelsTable;
  monitors: MonitorsTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  silences: SilencesTable;
  project_states: ProjectStatesTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptsTable;
  datasets: DatasetsTable;
  dataset_batches: DatasetBatchesTable;
  pipeline_runs: PipelineRunsTable;
  experiments: ExperimentsTable;
  experiment_units: ExperimentUnitsTable;
  experiment_values: ExperimentValuesTable;
  experiment_pending: ExperimentPendingTable;
  experiment_arms: ExperimentArmsTable;
  experiment_stats: ExperimentStatsTable;
  hosts: HostsTable;
  host_metric_buckets: HostMetricBucketsTable;
  host_activity: HostActivityTable;
  pricing_versions: PricingVersionsTable;
  cost_buckets: CostBucketsTable;
  budgets: BudgetsTable;
  audit_log: AuditLogTable;
  audit_tree_heads: AuditTreeHeadsTable;
  model_version_records: ModelVersionRecordsTable;
  model_aliases: ModelAliasesTable;
  model_alias_history: ModelAliasHistoryTable;
  data_policies: DataPoliciesTable;
}
