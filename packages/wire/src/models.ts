// Projects, API keys and models: what the admin API takes and returns.

import { z } from 'zod';
import { parseDuration } from './durations.js';
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
 * expire silences; `edit` change what `admin` may change except keys, projects, data policies and
 * erasure; `admin` everything, including keys, models, references, monitors and channels.
 */
export const KEY_SCOPES = ['ingest', 'read', 'respond', 'edit', 'admin'] as const;
export const keyScopeSchema = z.enum(KEY_SCOPES);

/** Roles: named sets of scopes (viewer reads; responder also acts on alerts; editor also changes configuration and logs events; admin does everything). */
export const KEY_ROLES = ['viewer', 'responder', 'editor', 'admin'] as const;
export const keyRoleSchema = z.enum(KEY_ROLES);
export const ROLE_SCOPES: Readonly<Record<(typeof KEY_ROLES)[number], readonly (typeof KEY_SCOPES)[number][]>> = {
  viewer: ['read'],
  responder: ['read', 'respond'],
  editor: ['ingest', 'read', 'respond', 'edit'],
  admin: ['admin'],
};

/** A key's lifetime: `30d`, `12h`, … */
const keyLifetimeSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 12h or 90d')
  .refine((d) => parseDuration(d) >= 60_000 && parseDuration(d) <= 3650 * 86_400_000, 'between 1m and 3650d');

export const createKeySchema = z
  .strictObject({
    name: textSchema().min(1).max(128),
    scopes: z.array(keyScopeSchema).min(1, 'at least one scope').optional(),
    /** A role instead of scopes. */
    role: keyRoleSchema.optional(),
    /** The key stops working this long after it is created (default: never). */
    expiresIn: keyLifetimeSchema.optional(),
  })
  .check((ctx) => {
    if ((ctx.value.scopes === undefined) === (ctx.value.role === undefined))
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['scopes'], message: 'give scopes or a role (one of them)' });
  });

/** Rotating a key: a new key with the same name, scopes and role; the old one keeps working for `grace`. */
export const rotateKeySchema = z.strictObject({
  grace: keyLifetimeSchema.optional().meta({ description: 'How long the old key keeps working (default 1d; 1m at least)' }),
  expiresIn: keyLifetimeSchema.optional(),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(keyScopeSchema),
  /** The role the key was made with, if any. */
  role: keyRoleSchema.nullable().optional(),
  project: z.string(),
  createdAt: z.string(),
  /** When the key stops working (null: never). */
  expiresAt: z.string().nullable().optional(),
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
export type KeyRole = z.infer<typeof keyRoleSchema>;
export type RotateKey = z.infer<typeof rotateKeySchema>;
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
