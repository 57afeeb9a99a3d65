// The tables of datasets, their batches and pipeline runs (migration 0005), as Kysely sees them.

import type { ColumnType, Generated } from 'kysely';

type Int = ColumnType<number, number, number>;

export interface DatasetsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  /** JSON of the validated definition (wire `createDatasetSchema` output). */
  config: string;
  created_at: Int;
}

/** One batch of rows appended to a dataset. */
export interface DatasetBatchesTable {
  id: Generated<number>;
  dataset_id: number;
  /** The batch's number within its dataset, from 1. */
  seq: number;
  /** Server time of arrival (epoch ms). */
  received_at: Int;
  rows: Int;
  /** JSON `{ column: type }` of the columns stored. */
  schema: string;
  /** SHA-256 hex of the canonical content. */
  digest: string;
  /** JSON of the batch's quality (wire `datasetQualitySchema`). */
  quality: string;
  /** DatasetProfile bytes (features as `f.<name>`, the layout of bucket profiles). */
  profile: Uint8Array;
  /** The rows in Vigil's columnar batch format (datasets/batch-blob.ts). */
  data: Uint8Array;
}

export interface PipelineRunsTable {
  id: Generated<number>;
  project_id: number;
  pipeline: string;
  /** The caller's id of the run: posting it again updates it. */
  run_id: string;
  /** 'running', 'succeeded' or 'failed'. */
  status: string;
  started_at: Int;
  finished_at: Int | null;
  scheduled_at: Int | null;
  rows: Int | null;
  error: string | null;
  /** JSON array of dataset names. */
  datasets: string;
  created_at: Int;
  updated_at: Int;
}
