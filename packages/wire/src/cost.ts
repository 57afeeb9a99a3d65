// The price book, token usage, cost allocation and budgets: what the cost API takes and answers.
// Money crosses the wire as USD numbers; inside Vigil it is summed in integer nano-dollars, and
// the exact sums are also answered as decimal strings of nano-dollars (`…Nanos`).

import { z } from 'zod';
import { resourceNameSchema } from './models.js';
import { queryTimeSchema } from './queries.js';
import { textSchema } from './text.js';

const labelNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, 'a Prometheus label name');
/** An RE2 pattern, matched against the whole name (as Prometheus and Alertmanager anchor theirs). */
const patternSchema = textSchema().min(1).max(1024);
const usdPerHourSchema = z.number().min(0).max(1_000_000);
const usdPerMillionSchema = z.number().min(0).max(1_000_000);

/** `PUT /v1/pricing`: the whole price book, in effect from the time it is stored on (earlier events keep the prices of their time). */
export const pricingSchema = z.strictObject({
  /** A host's price per hour while it reports; the first entry that matches a host applies. */
  hosts: z
    .array(
      z.strictObject({
        match: z.strictObject({
          /** RE2 pattern on the host name (whole name). */
          host: patternSchema.optional(),
          /** Host labels that must all be equal (the agent's `--label`). */
          labels: z.record(labelNameSchema, textSchema().max(256)).optional(),
        }),
        usdPerHour: usdPerHourSchema,
      }),
    )
    .max(1000)
    .default([]),
  /** Each GPU's price per hour while its host reports, by the GPU's name (nvidia-smi's `name`); the first match applies. */
  gpus: z
    .array(z.strictObject({ match: z.strictObject({ name: patternSchema }), usdPerHour: usdPerHourSchema }))
    .max(1000)
    .default([]),
  /** A price per 1 000 predictions of a model, for events with neither a cost nor token usage. */
  predictions: z
    .array(z.strictObject({ model: resourceNameSchema, usdPer1k: z.number().min(0).max(1_000_000_000) }))
    .max(10_000)
    .default([]),
  /** Token prices by LLM model name (RE2 pattern on `usage.model`, whole name); the first match applies. */
  tokens: z
    .array(
      z.strictObject({
        match: patternSchema,
        inputUsdPerMillion: usdPerMillionSchema,
        outputUsdPerMillion: usdPerMillionSchema,
        /** Cached input tokens' price; without it they cost the input price. */
        cachedInputUsdPerMillion: usdPerMillionSchema.optional(),
      }),
    )
    .max(1000)
    .default([]),
});

export const pricingResponseSchema = z.object({
  /** 1 for the first price book, one more per change; 0 when none was ever stored. */
  version: z.number().int(),
  /** When this version took effect (null: never set). */
  effectiveFrom: z.string().nullable(),
  pricing: pricingSchema,
  /** Every version, oldest first. */
  history: z.array(z.object({ version: z.number().int(), effectiveFrom: z.string() })),
});

export const pricingQuerySchema = z.strictObject({
  at: queryTimeSchema.optional().meta({ description: 'The price book in effect at this time (default: now)' }),
});

export const costQuerySchema = z.strictObject({
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  model: resourceNameSchema.optional().meta({ description: 'Only this model' }),
});

const nanosSchema = z.string().regex(/^-?\d+$/);

