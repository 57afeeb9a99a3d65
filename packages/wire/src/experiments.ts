// Experiments (A/B tests, champion/challenger): what the experiments API takes and answers. Assignment
// follows GrowthBook's hashing (`gbHash`, `bucketRanges`), so a unit lands in the same variant whether
// the server, Vigil's SDK or a GrowthBook SDK assigns it.

import { z } from 'zod';
import { MAX_BATCH_EVENTS, MAX_ID_LENGTH, timestampSchema } from './ingest.js';
import { resourceNameSchema } from './models.js';
import { hasNoNul, textSchema } from './text.js';

/** How far the variant weights may sum from 1. GrowthBook's SDK silently falls back to equal weights outside [0.99, 1.01]; the API refuses instead. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;
/** Most variants an experiment may have. */
export const MAX_VARIANTS = 20;
/** Most metrics an experiment may have. */
export const MAX_EXPERIMENT_METRICS = 50;

export const EXPERIMENT_STATUSES = ['running', 'stopped', 'archived'] as const;
export const EXPERIMENT_ENGINES = ['frequentist', 'bayesian'] as const;
export const METRIC_KINDS = ['proportion', 'mean'] as const;
/** GrowthBook's metric roles: goal metrics decide (Holm-adjusted), guardrails stop, secondary metrics are only reported. */
export const METRIC_ROLES = ['goal', 'secondary', 'guardrail'] as const;
/** `outcomes`: values sent to `POST …/outcomes`; `model`: read off the traffic of the model version each variant is bound to. */
export const METRIC_SOURCES = ['outcomes', 'model'] as const;
/**
 * What a `source: 'model'` metric may be, per variant from the predictions of its model version:
 * `accuracy` (labelled predictions whose label is right, a proportion), `error_rate` (1 − accuracy),
 * `latency_ms` and `cost_usd` (means over predictions that carry them).
 */
export const MODEL_EXPERIMENT_METRICS = ['accuracy', 'error_rate', 'latency_ms', 'cost_usd'] as const;
export const DECISIONS = ['ship', 'rollback', 'keep_running', 'inconclusive'] as const;

/** A unit id (the hashed attribute's value): a user id, a session id, a request id. */
export const unitIdSchema = textSchema().min(1, 'a non-empty unit id').max(MAX_ID_LENGTH);

export const experimentVariantSchema = z.strictObject({
  name: resourceNameSchema,
  /** Share of the covered traffic; the weights of an experiment sum to 1. */
  weight: z.number().min(0).max(1),
  /** The model this variant serves (champion/challenger): its predictions' accuracy, latency and cost become read-only metrics of the variant. */
  model: resourceNameSchema.optional(),
  /** The model version this variant serves (with `model`). */
  version: textSchema().min(1).max(128).optional(),
  /** A shadow variant is scored on the same requests as the control without serving them (with `model`/`version`). */
  shadow: z.boolean().optional(),
});

export const experimentMetricSchema = z.strictObject({
  name: resourceNameSchema,
  kind: z.enum(METRIC_KINDS),
  role: z.enum(METRIC_ROLES).default('goal'),
  /** Lower is better (a latency, an error rate, a cost). */
  inverse: z.boolean().default(false),
  source: z.enum(METRIC_SOURCES).default('outcomes'),
});

