// Datasets (feature tables, training sets, batch inputs), pipeline runs, training–serving skew and
// slices: what their API takes and answers.

import { z } from 'zod';
import { durationSchema } from './alerting.js';
import { timestampSchema } from './ingest.js';
import { featureTypeSchema, resourceNameSchema } from './models.js';
import { queryStepSchema, queryTimeSchema, segmentFilterSchema } from './queries.js';
import type { SegmentCondition } from './queries.js';
import { textSchema } from './text.js';

/** Metrics of `GET /v1/datasets/{dataset}/series`. */
export const DATASET_SERIES_METRICS = ['rows', 'freshness_seconds', 'missing_share', 'drift'] as const;
/** Metrics of `GET /v1/pipelines/{pipeline}/series`. */
export const PIPELINE_SERIES_METRICS = ['run_duration', 'run_success_rate', 'run_lateness'] as const;
export const FRESHNESS_STATUSES = ['fresh', 'stale', 'unknown'] as const;
export const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;

/** A column of a dataset: any text without NUL, at most 256 characters. */
const columnNameSchema = textSchema().min(1).max(256);

export const createDatasetSchema = z.strictObject({
  name: resourceNameSchema,
  /** The column that names the entity a row describes (a customer id): what skew joins served events on. */
  entityKey: columnNameSchema.optional(),
  /** The column of each row's own time (ISO 8601 or epoch ms); without it a row's time is when its batch arrived. */
  timestampColumn: columnNameSchema.optional(),
  features: z
    .record(columnNameSchema, featureTypeSchema)
    .refine((f) => Object.keys(f).length > 0, 'at least one feature')
    .refine((f) => Object.keys(f).length <= 1000, 'at most 1000 features'),
  /** How old the newest batch may be before the dataset is stale (`1h`). */
  freshness: durationSchema.optional(),
  /** Rows a batch should hold: the `volume` monitor's default bounds. */
  expectedRows: z
    .strictObject({ min: z.number().int().min(0).max(1e12).optional(), max: z.number().int().min(1).max(1e12).optional() })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min at most max', path: ['min'] })
    .optional(),
  /** When batches are written, as cron (`0 * * * *`, UTC); without `freshness`, the limit is the schedule's period. */
  schedule: textSchema().min(1).max(256).optional(),
});

export const datasetQualitySchema = z.object({
  /** Share of the declared features' cells (rows × features) that are missing, absent columns included. */
  missingShare: z.number(),
  /** Share of numeric values outside the reference batch's [min, max] (the first batch is the reference); null for the first batch. */
  outOfRangeShare: z.number().nullable(),
  /** Cells whose type contradicts the declared one: a batch with any is refused, so a stored batch has 0. */
  typeViolations: z.number().int(),
  /** Declared features the batch has no column for. */
  missingFeatures: z.array(z.string()),
  /** Columns of the batch that are neither features, nor the entity key, nor the timestamp column (not stored). */
  unknownColumns: z.array(z.string()),
});

export const freshnessSchema = z.object({
  status: z.enum(FRESHNESS_STATUSES),
  /** Seconds since the newest batch arrived (server clock); null before the first. */
  ageSeconds: z.number().nullable(),
  /** The limit (`freshness`, or the schedule's period); null when the dataset has neither. */
  limitSeconds: z.number().nullable(),
});

export const datasetSchema = z.object({
  name: z.string(),
  rows: z.number().int(),
  batches: z.number().int(),
  lastUpdateAt: z.string().nullable(),
  freshness: freshnessSchema,
  schema: z.record(z.string(), featureTypeSchema),
  lastBatch: z.object({ rows: z.number().int(), digest: z.string(), quality: datasetQualitySchema }).nullable(),
});

export const datasetListSchema = z.object({ datasets: z.array(datasetSchema), next: z.string().nullable() });

/** A batch as JSON rows (CSV, NDJSON and Parquet bodies carry the same rows). */
export const datasetRowsSchema = z.strictObject({
  rows: z.array(z.record(z.string(), z.unknown())).min(1, 'at least one row'),
});

/** What storing a batch answers. */
export const datasetBatchSchema = z.object({
  dataset: z.string(),
  /** The batch's number within the dataset, from 1. */
  batch: z.number().int(),
  receivedAt: z.string(),
  rows: z.number().int(),
  /** SHA-256 (hex) of the batch's canonical content: the same rows give the same digest in any format. */
  digest: z.string(),
  /** Each stored column and its type as the batch holds it. */
  schema: z.record(z.string(), z.string()),
  quality: datasetQualitySchema,
});

export const datasetSeriesQuerySchema = z.strictObject({
  metric: z.enum(DATASET_SERIES_METRICS),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  step: queryStepSchema.optional(),
  feature: z.string().optional().meta({ description: 'Only this feature (missing_share, drift)' }),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000).meta({ description: 'Most points in the answer' }),
});

