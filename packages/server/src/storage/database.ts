// The tables of Vigil's store, as Kysely sees them. One schema for SQLite and PostgreSQL: times are
// epoch milliseconds (bigint), JSON is text, sketches and profiles are bytes.

import type { ColumnType, Generated } from 'kysely';

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
}
