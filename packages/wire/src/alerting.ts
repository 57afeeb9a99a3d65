// Monitors, channels, silences, the notification policy and alerts: what the alerting API takes
// and answers.

import { z } from 'zod';
import { ESTIMATED_MONITOR_METRICS, PERFORMANCE_MONITOR_METRICS } from './metrics.js';
import { parseDuration } from './durations.js';
import { resourceNameSchema } from './models.js';
import { segmentFilterSchema } from './queries.js';
import { metricNameSchema } from './ingest.js';

/** Longest duration the alerting API takes (366 days): longer ones overflow time arithmetic and the stores' integers. */
export const MAX_DURATION_MS = 366 * 86_400_000;
/** Largest count (samples, labels, events, categories) a monitor may ask for. */
export const MAX_MONITOR_COUNT = 1_000_000_000;

/** `30s`, `5m`, `1h`, `7d`, `250ms`, `0s`; at most 366 days. */
export const durationSchema = z
  .string()
  .max(32)
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration such as 30s, 5m, 1h or 7d')
  .refine((d) => parseDuration(d) <= MAX_DURATION_MS, 'a duration of at most 366d');

const countSchema = z.number().int().max(MAX_MONITOR_COUNT);

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name ([a-zA-Z_][a-zA-Z0-9_]*)');
const labelsSchema = z.record(labelName, z.string().max(1024));
const annotationsSchema = z.record(z.string().min(1).max(128), z.string().max(8192));

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const NO_DATA_STATES = ['no_data', 'alerting', 'normal', 'keep_last'] as const;
export const ERROR_STATES = ['error', 'alerting', 'normal', 'keep_last'] as const;
export const COMPARISONS = ['lt', 'lte', 'gt', 'gte', 'eq', 'ne'] as const;

const comparisonSchema = z.enum(COMPARISONS);

const monitorBase = {
  name: resourceNameSchema,
  model: resourceNameSchema,
  /** The data each evaluation judges: the last `window` of event time. */
  window: durationSchema.default('1h'),
  /** How often the monitor is evaluated. */
  interval: durationSchema.default('1m'),
  /** How long a condition must hold before the alert fires (Prometheus `for`). */
  for: durationSchema.default('0s'),
  /** How long an alert keeps firing after its condition clears (Prometheus `keep_firing_for`). */
  keepFiringFor: durationSchema.default('0s'),
  severity: z.enum(SEVERITIES).default('warning'),
  /** Channels to notify directly (by name), besides the notification policy's routing tree. */
  channels: z.array(resourceNameSchema).default([]),
  labels: labelsSchema.default({}),
  /** Annotation templates: `{{ $value }}`, `{{ $labels.feature }}`, `{{ printf "%.2f" $value }}`; `runbook_url` is shown with the alert. */
  annotations: annotationsSchema.default({}),
  noDataState: z.enum(NO_DATA_STATES).default('no_data'),
  errorState: z.enum(ERROR_STATES).default('error'),
  enabled: z.boolean().default(true),
};

/** A drift monitor: per feature (and the prediction), against the model's reference. */
export const driftMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('drift'),
  features: z.array(z.string().min(1)).optional(),
  /** Evidently registry name, run on the features whose type it fits; the others keep Evidently's choice. */
  method: z.string().optional(),
  threshold: z.number().positive().max(1e12).optional(),
  /** Fewer events in the window: no judgement (no data). */
  minSamples: countSchema.min(1).default(100),
});

export const qualityMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('quality'),
  features: z.array(z.string().min(1)).optional(),
  /** The guide's thresholds: missing share above 5 %, out-of-range above 1 %, any new category. */
  maxMissingShare: z.number().min(0).max(1).default(0.05),
  maxOutOfRangeShare: z.number().min(0).max(1).default(0.01),
  maxNewCategories: countSchema.min(0).default(0),
  minSamples: countSchema.min(1).default(100),
});

