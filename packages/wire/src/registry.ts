// The model registry's wire contracts: version records (MLflow's ModelVersion with Vigil's lineage
// and declared-metrics fields), aliases (an alias points to one version) with their history, and
// the lineage of a model: dataset → version → deployment.

import { z } from 'zod';
import { textSchema } from './text.js';

/** A version name as events carry it. */
export const versionNameSchema = textSchema().min(1).max(128);

/** An alias: champion, challenger, or any name safe in a URL. */
export const aliasNameSchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9._-]{0,63}$/, 'an alias of letters, digits, ".", "_" or "-" (at most 64, starting with a letter)');

const digest = textSchema().min(1).max(256).meta({ description: 'A content digest, e.g. `sha256:…`' });

export const createModelVersionSchema = z.strictObject({
  version: versionNameSchema,
  artifactUri: textSchema().min(1).max(2048).optional(),
  artifactDigest: digest.optional(),
  trainingDatasetDigest: digest.optional(),
  referenceDatasetDigest: digest.optional(),
  codeCommit: textSchema().min(1).max(256).optional(),
  /** Hyper-parameters and settings, as given. */
  parameters: z.record(textSchema().min(1).max(256), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** Declared metric values (name → value): the baseline a degradation is judged against (AI Act Art. 15(3)). */
  metrics: z.record(textSchema().min(1).max(256), z.number()).optional(),
  description: textSchema().max(4096).optional(),
  tags: z.record(textSchema().min(1).max(256), textSchema().max(1024)).optional(),
});

/** A PUT of a version: the same fields, the version taken from the path. */
export const replaceModelVersionSchema = createModelVersionSchema.omit({ version: true });

export const modelVersionSchema = z.object({
  version: z.string(),
  /** False for a version seen only in events, created on first sight: nobody registered it. */
  registered: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** When events first carried it, if they have. */
  firstSeen: z.string().nullable(),
  artifactUri: z.string().nullable(),
  artifactDigest: z.string().nullable(),
  trainingDatasetDigest: z.string().nullable(),
  referenceDatasetDigest: z.string().nullable(),
  codeCommit: z.string().nullable(),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  metrics: z.record(z.string(), z.number()),
  description: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  aliases: z.array(z.string()),
  updatedAt: z.string(),
});

export const modelVersionListSchema = z.object({ versions: z.array(modelVersionSchema) });

export const putModelAliasSchema = z.strictObject({
  version: versionNameSchema,
  /** Share of traffic the deployment behind this alias takes. */
  trafficShare: z.number().min(0).max(1).optional(),
  environment: textSchema().min(1).max(128).optional(),
});

export const modelAliasSchema = z.object({
  alias: z.string(),
  version: z.string(),
  trafficShare: z.number().nullable(),
  environment: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const aliasChangeSchema = z.object({
  alias: z.string(),
  /** Null when the alias was removed. */
  version: z.string().nullable(),
  previousVersion: z.string().nullable(),
  trafficShare: z.number().nullable(),
  environment: z.string().nullable(),
  at: z.string(),
  by: z.string(),
});

export const modelAliasListSchema = z.object({ aliases: z.array(modelAliasSchema), history: z.array(aliasChangeSchema) });

export const lineageSchema = z.object({
  model: z.string(),
  /** Datasets by digest, with the versions trained or referenced on them. */
  datasets: z.array(z.object({ digest: z.string(), role: z.enum(['training', 'reference']), versions: z.array(z.string()) })),
  versions: z.array(
    z.object({
      version: z.string(),
      registered: z.boolean(),
      trainingDatasetDigest: z.string().nullable(),
      referenceDatasetDigest: z.string().nullable(),
      artifactDigest: z.string().nullable(),
      codeCommit: z.string().nullable(),
      aliases: z.array(z.string()),
    }),
  ),
  /** Alias changes, oldest first: which version served under which alias, with what share of traffic, from when. */
  deployments: z.array(aliasChangeSchema),
});

export type CreateModelVersion = z.infer<typeof createModelVersionSchema>;
export type ReplaceModelVersion = z.infer<typeof replaceModelVersionSchema>;
export type ModelVersionInfo = z.infer<typeof modelVersionSchema>;
export type PutModelAlias = z.infer<typeof putModelAliasSchema>;
export type ModelAliasInfo = z.infer<typeof modelAliasSchema>;
export type AliasChange = z.infer<typeof aliasChangeSchema>;
export type Lineage = z.infer<typeof lineageSchema>;
