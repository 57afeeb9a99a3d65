// Projects, API keys and models: what the admin API takes and returns.

import { z } from 'zod';
import { textSchema } from './text.js';

/** A name that is safe in a URL path segment: models, projects, channels, monitors. */
export const resourceNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/, 'a name of letters, digits, ".", "_" or "-" (at most 128, starting with a letter or digit)');

export const FEATURE_TYPES = ['numeric', 'categorical', 'text', 'boolean', 'datetime'] as const;
export const featureTypeSchema = z.enum(FEATURE_TYPES);

export const MODEL_TYPES = ['binary', 'multiclass', 'regression', 'ranking'] as const;
export const modelTypeSchema = z.enum(MODEL_TYPES);

export const createModelSchema = z.strictObject({
  name: resourceNameSchema,
  type: modelTypeSchema,
  /** Feature names and types; inferred from the first events when left out. */
  features: z.record(textSchema().min(1).max(256), featureTypeSchema).optional(),
  /** For binary models: the label that counts as positive (default 1 / "1" / true). */
  positiveClass: z.union([textSchema(), z.number(), z.boolean()]).optional(),
  description: textSchema().max(4096).optional(),
});

export const modelSchema = z.object({
  name: z.string(),
  type: modelTypeSchema,
  features: z.record(z.string(), featureTypeSchema),
  positiveClass: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  description: z.string().nullable(),
  versions: z.array(z.string()),
  createdAt: z.string(),
  reference: z.object({ rows: z.number().int(), source: z.string(), updatedAt: z.string() }).nullable(),
});

export const modelListSchema = z.object({ models: z.array(modelSchema), next: z.string().nullable() });

/**
 * What a key may do: `ingest` log predictions, labels and metrics; `read` read models, series,
 * drift, monitors and alerts; `respond` act on alerts (acknowledge, resolve, comment) and create or
 * expire silences; `admin` everything, including keys, models, references, monitors and channels.
 */
export const KEY_SCOPES = ['ingest', 'read', 'respond', 'admin'] as const;
export const keyScopeSchema = z.enum(KEY_SCOPES);

export const createKeySchema = z.strictObject({
  name: textSchema().min(1).max(128),
  scopes: z.array(keyScopeSchema).min(1, 'at least one scope'),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(keyScopeSchema),
  project: z.string(),
  createdAt: z.string(),
  /** The secret, returned only once, when the key is created. */
  key: z.string().optional(),
});

export const createProjectSchema = z.strictObject({ name: resourceNameSchema });

export const projectSchema = z.object({
  name: z.string(),
  createdAt: z.string(),
  /** The project's first admin key, returned only once. */
  adminKey: apiKeySchema.optional(),
});

export type FeatureType = z.infer<typeof featureTypeSchema>;
export type ModelType = z.infer<typeof modelTypeSchema>;
export type CreateModel = z.infer<typeof createModelSchema>;
export type ModelInfo = z.infer<typeof modelSchema>;
export type KeyScope = z.infer<typeof keyScopeSchema>;
export type CreateKey = z.infer<typeof createKeySchema>;
export type ApiKeyInfo = z.infer<typeof apiKeySchema>;
export type ProjectInfo = z.infer<typeof projectSchema>;

/** A page of a list: `limit` items after the name `after`. */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().optional().meta({ description: 'Continue after this name (the `next` of the previous page)' }),
});

export const keyListSchema = z.object({ keys: z.array(apiKeySchema) });

/** Reference data as JSON rows, or a past window of the model's own events. */
export const referenceUploadSchema = z.union([
  z.strictObject({
    rows: z.array(z.record(z.string(), z.unknown())).min(1, 'at least one row'),
    target: z.string().optional(),
    prediction: z.string().optional(),
  }),
  z.strictObject({
    window: z.strictObject({ from: z.union([z.string(), z.number()]), to: z.union([z.string(), z.number()]) }),
  }),
  /** A dataset's rows, every batch (`target` and `prediction` name its columns, if it has them). */
  z.strictObject({
    dataset: resourceNameSchema,
    target: z.string().optional(),
    prediction: z.string().optional(),
  }),
]);

/** With a CSV, NDJSON or Parquet body: which columns hold the label and the prediction. */
export const referenceQuerySchema = z.strictObject({
  target: z.string().optional().meta({ description: 'The column of true labels / values' }),
  prediction: z.string().optional().meta({ description: "The column of the model's predictions" }),
});

export const referenceInfoSchema = z.object({ model: z.string(), rows: z.number().int(), source: z.string(), updatedAt: z.string() });

export type ListQuery = z.output<typeof listQuerySchema>;
export type ReferenceUpload = z.output<typeof referenceUploadSchema>;
export type ReferenceInfo = z.infer<typeof referenceInfoSchema>;