export const performanceMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('performance'),
  metric: z.enum(PERFORMANCE_MONITOR_METRICS),
  /** Fires when `metric op value` holds (`{ op: 'lt', value: 0.7 }`: ROC AUC below 0.7). */
  condition: z.strictObject({ op: comparisonSchema, value: z.number() }).optional(),
  /** Fires when the metric falls more than `drop` below the reference's (the guide's "accuracy < baseline − 5 %": `{ drop: 0.05 }`). */
  relative: z.strictObject({ drop: z.number().positive().max(1e12) }).optional(),
  /** Fewer labelled predictions in the window: no judgement. */
  minLabels: countSchema.min(1).default(100),
});

export const estimatedPerformanceMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('estimated_performance'),
  metric: z.enum(ESTIMATED_MONITOR_METRICS),
  /** Default: NannyML's thresholds from the reference (mean ± 3 σ of reference chunks). */
  condition: z.strictObject({ op: comparisonSchema, value: z.number() }).optional(),
  minSamples: countSchema.min(1).default(100),
});

export const latencyMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('latency'),
  percentile: z.union([z.literal(50), z.literal(95), z.literal(99)]).default(95),
  /** Fires when the percentile is above this many milliseconds. */
  maxMs: z.number().positive().max(MAX_DURATION_MS),
});

export const volumeMonitorSchema = z
  .strictObject({
    ...monitorBase,
    /** The model whose events are counted; or give `dataset` instead. */
    model: resourceNameSchema.optional(),
    /** A dataset whose rows arrived in the window are counted (default bounds: its `expectedRows`). */
    dataset: resourceNameSchema.optional(),
    type: z.literal('volume'),
    /** Fires below this many events in the window (0 events: "no data" is a firing condition here). */
    min: countSchema.min(0).optional(),
    max: countSchema.min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.model === undefined) === (v.dataset === undefined))
      ctx.addIssue({ code: 'custom', path: ['model'], message: 'a model, or a dataset instead (one of the two)' });
  });

export const DETECTORS = ['adwin', 'ddm', 'eddm', 'hddm_a', 'hddm_w', 'page_hinkley'] as const;

export const conceptDriftMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('concept_drift'),
  /** river's online detector over the stream of prediction errors (0/1, or |error| for regression) as labels arrive. */
  detector: z.enum(DETECTORS).default('adwin'),
  /** The detector's parameters, by river's names or camelCase (`{ "delta": 0.002, "grace_period": 10 }` for ADWIN); checked when the monitor is created. */
  params: z.record(z.string(), z.number()).default({}),
});

export const customMetricMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('custom_metric'),
  metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a custom metric name'),
  aggregation: z.enum(['last', 'mean', 'max', 'min', 'sum']).default('mean'),
  condition: z.strictObject({ op: comparisonSchema, value: z.number() }),
});

/**
 * An infrastructure monitor: a host metric (`gpu_utilization`, `memory_utilization`, …) aggregated
 * over `window` per host and label set, against `condition`, for `for`. It watches the hosts whose
 * name matches `host` (an RE2 pattern, whole name), else those serving `model`, else every host of
 * the project. A watched host that sent nothing in the window is no data.
 */
export const infrastructureMonitorSchema = z.strictObject({
  ...monitorBase,
  /** Watch the hosts that serve this model (optional for this type). */
  model: resourceNameSchema.optional(),
  type: z.literal('infrastructure'),
  host: z.string().min(1).max(1024).optional(),
  metric: metricNameSchema,
  /** Only this GPU (its index), for GPU metrics. */
  gpu: z.number().int().min(0).max(1023).optional(),
  window: durationSchema.default('5m'),
  aggregation: z.enum(['mean', 'max', 'min', 'last']).default('mean'),
  /** Fires when the aggregate `op value` holds; without it the monitor only reports silent hosts. */
  condition: z.strictObject({ op: comparisonSchema, value: z.number() }).optional(),
});

/** The fields of every monitor but `model`: dataset and pipeline monitors name what they watch instead. */
const modelFreeBase = z.strictObject(monitorBase).omit({ model: true }).shape;

