// Governance wire contracts besides the audit log and the registry: model cards and post-market
// reports, data policies (PII handling at ingest, retention), erasure requests, and fairness.

import { z } from 'zod';
import { parseDuration } from './durations.js';
import { queryTimeSchema } from './queries.js';
import { textSchema } from './text.js';

export const CARD_FORMATS = ['json', 'md', 'html'] as const;

export const cardQuerySchema = z.strictObject({
  format: z
    .enum(CARD_FORMATS)
    .default('json')
    .meta({ description: 'json (Model Card Toolkit fields), md (Markdown with Hugging Face YAML front matter) or html' }),
  report: z
    .enum(['card', 'post-market'])
    .default('card')
    .meta({ description: '`card`, or `post-market`: the post-market monitoring report of the window (metrics against declared values, incidents, changes)' }),
  from: queryTimeSchema.optional().meta({ description: 'Start of the window (default: 30 days before `to`), rounded down to a bucket' }),
  to: queryTimeSchema.optional().meta({ description: 'End of the window (default: now)' }),
});

export type CardQueryWire = z.output<typeof cardQuerySchema>;

export const PII_ACTIONS = ['drop', 'mask', 'hash'] as const;
const piiAction = z.enum(PII_ACTIONS);

/** A retention period: `30d`, `12h`, … up to 100 years. */
export const retentionSchema = z
  .string()
  .max(32)
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration such as 12h, 30d or 400d')
  .refine((d) => parseDuration(d) >= 3_600_000 && parseDuration(d) <= 36_500 * 86_400_000, 'between 1h and 36500d');

/**
 * A data policy, for a whole project or one model (the model's settings win): personal data in
 * features and segments handled at ingest before anything is stored, and how long each kind of
 * data is kept.
 */
export const dataPolicySchema = z.strictObject({
  /** Feature (or segment key) name → drop, mask (last four characters, or an e-mail's domain, kept) or hash (HMAC-SHA-256 with the server's key: joins still work). */
  fields: z.record(textSchema().min(1).max(256), piiAction).optional(),
  /** Scan string values for personal data, with an action per kind. */
  detect: z.strictObject({ email: piiAction.optional(), phone: piiAction.optional(), card: piiAction.optional() }).optional(),
  retention: z
    .strictObject({
      /** Predictions, labels and custom metric points. */
      rawEvents: retentionSchema.optional(),
      /** Bucket profiles (the series). */
      profiles: retentionSchema.optional(),
      /** Resolved alerts and their events. */
      alerts: retentionSchema.optional(),
      /** Sent or failed notifications. */
      notifications: retentionSchema.optional(),
      /** Audit entries older than this have their payload erased (leaf hashes stay); at least the server's auditRetention (183d by default). */
      audit: retentionSchema.optional(),
    })
    .optional(),
});

export const dataPolicyInfoSchema = z.object({
  scope: z.enum(['project', 'model']),
  model: z.string().nullable(),
  policy: dataPolicySchema,
  /** For a model: the project's policy merged under the model's, as ingest applies it. */
  effective: dataPolicySchema,
  updatedAt: z.string().nullable(),
});

/** Erasure of a data subject's events (GDPR Art. 17): by event ids, or by the value of a feature or segment key that identifies the subject. */
export const erasureSchema = z
  .strictObject({
    ids: z.array(textSchema().min(1).max(256)).min(1).max(10_000).optional(),
    subject: z.strictObject({ field: textSchema().min(1).max(256), value: textSchema().min(1).max(1024) }).optional(),
  })
  .check((ctx) => {
    if ((ctx.value.ids === undefined) === (ctx.value.subject === undefined))
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['ids'], message: 'give ids or subject (one of them)' });
  });

export const erasureResultSchema = z.object({
  predictions: z.number().int(),
  labels: z.number().int(),
  /** Audit entries whose payload mentioned the subject and was erased (their leaf hashes stay). */
  auditEntries: z.array(z.number().int()),
  /** The audit entry recording the erasure. */
  auditSeq: z.number().int(),
});

export type DataPolicy = z.output<typeof dataPolicySchema>;
export type DataPolicyInfo = z.infer<typeof dataPolicyInfoSchema>;
export type Erasure = z.output<typeof erasureSchema>;
export type ErasureResult = z.infer<typeof erasureResultSchema>;