export const pipelineRunInputSchema = z.strictObject({
  id: textSchema().min(1).max(256),
  status: z.enum(RUN_STATUSES),
  startedAt: timestampSchema,
  /** When a succeeded or failed run ended (default: when it is posted). */
  finishedAt: timestampSchema.optional(),
  rows: z.number().int().min(0).max(1e15).optional(),
  error: textSchema().max(8192).optional(),
  /** The datasets the run wrote. */
  datasets: z.array(resourceNameSchema).max(100).optional(),
  /** When the run was due (an orchestrator's logical date): lateness is `startedAt − scheduledAt`; default the previous tick of a named dataset's schedule. */
  scheduledAt: timestampSchema.optional(),
});

export const pipelineRunSchema = z.object({
  pipeline: z.string(),
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  rows: z.number().int().nullable(),
  error: z.string().nullable(),
  datasets: z.array(z.string()),
  scheduledAt: z.string().nullable(),
  latenessSeconds: z.number().nullable(),
  updatedAt: z.string(),
});

export const pipelineRunListSchema = z.object({ runs: z.array(pipelineRunSchema), next: z.string().nullable() });

export const pipelineRunListQuerySchema = z.strictObject({
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const pipelineSeriesQuerySchema = z.strictObject({
  metric: z.enum(PIPELINE_SERIES_METRICS),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  step: queryStepSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000).meta({ description: 'Most points in the answer' }),
});

/**
 * `slice=<feature>:<value>` in a query string: only events whose feature has that value (as text).
 * The feature ends at the first colon.
 */
export const sliceFilterSchema = z
  .string()
  .meta({ description: 'Only events whose feature has this value: `feature:value` (`purpose:crypto`)' })
  .transform((text, ctx): SegmentCondition => {
    const colon = text.indexOf(':');
    if (colon <= 0) {
      ctx.addIssue({ code: 'custom', message: `feature:value, such as purpose:crypto (got ${JSON.stringify(text)})` });
      return z.NEVER;
    }
    return { key: text.slice(0, colon), value: text.slice(colon + 1) };
  });

export const skewQuerySchema = z.strictObject({
  dataset: resourceNameSchema.meta({ description: 'The dataset served events are joined to' }),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  segment: segmentFilterSchema.optional(),
  slice: sliceFilterSchema.optional(),
});

export const skewFeatureSchema = z.object({
  name: z.string(),
  /** Joined events where either side has a value. */
  compared: z.number().int(),
  mismatchShare: z.number(),
  /** Numeric features: mean and 95th percentile of |served − dataset| where both have a value. */
  meanAbsDiff: z.number().optional(),
  p95AbsDiff: z.number().optional(),
});

export const skewResponseSchema = z.object({
  joined: z.number().int(),
  unmatched: z.number().int(),
  features: z.array(skewFeatureSchema),
});

export const sliceQuerySchema = z.strictObject({
  metric: z.string().min(1).meta({ description: 'accuracy (or another performance metric), or drift' }),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  minSize: z.coerce.number().int().min(1).max(1e9).default(30).meta({ description: 'Slices with fewer events are left out' }),
});

export const sliceSchema = z.object({
  /** `segment` (a key of events' segment) or `feature` (a categorical feature's value). */
  kind: z.enum(['segment', 'feature']),
  key: z.string(),
  value: z.string(),
  /** Events of the slice in the window. */
  size: z.number().int(),
  /** The metric on the slice in the window (drift: its score against the reference's slice). */
  current: z.number().nullable(),
  /** The metric on the same slice of the reference (drift: 0). */
  reference: z.number().nullable(),
  /** current − reference. */
  change: z.number(),
  /** 95 % confidence interval of `current`, when one is known. */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

export const sliceListSchema = z.object({ metric: z.string(), from: z.string(), to: z.string(), slices: z.array(sliceSchema) });

export type CreateDataset = z.input<typeof createDatasetSchema>;
export type DatasetConfig = z.output<typeof createDatasetSchema>;
export type DatasetInfo = z.infer<typeof datasetSchema>;
export type DatasetQuality = z.infer<typeof datasetQualitySchema>;
export type DatasetBatchInfo = z.infer<typeof datasetBatchSchema>;
export type DatasetSeriesQuery = z.output<typeof datasetSeriesQuerySchema>;
export type FreshnessInfo = z.infer<typeof freshnessSchema>;
export type PipelineRunInput = z.output<typeof pipelineRunInputSchema>;
export type PipelineRunInfo = z.infer<typeof pipelineRunSchema>;
export type PipelineRunListQuery = z.output<typeof pipelineRunListQuerySchema>;
export type PipelineSeriesQuery = z.output<typeof pipelineSeriesQuerySchema>;
export type SkewQuery = z.output<typeof skewQuerySchema>;
export type SkewResponse = z.infer<typeof skewResponseSchema>;
export type SkewFeature = z.infer<typeof skewFeatureSchema>;
export type SliceQuery = z.output<typeof sliceQuerySchema>;
export type SliceInfo = z.infer<typeof sliceSchema>;
export type SliceList = z.infer<typeof sliceListSchema>;
export type RunStatus = (typeof RUN_STATUSES)[number];