const experimentFields = {
  name: resourceNameSchema,
  /** The hashing seed (GrowthBook's `experiment.key`); default: the name. Changing it reassigns every unit. */
  key: textSchema().min(1).max(256).optional(),
  /** GrowthBook's hash: 2 (current, unbiased) or 1 (legacy). */
  hashVersion: z.union([z.literal(1), z.literal(2)]).default(2),
  /** Which attribute of a user the SDK hashes (GrowthBook's `hashAttribute`, default `id`); the API's `unit` is its value. */
  hashAttribute: textSchema().min(1).max(128).default('id'),
  /** Share of units in the experiment; the rest get no variant. */
  coverage: z.number().min(0).max(1).default(1),
  variants: z.array(experimentVariantSchema).min(2, 'at least two variants (the first is the control)').max(MAX_VARIANTS),
  metrics: z.array(experimentMetricSchema).min(1, 'at least one metric').max(MAX_EXPERIMENT_METRICS),
  /** GrowthBook's default is Bayesian; Vigil's is frequentist, for error-rate control of guardrails and Holm over goal metrics. */
  engine: z.enum(EXPERIMENT_ENGINES).default('frequentist'),
  alpha: z.number().gt(0).max(0.5).default(0.05),
  /** Relative lift (GrowthBook's default) or absolute difference. */
  difference: z.enum(['relative', 'absolute']).default('relative'),
  /** Always-valid inference (frequentist only): `tuning` is the total sample size at which the interval is tightest (GrowthBook's default 5000). */
  sequential: z.strictObject({ tuning: z.number().int().min(1).max(1e12).default(5000) }).optional(),
  /** CUPED: each unit's outcomes in the `lookbackDays` before its first exposure are its covariate (GrowthBook's default 14). */
  cuped: z.strictObject({ lookbackDays: z.number().int().min(1).max(365).default(14) }).optional(),
  /** Units every variant needs before the experiment is judged (default 0: judged at once). */
  minSampleSize: z.number().int().min(0).max(1e12).default(0),
  /** The relative effect the design should detect, for the power figures (GrowthBook's default 0.1). */
  targetMde: z.number().gt(0).max(100).default(0.1),
  description: textSchema().max(4096).optional(),
};

function checkExperiment(
  e: { variants: { name: string; weight: number; model?: string | undefined; shadow?: boolean | undefined }[]; metrics: { name: string; source: string }[] },
  ctx: z.RefinementCtx,
): void {
  let sum = 0;
  for (const v of e.variants) sum += v.weight;
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
    ctx.addIssue({ code: 'custom', path: ['variants'], message: `weights that sum to 1 (they sum to ${sum})` });
  }
  const names = new Set<string>();
  e.variants.forEach((v, i) => {
    if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `a name no other variant has ("${v.name}" is repeated)` });
    names.add(v.name);
    if (v.shadow === true && i === 0)
      ctx.addIssue({ code: 'custom', path: ['variants', 0, 'shadow'], message: 'the control (first variant) cannot be a shadow' });
    if (v.shadow === true && v.model === undefined) ctx.addIssue({ code: 'custom', path: ['variants', i, 'model'], message: 'a model for a shadow variant' });
    if (v.shadow === true && v.weight !== 0)
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'weight'], message: '0 for a shadow variant (it serves no units)' });
  });
  const metricNames = new Set<string>();
  e.metrics.forEach((m, i) => {
    if (metricNames.has(m.name))
      ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `a name no other metric has ("${m.name}" is repeated)` });
    metricNames.add(m.name);
    if (m.source === 'model' && !(MODEL_EXPERIMENT_METRICS as readonly string[]).includes(m.name)) {
      ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `one of ${MODEL_EXPERIMENT_METRICS.join(', ')} for a model metric` });
    }
  });
  if (e.metrics.some((m) => m.source === 'model') && !e.variants.some((v) => v.model !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'model metrics need variants bound to a model (variants[i].model)' });
  }
}

/** `POST /v1/experiments` and `PUT /v1/experiments/{experiment}` (a PUT keeps the name). */
export const createExperimentSchema = z.strictObject(experimentFields).superRefine(checkExperiment);

export const experimentSchema = z.object({
  name: z.string(),
  key: z.string().nullable(),
  hashVersion: z.union([z.literal(1), z.literal(2)]),
  hashAttribute: z.string(),
  coverage: z.number(),
  variants: z.array(
    z.object({ name: z.string(), weight: z.number(), model: z.string().optional(), version: z.string().optional(), shadow: z.boolean().optional() }),
  ),
  metrics: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(METRIC_KINDS),
      role: z.enum(METRIC_ROLES),
      inverse: z.boolean(),
      source: z.enum(METRIC_SOURCES),
    }),
  ),
  engine: z.enum(EXPERIMENT_ENGINES),
  alpha: z.number(),
  difference: z.enum(['relative', 'absolute']),
  sequential: z.object({ tuning: z.number() }).nullable(),
  cuped: z.object({ lookbackDays: z.number() }).nullable(),
  minSampleSize: z.number(),
  targetMde: z.number(),
  description: z.string().nullable(),
  status: z.enum(EXPERIMENT_STATUSES),
  /** Units exposed so far (first exposures), and exposures that named another variant than the unit's first. */
  units: z.number().int(),
  conflicts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stoppedAt: z.string().nullable(),
});

