// What the read API answers: stored predictions, time series and drift for one window.

import { z } from 'zod';
import { parseDuration } from './durations.js';
import { featureValueSchema, labelValueSchema, predictionValueSchema } from './ingest.js';

export const predictionRecordSchema = z.object({
  id: z.string(),
  timestamp: z.string(),
  version: z.string().nullable(),
  features: z.record(z.string(), featureValueSchema),
  prediction: predictionValueSchema,
  latencyMs: z.number().nullable(),
  segment: z.record(z.string(), z.string()).nullable(),
  costUsd: z.number().nullable(),
  traceId: z.string().nullable(),
  label: z.object({ value: labelValueSchema, timestamp: z.string() }).nullable(),
});

export const seriesPointSchema = z.object({
  /** Start of the step, ISO 8601 UTC. */
  t: z.string(),
  value: z.number().nullable(),
  labels: z.record(z.string(), z.string()).optional(),
  /** Confidence band of an estimate (CBPE: value ∓ 3 sampling errors), when there is one. */
  lower: z.number().optional(),
  upper: z.number().optional(),
});

export const seriesResponseSchema = z.object({
  metric: z.string(),
  from: z.string(),
  to: z.string(),
  step: z.number(),
  points: z.array(seriesPointSchema),
  /** Where to continue when the answer was cut at `limit` points. */
  next: z.string().nullable(),
});

/** Reference and current shares on the same bins or categories (the report's distribution chart). */
export const columnDistributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), edges: z.array(z.number()), reference: z.array(z.number()), current: z.array(z.number()) }),
  z.object({
    kind: z.literal('categorical'),
    categories: z.array(z.string()),
    reference: z.array(z.number()),
    current: z.array(z.number()),
    otherLabel: z.string().optional(),
  }),
]);

/** Summary statistics of one side of a feature. */
export const featureStatisticsSchema = z.object({
  count: z.number().int(),
  missing: z.number().int(),
  missingShare: z.number(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  min: z.number().nullable(),
  median: z.number().nullable(),
  max: z.number().nullable(),
  /** Estimated distinct values (HyperLogLog). */
  distinct: z.number(),
});

export const featureDriftSchema = z.object({
  name: z.string(),
  type: z.string(),
  method: z.string(),
  score: z.number(),
  threshold: z.number(),
  drifted: z.boolean(),
  referenceCount: z.number().int(),
  currentCount: z.number().int(),
  psiBand: z.enum(['none', 'moderate', 'significant']).optional(),
  /** Only for the feature named by `?feature=`: both distributions and their statistics. */
  distribution: columnDistributionSchema.optional(),
  statistics: z.object({ reference: featureStatisticsSchema, current: featureStatisticsSchema }).optional(),
});

export const driftResponseSchema = z.object({
  model: z.string(),
  from: z.string(),
  to: z.string(),
  rows: z.number().int(),
  /** `exact` when computed from the raw events of the window, `profile` when from sketches. */
  basis: z.enum(['exact', 'profile']),
  share: z.number(),
  datasetDrift: z.boolean(),
  features: z.array(featureDriftSchema),
});

export type PredictionRecord = z.infer<typeof predictionRecordSchema>;
export type SeriesPoint = z.infer<typeof seriesPointSchema>;
export type SeriesResponse = z.infer<typeof seriesResponseSchema>;
export type FeatureDrift = z.infer<typeof featureDriftSchema>;
export type FeatureStatistics = z.infer<typeof featureStatisticsSchema>;
export type ColumnDistributionWire = z.infer<typeof columnDistributionSchema>;
export type DriftResponse = z.infer<typeof driftResponseSchema>;

/** A time in a query string: ISO 8601 or epoch milliseconds. */
export const queryTimeSchema = z
  .string()
  .meta({ description: 'An ISO 8601 time (2026-11-27T10:00:00Z) or epoch milliseconds' })
  .transform((v, ctx) => {
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'an ISO 8601 time (2026-11-27T10:00:00Z) or epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  });

/** A step in a query string: seconds (3600) or a duration (5m, 1h, 1d), as milliseconds. */
export const queryStepSchema = z
  .string()
  .meta({ description: 'Seconds (3600) or a duration (5m, 1h, 1d)' })
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (!Number.isFinite(ms) || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: 'seconds (3600) or a duration (5m, 1h, 1d)' });
      return z.NEVER;
    }
    return ms;
  });

/** Most points one series answer holds. */
export const MAX_SERIES_POINTS = 10_000;

export const seriesQuerySchema = z.strictObject({
  metric: z.string().min(1).meta({ description: 'volume, latency_p95, drift, accuracy, estimated_accuracy, custom:<name>, …' }),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  step: queryStepSchema.optional(),
  feature: z.string().optional().meta({ description: 'Only this feature (per-feature metrics)' }),
  version: z.string().optional().meta({ description: 'Only this model version' }),
  limit: z.coerce.number().int().min(1).max(MAX_SERIES_POINTS).default(1000).meta({ description: 'Most points in the answer' }),
});

export const driftQuerySchema = z.strictObject({
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  method: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'An Evidently stat-test name for every feature (ks, psi, wasserstein, jensenshannon, …) instead of the defaults' }),
  threshold: z.coerce.number().positive().optional(),
  /** Add this feature's distributions and statistics, reference against current. */
  feature: z.string().min(1).optional().meta({ description: "Add this feature's reference and current distributions and statistics" }),
});

export type SeriesQuery = z.output<typeof seriesQuerySchema>;
export type DriftQuery = z.output<typeof driftQuerySchema>;