/** A dataset's newest batch is older than `maxAge` (default: the dataset's `freshness`, or its schedule's period). */
export const freshnessMonitorSchema = z.strictObject({
  ...modelFreeBase,
  type: z.literal('freshness'),
  dataset: resourceNameSchema,
  maxAge: durationSchema.optional(),
});

/** A pipeline's runs: the last finished one failed, one runs longer than `maxDuration` (or started later than `maxLateness`), or none started in `expectedEvery`. */
export const pipelineRunMonitorSchema = z.strictObject({
  ...modelFreeBase,
  type: z.literal('pipeline_run'),
  pipeline: resourceNameSchema,
  /** A run still running after this long never finished: it is late. */
  maxDuration: durationSchema.default('1h'),
  /** A run that started more than this after its scheduled time is late. */
  maxLateness: durationSchema.optional(),
  /** No run started for this long: runs are missing. */
  expectedEvery: durationSchema.optional(),
});

/** Training–serving skew: a feature's mismatch share between served events and the dataset (joined as of their time) above `threshold`. */
export const skewMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('skew'),
  dataset: resourceNameSchema,
  features: z.array(z.string().min(1)).optional(),
  threshold: z.number().min(0).max(1).default(0.01),
  /** Fewer joined events in the window: no judgement. */
  minSamples: countSchema.min(1).default(100),
});

/** Any schema violation counted at ingest in the window: a type contradiction, an unknown or a missing feature. */
export const schemaMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('schema'),
  /** Fires above this many violations in the window (the guide: any). */
  maxViolations: countSchema.min(0).default(0),
});

/** A feature's distinct count changed by more than `maxChange` (relative) against the reference (the guide: 10 %). */
export const cardinalityMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('cardinality'),
  features: z.array(z.string().min(1)).optional(),
  maxChange: z.number().positive().max(1e6).default(0.1),
  minSamples: countSchema.min(1).default(100),
});

/** A numeric feature's share of values outside the reference's range above `maxShare` (the guide: 1 %). */
export const outOfRangeMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('out_of_range'),
  features: z.array(z.string().min(1)).optional(),
  maxShare: z.number().min(0).max(1).default(0.01),
  minSamples: countSchema.min(1).default(100),
});

/**
 * An experiment's sample ratio mismatch: fires while the SRM p-value is below `threshold`
 * (GrowthBook's 0.001), judged once every variant has 8 units. It judges the whole experiment, not a
 * window: `window` is not used.
 */
export const experimentSrmMonitorSchema = z.strictObject({
  ...monitorBase,
  /** Optional for experiment monitors: a model whose name labels the alerts. */
  model: resourceNameSchema.optional(),
  type: z.literal('experiment_srm'),
  experiment: resourceNameSchema,
  threshold: z.number().gt(0).lt(1).default(0.001),
});

/** An experiment's guardrails: one series per guardrail metric and treatment, firing while the treatment is significantly worse than the control. */
export const experimentGuardrailMonitorSchema = z.strictObject({
  ...monitorBase,
  model: resourceNameSchema.optional(),
  type: z.literal('experiment_guardrail'),
  experiment: resourceNameSchema,
  /** The guardrail metrics watched (default: every guardrail of the experiment). */
  metrics: z.array(resourceNameSchema).optional(),
});

/**
 * A fairness monitor: Fairlearn's metric between the groups of a sensitive attribute (a feature, or
 * `segment:<key>`) over `window`, firing when it fails `threshold` (default the four-fifths rule: a
 * ratio below 0.8; a difference above 0.1) and a two-proportion z-test on the largest gap is
 * significant at `alpha`; groups smaller than `minGroupSize` are left out.
 */