export const experimentListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().optional().meta({ description: 'Continue after this name (the `next` of the previous page)' }),
  status: z.enum(EXPERIMENT_STATUSES).optional(),
});

export const experimentListSchema = z.object({ experiments: z.array(experimentSchema), next: z.string().nullable() });

export const assignQuerySchema = z.strictObject({ unit: unitIdSchema.meta({ description: "The unit's id (the value of the hash attribute)" }) });

export const assignmentSchema = z.object({
  /** The variant's name, or null when the unit falls outside the coverage. */
  variant: z.string().nullable(),
  /** The variant's index (0 = control), or −1 outside the coverage. */
  index: z.number().int(),
  /** GrowthBook's hash of (seed, unit) in [0, 1). */
  hash: z.number(),
});

export const exposureEventSchema = z.strictObject({
  unit: unitIdSchema,
  /** The variant's name. */
  variant: resourceNameSchema,
  /** Default: when the server receives it. */
  timestamp: timestampSchema.optional(),
});

export const exposureBatchSchema = z.strictObject({
  events: z.array(exposureEventSchema).min(1, 'at least one event').max(MAX_BATCH_EVENTS),
});

export const outcomeEventSchema = z.strictObject({
  unit: unitIdSchema,
  /** An outcome metric of the experiment (`source: 'outcomes'`). */
  metric: resourceNameSchema,
  value: z.number().min(-1e15).max(1e15),
  timestamp: timestampSchema.optional(),
});

export const outcomeBatchSchema = z.strictObject({
  events: z.array(outcomeEventSchema).min(1, 'at least one event').max(MAX_BATCH_EVENTS),
});

export const exposureResponseSchema = z.object({
  /** Units exposed for the first time. */
  accepted: z.number().int(),
  /** Exposures of units already exposed to the same variant (they change nothing). */
  repeated: z.number().int(),
  /** Exposures of units already exposed to another variant: the unit stays in its first variant. */
  conflicts: z.number().int(),
  /** Outcomes that had been waiting for these units' exposure and now count. */
  applied: z.number().int(),
});

export const outcomeResponseSchema = z.object({
  /** Outcomes added to an exposed unit's value. */
  accepted: z.number().int(),
  /** Outcomes of units not (yet) exposed: kept, and counted once the unit's exposure arrives (if at or after it). */
  pending: z.number().int(),
  /** Outcomes before their unit's first exposure: they do not count (kept only as CUPED covariates). */
  ignored: z.number().int(),
});

const interval = z.tuple([z.number(), z.number()]);

export const experimentComparisonSchema = z.object({
  variant: z.string(),
  /** The effect: relative lift (μ_T − μ_C)/|μ_C| or absolute difference, per `difference`. */
  expected: z.number(),
  se: z.number(),
  ci: interval,
  /** Frequentist engine. */
  pValue: z.number().optional(),
  /** Holm-adjusted over every goal metric × variant (frequentist goal metrics). */
  adjustedPValue: z.number().optional(),
  /** Bayesian engine: P(treatment better), with `inverse` respected. */
  chanceToWin: z.number().optional(),
  /** Bayesian engine: expected loss of choosing [control, treatment]. */
  risk: interval.optional(),
  /** Whether the effect is significant at alpha (adjusted p for goal metrics; chance to win beyond 1 − alpha or below alpha). */
  significant: z.boolean(),
  /** 'better' / 'worse' for the treatment (with `inverse` respected), 'none' when not significant. */
  direction: z.enum(['better', 'worse', 'none']),
  /** Why no test was run (too few units, no variance), when so. */
  note: z.string().optional(),
});

export const experimentMetricResultSchema = z.object({
  name: z.string(),
  kind: z.enum(METRIC_KINDS),
  role: z.enum(METRIC_ROLES),
  inverse: z.boolean(),
  source: z.enum(METRIC_SOURCES),
  variants: z.array(z.object({ name: z.string(), n: z.number().int(), mean: z.number().nullable(), stddev: z.number().nullable() })),
  comparisons: z.array(experimentComparisonSchema),
});

export const guardrailResultSchema = z.object({
  metric: z.string(),
  variant: z.string(),
  /** `failing`: significantly worse than the control; `no_data`: too few units to judge. */
  status: z.enum(['ok', 'failing', 'no_data']),
  expected: z.number().nullable(),
  pValue: z.number().nullable(),
  chanceToWin: z.number().nullable(),
});

