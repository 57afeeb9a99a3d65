// @vigil/sdk: Vigil's Node client — non-blocking, batched logging of predictions, labels and
// metrics, Express and Fastify integrations, and an in-memory double for tests.

export { createClient } from './http-client.js';
export { VigilSdkConfigError } from './client-options.js';
export type { HostMetricsOptions, VigilClientOptions } from './client-options.js';
export type { VigilClient } from './vigil-client.js';
export { createTestClient } from './test-client.js';
export { assignVariant } from './experiment-assignment.js';
export type { ExperimentAssignment, ExperimentDefinition } from './experiment-assignment.js';
export type { ExposureRecord, OutcomeRecord, RefusedEvent, TestClientOptions, VigilTestClient } from './test-client.js';
export type { DropCounts, DropReason, DropSample, EventStream, ExperimentStream, VigilSdkDiagnostic, VigilSdkStats } from './diagnostics.js';
export { PREDICTION_ID_LOCAL, vigilExpress } from './express-middleware.js';
export type { ExpressLikeRequest, VigilExpressOptions } from './express-middleware.js';
export { vigilFastify } from './fastify-plugin.js';
export type { FastifyHookTarget, FastifyLikeRequest, VigilFastifyOptions, VigilFastifyPlugin } from './fastify-plugin.js';
export type { PredictionMiddlewareOptions, SegmentValues } from './prediction-middleware.js';
export { HostCollector } from './host-metrics/host-collector.js';
export type { HostCollectorOptions, HostSnapshot } from './host-metrics/host-collector.js';
export { HostReporter } from './host-metrics/host-reporter.js';
export type { HostReporterOptions, HostReporterStats } from './host-metrics/host-reporter.js';
export { NVIDIA_SMI_BASIC_FIELDS, NVIDIA_SMI_FIELDS, nvidiaSmiArgs, parseNvidiaSmiCsv } from './host-metrics/nvidia-smi.js';
export type { GpuReading, NvidiaSmiParse } from './host-metrics/nvidia-smi.js';
export type { FeatureValue, LabelValue, PredictionEvent, PredictionValue, Timestamp } from '@vigil/wire';