export const fairnessMonitorSchema = z.strictObject({
  ...monitorBase,
  type: z.literal('fairness'),
  window: durationSchema.default('1d'),
  attribute: z.string().min(1).max(300),
  metric: z
    .enum([
      'demographic_parity_ratio',
      'demographic_parity_difference',
      'equal_opportunity_ratio',
      'equal_opportunity_difference',
      'equalized_odds_ratio',
      'equalized_odds_difference',
    ])
    .default('demographic_parity_ratio'),
  threshold: z.number().min(0).max(1).optional(),
  minGroupSize: z.number().int().min(2).max(1_000_000).default(30),
  alpha: z.number().gt(0).lt(1).default(0.05),
});

export const createMonitorSchema = z.discriminatedUnion('type', [
  driftMonitorSchema,
  qualityMonitorSchema,
  performanceMonitorSchema,
  estimatedPerformanceMonitorSchema,
  latencyMonitorSchema,
  volumeMonitorSchema,
  conceptDriftMonitorSchema,
  customMetricMonitorSchema,
  experimentSrmMonitorSchema,
  experimentGuardrailMonitorSchema,
  freshnessMonitorSchema,
  pipelineRunMonitorSchema,
  skewMonitorSchema,
  schemaMonitorSchema,
  cardinalityMonitorSchema,
  outOfRangeMonitorSchema,
  infrastructureMonitorSchema,
  fairnessMonitorSchema,
]);

export const monitorSchema = z.object({
  name: z.string(),
  model: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastEvaluatedAt: z.string().nullable(),
  health: z.enum(['ok', 'no_data', 'error', 'unknown']),
  lastError: z.string().nullable(),
  /** What the last evaluation judged on: rows, labelled rows and label coverage, … */
  lastDetails: z.record(z.string(), z.unknown()).nullable(),
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });

export const CHANNEL_TYPES = ['webhook', 'slack', 'pagerduty', 'alertmanager', 'email'] as const;

export const createChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({ name: resourceNameSchema, type: z.literal('webhook'), url: httpUrl, secret: z.string().min(1).max(1024).optional() }),
  z.strictObject({ name: resourceNameSchema, type: z.literal('slack'), url: httpUrl }),
  z.strictObject({
    name: resourceNameSchema,
    type: z.literal('pagerduty'),
    routingKey: z.string().min(1).max(256),
    /** Events API v2 endpoint (default https://events.pagerduty.com/v2/enqueue). */
    url: httpUrl.optional(),
  }),
  z.strictObject({ name: resourceNameSchema, type: z.literal('alertmanager'), url: httpUrl }),
  z.strictObject({
    name: resourceNameSchema,
    type: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    secure: z.boolean().default(false),
    user: z.string().optional(),
    password: z.string().optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1, 'at least one recipient'),
  }),
]);

/** A channel as the API shows it: secrets are write-only, shown as `hasSecret`. */
export const channelSchema = z.object({
  name: z.string(),
  type: z.enum(CHANNEL_TYPES),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  createdAt: z.string(),
});

/** Latest epoch milliseconds a silence may name (the end of year 9999, as an ISO date-time can write). */
const MAX_SILENCE_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Silences start and end within this span around now (10 years). */
export const MAX_SILENCE_SPAN_MS = 3660 * 86_400_000;

export const createSilenceSchema = z.strictObject({
  /** Alertmanager matchers: `["model=\"credit\"", "alertname=~\"drift.*\""]` or one `{...}` string. */
  matchers: z.union([z.array(z.string().min(1)).min(1, 'at least one matcher'), z.string().min(1)]),
  startsAt: z.union([z.iso.datetime({ offset: true }), z.number().int().min(0).max(MAX_SILENCE_TIME)]).optional(),
  endsAt: z.union([z.iso.datetime({ offset: true }), z.number().int().min(0).max(MAX_SILENCE_TIME)]).optional(),
  /** Instead of `endsAt`: how long from `startsAt`. */
  duration: durationSchema.optional(),
  createdBy: z.string().min(1).max(256),
  comment: z.string().min(1).max(4096),
});

