// Governance wire contracts besides the audit log and the registry: model cards and post-market
// reports, data policies (PII handling at ingest, retention), erasure requests, and fairness.

import { z } from 'zod';
import { queryTimeSchema } from './queries.js';

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
