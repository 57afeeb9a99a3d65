// What clients send: predictions, labels (ground truth) and custom metrics. The server validates
// every request body with these schemas, and the SDK validates its batches with the same ones.

import { z } from 'zod';
import { textSchema } from './text.js';

/** Largest number of events, labels or metrics in one request. */
export const MAX_BATCH_EVENTS = 10_000;
/** Longest prediction id, feature name, version, segment key or value. */
export const MAX_ID_LENGTH = 256;
/** Most features one event may carry. */
export const MAX_FEATURES = 2_000;

/** A prediction id: chosen by the client, unique per model; the same id sent twice is stored once. */
export const eventIdSchema = textSchema().min(1, 'a non-empty id').max(MAX_ID_LENGTH);

/**
 * When something happened: an ISO 8601 date-time with an offset (`2026-11-27T10:00:00Z`) or epoch
 * milliseconds. The server stores epoch milliseconds.
 */
export const timestampSchema = z.union([
  z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a time zone, or epoch milliseconds' }),
  z.number().int().min(0).max(8.64e15),
]);

/** One feature value: a number, a string, a boolean, or null for missing. */
export const featureValueSchema = z.union([z.number(), textSchema().max(4096), z.boolean(), z.null()]);

const nameSchema = textSchema().min(1).max(MAX_ID_LENGTH);

export const featuresSchema = z
  .record(nameSchema, featureValueSchema)
  .refine((f) => Object.keys(f).length <= MAX_FEATURES, { message: `at most ${MAX_FEATURES} features` });

/** A class label or a regression target. */
export const labelValueSchema = z.union([textSchema().min(1).max(MAX_ID_LENGTH), z.number(), z.boolean()]);

/** A structured prediction: the chosen label, a score and/or class probabilities. */
export const predictionObjectSchema = z
  .strictObject({
    label: labelValueSchema.optional(),
    score: z.number().optional(),
    probabilities: z.record(nameSchema, z.number().min(0).max(1)).optional(),
  })
  .refine((p) => p.label !== undefined || p.score !== undefined || p.probabilities !== undefined, {
    message: 'at least one of label, score or probabilities',
  });

/** What the model said: a number (a score or a regression value), a label, or an object. */
export const predictionValueSchema = z.union([z.number(), textSchema().min(1).max(MAX_ID_LENGTH), z.boolean(), predictionObjectSchema]);

export const segmentSchema = z.record(nameSchema, z.union([textSchema().max(MAX_ID_LENGTH), z.number(), z.boolean()]));

/** Token usage of an LLM call (OpenTelemetry gen_ai semantics: `inputTokens` includes the cached ones). */
export const usageSchema = z
  .strictObject({
    model: textSchema().min(1).max(256),
    inputTokens: z.number().int().min(0).max(1e12),
    outputTokens: z.number().int().min(0).max(1e12),
    cachedInputTokens: z.number().int().min(0).max(1e12).optional(),
  })
  .refine((u) => u.cachedInputTokens === undefined || u.cachedInputTokens <= u.inputTokens, {
    message: 'at most inputTokens (cached input tokens are part of the input)',
    path: ['cachedInputTokens'],
  });

export const predictionEventSchema = z.strictObject({
  id: eventIdSchema,
  timestamp: timestampSchema.optional(),
  version: textSchema().min(1).max(128).optional(),
  features: featuresSchema,
  prediction: predictionValueSchema,
  latencyMs: z.number().min(0).max(86_400_000).optional(),
  segment: segmentSchema.optional(),
  costUsd: z.number().min(0).optional(),
  /** Token usage of an LLM call: its cost is priced from the price book's `tokens` when `costUsd` is not given. */
  usage: usageSchema.optional(),
  traceId: textSchema().min(1).max(MAX_ID_LENGTH).optional(),
});

export const predictionBatchSchema = z.strictObject({
  events: z.array(predictionEventSchema).min(1, 'at least one event').max(MAX_BATCH_EVENTS),
});

export const labelEventSchema = z.strictObject({
  id: eventIdSchema,
  label: labelValueSchema,
  timestamp: timestampSchema.optional(),
});

export const labelBatchSchema = z.strictObject({
  labels: z.array(labelEventSchema).min(1, 'at least one label').max(MAX_BATCH_EVENTS),
});

/** Prometheus' metric-name rule, so custom metrics can be exposed unchanged. */
export const metricNameSchema = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/, 'a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)');

export const metricEventSchema = z.strictObject({
  /** Optional, chosen by the client, unique per model: a point sent twice with the same id (a retried batch) is stored once. */
  id: eventIdSchema.optional(),
  name: metricNameSchema,
  value: z.number(),
  timestamp: timestampSchema.optional(),
  labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, 'a Prometheus label name'), textSchema().max(MAX_ID_LENGTH)).optional(),
});

export const metricBatchSchema = z.strictObject({
  metrics: z.array(metricEventSchema).min(1, 'at least one metric').max(MAX_BATCH_EVENTS),
});

export const ingestResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
});

export type Timestamp = z.infer<typeof timestampSchema>;
export type FeatureValue = z.infer<typeof featureValueSchema>;
export type LabelValue = z.infer<typeof labelValueSchema>;
export type PredictionValue = z.infer<typeof predictionValueSchema>;
export type Usage = z.infer<typeof usageSchema>;
export type PredictionEvent = z.infer<typeof predictionEventSchema>;
export type PredictionBatch = z.infer<typeof predictionBatchSchema>;
export type LabelEvent = z.infer<typeof labelEventSchema>;
export type LabelBatch = z.infer<typeof labelBatchSchema>;
export type MetricEvent = z.infer<typeof metricEventSchema>;
export type MetricBatch = z.infer<typeof metricBatchSchema>;
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

/** Epoch milliseconds of a wire timestamp. */
export function timestampToMs(t: Timestamp): number {
  return typeof t === 'number' ? t : Date.parse(t);
}
