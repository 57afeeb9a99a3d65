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

/** One `key:value` pair of a segment filter. */
export interface SegmentCondition {
  key: string;
  value: string;
}

/**
 * `segment=<key>:<value>` in a query string, repeatable: events (or alerts) must carry every pair.
 * The key ends at the first colon, so a value may hold colons and a key may not.
 */
export const segmentFilterSchema = z
  .union([z.string(), z.array(z.string())])
  .meta({
    description:
      'Only this segment: `key:value` as events send it in `segment` (`channel:web`). Repeat it to narrow further; every pair must hold (`segment=channel:web&segment=region:eu`).',
  })
  .transform((v, ctx): SegmentCondition[] => {
    const out: SegmentCondition[] = [];
    for (const [i, text] of (Array.isArray(v) ? v : [v]).entries()) {
      const colon = text.indexOf(':');
      if (colon <= 0) {
        ctx.addIssue({ code: 'custom', message: `key:value, such as channel:web (got ${JSON.stringify(text)})`, ...(Array.isArray(v) && { path: [i] }) });
        continue;
      }
      out.push({ key: text.slice(0, colon), value: text.slice(colon + 1) });
    }
    return out;
  });

/**
 * `slice=<feature>:<value>` in a query string, repeatable: only events whose feature has that value
 * (every pair must hold). The feature ends at the first colon, so a value may hold colons.
 */
export const sliceFiltersSchema = z
  .union([z.string(), z.array(z.string())])
  .meta({
    description:
      'Only events whose feature has this value: `feature:value` (`purpose:crypto`). Repeat it to narrow further; every pair must hold. A numeric feature matches the number exactly (`age:30` matches 30 and 30.0). Read from raw events: the window may hold at most the server’s `querySliceMaxEvents` (default 200 000).',
  })
  .transform((v, ctx): SegmentCondition[] => {
    const out: SegmentCondition[] = [];
    for (const [i, text] of (Array.isArray(v) ? v : [v]).entries()) {
      const colon = text.indexOf(':');
      if (colon <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `feature:value, such as purpose:crypto (got ${JSON.stringify(text)})`,
          ...(Array.isArray(v) && { path: [i] }),
        });
        continue;
      }
      out.push({ key: text.slice(0, colon), value: text.slice(colon + 1) });
    }
    return out;
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
  segment: segmentFilterSchema.optional(),
  slice: sliceFiltersSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SERIES_POINTS).default(1000).meta({ description: 'Most points in the answer' }),
});

export const driftQuerySchema = z.strictObject({
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  method: z.string().min(1).optional().meta({
    description: 'An Evidently stat-test name (ks, psi, wasserstein, jensenshannon, …), run on the features whose type it fits; the others keep their defaults',
  }),
  threshold: z.coerce.number().positive().optional(),
  /** Add this feature's distributions and statistics, reference against current. */
  feature: z.string().min(1).optional().meta({ description: "Add this feature's reference and current distributions and statistics" }),
  segment: segmentFilterSchema.optional(),
  slice: sliceFiltersSchema.optional(),
});

/** The segments of a window, to filter by: each key with its values, the busiest first. */
export const segmentListQuerySchema = z.strictObject({
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: 'Most values per key' }),
});

export const segmentListSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Keys in name order; values by their events in the window, most first. */
  segments: z.array(
    z.object({
      key: z.string(),
      values: z.array(z.object({ value: z.string(), rows: z.number().int() })),
      /** Values left out past `limit`. */
      more: z.number().int(),
    }),
  ),
});

export type SeriesQuery = z.output<typeof seriesQuerySchema>;
export type DriftQuery = z.output<typeof driftQuerySchema>;
export type SegmentListQuery = z.output<typeof segmentListQuerySchema>;
export type SegmentList = z.output<typeof segmentListSchema>;
