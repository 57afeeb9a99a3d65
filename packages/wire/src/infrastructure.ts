// Hosts and their samples: what `vigil agent` (and the SDK's in-process collector) sends, what the
// hosts API answers, and the names and units of every infrastructure metric.

import { z } from 'zod';
import { metricNameSchema, timestampSchema } from './ingest.js';
import { resourceNameSchema } from './models.js';
import { queryStepSchema, queryTimeSchema, seriesPointSchema } from './queries.js';
import { textSchema } from './text.js';

/**
 * The metrics the collector reports, with their unit. Utilisations are percents (0–100), memory and
 * disk sizes bytes, rates per second, power watts, temperatures degrees Celsius. Per-GPU metrics carry
 * `labels.gpu` (the GPU's index as nvidia-smi numbers it), per-core ones `labels.cpu`, disks
 * `labels.mount` (and `labels.device`), network `labels.interface`.
 */
export const HOST_METRICS = {
  cpu_utilization: 'percent',
  cpu_core_utilization: 'percent',
  cpu_iowait: 'percent',
  cpu_count: 'count',
  load1: 'load',
  load5: 'load',
  load15: 'load',
  memory_total_bytes: 'bytes',
  memory_used_bytes: 'bytes',
  memory_available_bytes: 'bytes',
  memory_utilization: 'percent',
  swap_total_bytes: 'bytes',
  swap_used_bytes: 'bytes',
  disk_total_bytes: 'bytes',
  disk_used_bytes: 'bytes',
  disk_available_bytes: 'bytes',
  disk_utilization: 'percent',
  disk_read_bytes_per_second: 'bytes/s',
  disk_written_bytes_per_second: 'bytes/s',
  network_receive_bytes_per_second: 'bytes/s',
  network_transmit_bytes_per_second: 'bytes/s',
  process_cpu_utilization: 'percent',
  process_resident_memory_bytes: 'bytes',
  process_heap_used_bytes: 'bytes',
  process_heap_total_bytes: 'bytes',
  process_event_loop_lag_ms: 'ms',
  process_event_loop_lag_p99_ms: 'ms',
  gpu_utilization: 'percent',
  gpu_memory_utilization: 'percent',
  gpu_memory_used_bytes: 'bytes',
  gpu_memory_total_bytes: 'bytes',
  gpu_temperature_celsius: 'celsius',
  gpu_power_watts: 'watts',
  gpu_power_limit_watts: 'watts',
  gpu_sm_clock_mhz: 'MHz',
  gpu_ecc_corrected_errors: 'count',
  gpu_ecc_uncorrected_errors: 'count',
} as const;

export type HostMetric = keyof typeof HOST_METRICS;

/** Metrics read per GPU (they carry `labels.gpu`). */
export const GPU_METRICS = Object.keys(HOST_METRICS).filter((m) => m.startsWith('gpu_')) as readonly HostMetric[];

/** Most samples in one request, points in one sample, and points in one request. */
export const MAX_HOST_SAMPLES = 1_000;
export const MAX_SAMPLE_POINTS = 5_000;
export const MAX_REQUEST_POINTS = 100_000;

const labelNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, 'a Prometheus label name');
const labelValueSchema = textSchema().max(256);

/** A host's name as the agent reports it (`--host`, else the machine's host name). */
export const hostNameSchema = resourceNameSchema;

/** One measurement: a metric name, a finite value and its labels (`{ gpu: "0" }`). */
export const hostPointSchema = z.strictObject({
  metric: metricNameSchema,
  value: z.number(),
  labels: z.record(labelNameSchema, labelValueSchema).optional(),
});

/** Every point read at one time. */
export const hostSampleSchema = z.strictObject({
  timestamp: timestampSchema,
  points: z.array(hostPointSchema).max(MAX_SAMPLE_POINTS),
});

/** A GPU of the host: nvidia-smi's index, name and UUID. */
export const gpuInfoSchema = z.strictObject({
  index: z.number().int().min(0).max(1023),
  name: textSchema().min(1).max(256),
  uuid: textSchema().min(1).max(256).optional(),
});