export const silenceSchema = z.object({
  id: z.string(),
  matchers: z.array(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  state: z.enum(['pending', 'active', 'expired']),
});

const routeSchema: z.ZodType<RouteInput> = z.lazy(() =>
  z.strictObject({
    receiver: resourceNameSchema.optional(),
    matchers: z.array(z.string().min(1)).optional(),
    continue: z.boolean().optional(),
    groupBy: z.array(z.string()).optional(),
    groupWait: durationSchema.optional(),
    groupInterval: durationSchema.optional(),
    repeatInterval: durationSchema.optional(),
    routes: z.array(routeSchema).optional(),
  }),
);

export interface RouteInput {
  receiver?: string | undefined;
  matchers?: string[] | undefined;
  continue?: boolean | undefined;
  groupBy?: string[] | undefined;
  groupWait?: string | undefined;
  groupInterval?: string | undefined;
  repeatInterval?: string | undefined;
  routes?: RouteInput[] | undefined;
}

export const notificationPolicySchema = z.strictObject({
  route: routeSchema,
  inhibitRules: z
    .array(
      z.strictObject({
        sourceMatchers: z.array(z.string().min(1)).min(1),
        targetMatchers: z.array(z.string().min(1)).min(1),
        equal: z.array(labelName).default([]),
      }),
    )
    .default([]),
});

export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;

export const alertSchema = z.object({
  fingerprint: z.string(),
  monitor: z.string(),
  model: z.string(),
  state: z.enum(ALERT_STATES),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  activeAt: z.string(),
  firedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  acknowledged: z.object({ by: z.string(), at: z.string() }).nullable(),
  silenced: z.boolean(),
  inhibited: z.boolean(),
});

export const alertListSchema = z.object({ alerts: z.array(alertSchema) });

export const alertActionSchema = z.strictObject({ by: z.string().min(1).max(256), comment: z.string().max(4096).optional() });
export const alertCommentSchema = z.strictObject({ by: z.string().min(1).max(256), text: z.string().min(1).max(4096) });

export const timelineEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['state', 'notification', 'acknowledged', 'resolved_by_hand', 'comment']),
  detail: z.record(z.string(), z.unknown()),
});

export const timelineSchema = z.object({ timeline: z.array(timelineEntrySchema) });
export const channelListSchema = z.object({ channels: z.array(channelSchema) });
export const monitorListSchema = z.object({ monitors: z.array(monitorSchema) });
export const silenceListSchema = z.object({ silences: z.array(silenceSchema) });

/** `?state=` of the alert list, and `segment=key:value`: the alerts whose labels carry every pair (from the monitor's `labels` or its series). */
export const alertListQuerySchema = z.strictObject({ state: z.enum(ALERT_STATES).optional(), segment: segmentFilterSchema.optional() });

/** The answer of a channel's test send. */
export const channelTestSchema = z.object({ ok: z.boolean(), statusCode: z.number().int().nullable(), error: z.string().nullable() });

/** One notification in the outbox, with every delivery attempt. */
export const notificationSchema = z.object({
  id: z.number().int(),
  channel: z.string().nullable(),
  groupKey: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  attempts: z.array(z.object({ at: z.string(), ok: z.boolean(), statusCode: z.number().int().nullable(), error: z.string().nullable() })),
});
export const notificationListSchema = z.object({ notifications: z.array(notificationSchema) });

export type CreateMonitor = z.input<typeof createMonitorSchema>;
export type MonitorConfig = z.output<typeof createMonitorSchema>;
export type MonitorInfo = z.infer<typeof monitorSchema>;
export type CreateChannel = z.input<typeof createChannelSchema>;
export type ChannelConfig = z.output<typeof createChannelSchema>;
export type ChannelInfo = z.infer<typeof channelSchema>;
export type CreateSilence = z.infer<typeof createSilenceSchema>;
export type SilenceInfo = z.infer<typeof silenceSchema>;
export type NotificationPolicy = z.output<typeof notificationPolicySchema>;
export type AlertInfo = z.infer<typeof alertSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type ChannelTest = z.infer<typeof channelTestSchema>;
export type NotificationInfo = z.infer<typeof notificationSchema>;