/** `GET /v1/cost`: a window's bill and where it went. `…Nanos` are exact integer nano-dollars. */
export const costResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  totalUsd: z.number(),
  totalNanos: nanosSchema,
  /** What the priced hosts and GPUs cost over the window (the price book's bill). */
  infrastructureUsd: z.number(),
  infrastructureNanos: nanosSchema,
  /** The part of the infrastructure bill no model used. */
  idleUsd: z.number(),
  idleNanos: nanosSchema,
  models: z.array(
    z.object({
      model: z.string(),
      predictions: z.number().int(),
      /** Costs of the events themselves (explicit, token or per-prediction). */
      eventsUsd: z.number(),
      eventsNanos: nanosSchema,
      /** Its share of the hosts it runs on. */
      infrastructureUsd: z.number(),
      infrastructureNanos: nanosSchema,
      totalUsd: z.number(),
      totalNanos: nanosSchema,
      costPer1kPredictions: z.number().nullable(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      versions: z.array(z.object({ version: z.string(), predictions: z.number().int(), eventsUsd: z.number(), totalUsd: z.number() })),
    }),
  ),
  hosts: z.array(
    z.object({
      host: z.string(),
      billUsd: z.number(),
      billNanos: nanosSchema,
      allocatedNanos: nanosSchema,
      idleUsd: z.number(),
      idleNanos: nanosSchema,
    }),
  ),
});

export const BUDGET_PERIODS = ['day', 'week', 'month'] as const;
export const BUDGET_STATUSES = ['ok', 'warning', 'forecast_exceeded', 'exceeded'] as const;

/** `POST /v1/budgets`. Thresholds are fractions of `amountUsd` (1 = the whole budget). */
export const createBudgetSchema = z.strictObject({
  name: resourceNameSchema,
  /** Only this model's cost (default: every model of the project). */
  model: resourceNameSchema.optional(),
  /** The project the budget covers: the caller's own (the default). */
  project: resourceNameSchema.optional(),
  period: z.enum(BUDGET_PERIODS),
  amountUsd: z.number().positive().max(1e12),
  thresholds: z
    .array(z.number().positive().max(100))
    .min(1)
    .max(10)
    .default([0.5, 0.8, 1])
    .refine((t) => new Set(t).size === t.length, 'each threshold once'),
  /** Also alert when the forecast for the period crosses a threshold (AWS Budgets' FORECASTED notifications). */
  forecast: z.boolean().default(true),
  /** Channels notified when a threshold is crossed. */
  channels: z.array(resourceNameSchema).max(20).default([]),
});

export const budgetNotificationSchema = z.object({
  type: z.enum(['actual', 'forecast']),
  threshold: z.number(),
  /** AWS' notification state: `alarm` once crossed in this period. */
  state: z.enum(['ok', 'alarm']),
  lastFiredAt: z.string().nullable(),
});

export const budgetSchema = z.object({
  name: z.string(),
  project: z.string(),
  model: z.string().nullable(),
  period: z.enum(BUDGET_PERIODS),
  amountUsd: z.number(),
  thresholds: z.array(z.number()),
  forecast: z.boolean(),
  channels: z.array(z.string()),
  periodStart: z.string(),
  periodEnd: z.string(),
  spentUsd: z.number(),
  forecastUsd: z.number(),
  /** When the forecast spend reaches the amount, if within the period and not yet reached. */
  forecastExhaustedAt: z.string().optional(),
  status: z.enum(BUDGET_STATUSES),
  /** How the forecast was made: `trend+weekly` (≥ 14 days of history), `trend` (≥ 3 days) or `run-rate`. */
  forecastMethod: z.string(),
  notifications: z.array(budgetNotificationSchema),
  createdAt: z.string(),
});

export const budgetListSchema = z.object({ budgets: z.array(budgetSchema) });

export const budgetQuerySchema = z.strictObject({
  at: queryTimeSchema.optional().meta({ description: 'Judge the budget as of this time (default: now)' }),
});

export type Pricing = z.output<typeof pricingSchema>;
export type PricingInput = z.input<typeof pricingSchema>;
export type PricingResponse = z.infer<typeof pricingResponseSchema>;
export type CostQuery = z.output<typeof costQuerySchema>;
export type CostResponse = z.infer<typeof costResponseSchema>;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export type CreateBudget = z.output<typeof createBudgetSchema>;
export type BudgetInfo = z.infer<typeof budgetSchema>;
export type BudgetNotificationInfo = z.infer<typeof budgetNotificationSchema>;