/**
 * A model the host serves: its name, or its name with what it reserves of the host (OpenCost's
 * requests: CPU cores and GPUs), which cost allocation charges when usage is lower.
 */
export const servedModelSchema = z.union([
  resourceNameSchema,
  z.strictObject({
    name: resourceNameSchema,
    requests: z.strictObject({ cpuCores: z.number().min(0).max(100_000).optional(), gpus: z.number().min(0).max(1024).optional() }).optional(),
  }),
]);

/** `POST /v1/hosts/{host}/samples`: what the agent sends each interval (or several intervals at once after an outage). */
export const hostSamplesSchema = z
  .strictObject({
    samples: z.array(hostSampleSchema).min(1, 'at least one sample').max(MAX_HOST_SAMPLES),
    /** The host's GPUs now (replaces what the server knew). */
    gpus: z.array(gpuInfoSchema).max(1024).optional(),
    /** The models the host serves now (replaces what the server knew). */
    models: z.array(servedModelSchema).max(256).optional(),
    /** The host's own labels (`--label zone=eu-1`), which price book entries may match. */
    labels: z.record(labelNameSchema, labelValueSchema).optional(),
  })
  .refine((b) => b.samples.reduce((n, s) => n + s.points.length, 0) <= MAX_REQUEST_POINTS, {
    message: `at most ${MAX_REQUEST_POINTS} points in one request`,
    path: ['samples'],
  });

export const hostSamplesResponseSchema = z.object({
  /** Points stored. */
  accepted: z.number().int(),
});

export const hostSchema = z.object({
  name: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  labels: z.record(z.string(), z.string()),
  gpus: z.array(z.object({ index: z.number().int(), name: z.string(), uuid: z.string().nullable() })),
  models: z.array(z.string()),
});

export const hostListSchema = z.object({ hosts: z.array(hostSchema) });

/** How a step's samples become one value. */
export const HOST_SERIES_STATS = ['mean', 'min', 'max', 'last', 'sum', 'count', 'p50', 'p90', 'p95', 'p99'] as const;

export const hostSeriesQuerySchema = z.strictObject({
  metric: metricNameSchema.meta({ description: 'cpu_utilization, memory_used_bytes, gpu_utilization, gpu_memory_used_bytes, gpu_power_watts, …' }),
  gpu: z
    .string()
    .regex(/^(\d{1,4})?$/, 'a GPU index (0, 1, …)')
    .optional()
    .meta({ description: 'Only this GPU (its index); empty for every GPU' }),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
  step: queryStepSchema.optional(),
  stat: z.enum(HOST_SERIES_STATS).default('mean').meta({ description: "How a step's samples become its value (default mean)" }),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000).meta({ description: 'Most points in the answer' }),
});

export const hostSeriesResponseSchema = z.object({
  host: z.string(),
  metric: z.string(),
  stat: z.enum(HOST_SERIES_STATS),
  from: z.string(),
  to: z.string(),
  step: z.number(),
  points: z.array(seriesPointSchema),
  next: z.string().nullable(),
});

export type HostPoint = z.infer<typeof hostPointSchema>;
export type HostSample = z.infer<typeof hostSampleSchema>;
export type GpuInfo = z.infer<typeof gpuInfoSchema>;
export type ServedModel = z.infer<typeof servedModelSchema>;
export type HostSamples = z.infer<typeof hostSamplesSchema>;
export type HostSamplesResponse = z.infer<typeof hostSamplesResponseSchema>;
export type HostInfo = z.infer<typeof hostSchema>;
export type HostList = z.infer<typeof hostListSchema>;
export type HostSeriesStat = (typeof HOST_SERIES_STATS)[number];
export type HostSeriesQuery = z.output<typeof hostSeriesQuerySchema>;
export type HostSeriesResponse = z.infer<typeof hostSeriesResponseSchema>;