export const experimentResultsSchema = z.object({
  experiment: z.string(),
  status: z.enum(EXPERIMENT_STATUSES),
  engine: z.enum(EXPERIMENT_ENGINES),
  alpha: z.number(),
  difference: z.enum(['relative', 'absolute']),
  sequential: z.boolean(),
  computedAt: z.string(),
  /** Exposed units per variant, and exposures that named another variant than the unit's first. */
  units: z.object({ total: z.number().int(), conflicts: z.number().int(), variants: z.array(z.object({ name: z.string(), n: z.number().int() })) }),
  /** Sample ratio mismatch: Pearson χ² of units per variant against the weights; a mismatch at p < 0.001 (GrowthBook's threshold), checked once every variant has 8 units. */
  srm: z.object({ statistic: z.number(), pValue: z.number(), mismatch: z.boolean(), checked: z.boolean() }),
  metrics: z.array(experimentMetricResultSchema),
  guardrails: z.array(guardrailResultSchema),
  decision: z.object({ action: z.enum(DECISIONS), variant: z.string().nullable(), reason: z.string() }),
  /** The design's power to detect `targetMde` (relative) on the first goal metric with the units so far, and the MDE at 80 % power. */
  power: z.object({
    metric: z.string().nullable(),
    targetMde: z.number(),
    variants: z.array(z.object({ variant: z.string(), n: z.number().int(), power: z.number().nullable(), mde: z.number().nullable() })),
  }),
  /** Per goal metric and treatment, the effect on the units exposed up to each bucket's end with the outcomes up to then. */
  cumulative: z.object({
    bucketMs: z.number().int(),
    series: z.array(
      z.object({
        metric: z.string(),
        variant: z.string(),
        points: z.array(z.object({ at: z.string(), n: z.number().int(), expected: z.number().nullable(), ci: interval.nullable() })),
      }),
    ),
  }),
});

const MAX_EPOCH_MS = 8.64e15;

function isUnit(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID_LENGTH && hasNoNul(v);
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;

function isQuickTimestamp(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_EPOCH_MS);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** True only for exposure events zod certainly accepts (anything unusual goes to zod, which names the fault). */
export function quickExposureCheck(e: unknown): boolean {
  if (!isPlainObject(e)) return false;
  for (const k in e) if (k !== 'unit' && k !== 'variant' && k !== 'timestamp') return false;
  return isUnit(e['unit']) && typeof e['variant'] === 'string' && NAME.test(e['variant']) && isQuickTimestamp(e['timestamp']);
}

/** True only for outcome events zod certainly accepts. */
export function quickOutcomeCheck(e: unknown): boolean {
  if (!isPlainObject(e)) return false;
  for (const k in e) if (k !== 'unit' && k !== 'metric' && k !== 'value' && k !== 'timestamp') return false;
  const v = e['value'];
  return (
    isUnit(e['unit']) &&
    typeof e['metric'] === 'string' &&
    NAME.test(e['metric']) &&
    typeof v === 'number' &&
    v >= -1e15 &&
    v <= 1e15 &&
    isQuickTimestamp(e['timestamp'])
  );
}

export type CreateExperiment = z.input<typeof createExperimentSchema>;
export type ExperimentConfig = z.output<typeof createExperimentSchema>;
export type ExperimentInfo = z.infer<typeof experimentSchema>;
export type ExperimentList = z.infer<typeof experimentListSchema>;
export type ExperimentListQuery = z.output<typeof experimentListQuerySchema>;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];
export type ExperimentMetricKind = (typeof METRIC_KINDS)[number];
export type Assignment = z.infer<typeof assignmentSchema>;
export type ExposureEvent = z.infer<typeof exposureEventSchema>;
export type OutcomeEvent = z.infer<typeof outcomeEventSchema>;
export type ExposureResponse = z.infer<typeof exposureResponseSchema>;
export type OutcomeResponse = z.infer<typeof outcomeResponseSchema>;
export type ExperimentComparison = z.infer<typeof experimentComparisonSchema>;
export type ExperimentMetricResult = z.infer<typeof experimentMetricResultSchema>;
export type GuardrailResult = z.infer<typeof guardrailResultSchema>;
export type ExperimentResults = z.infer<typeof experimentResultsSchema>;
export type Decision = (typeof DECISIONS)[number];
