// @vigil/wire: the wire contracts of Vigil's HTTP API, one definition for server, SDK and dashboard.

export {
  MAX_BATCH_EVENTS,
  MAX_FEATURES,
  MAX_ID_LENGTH,
  eventIdSchema,
  featureValueSchema,
  featuresSchema,
  ingestResponseSchema,
  labelBatchSchema,
  labelEventSchema,
  labelValueSchema,
  metricBatchSchema,
  metricEventSchema,
  metricNameSchema,
  predictionBatchSchema,
  predictionEventSchema,
  predictionObjectSchema,
  predictionValueSchema,
  segmentSchema,
  timestampSchema,
  timestampToMs,
} from './ingest.js';
export type {
  FeatureValue,
  IngestResponse,
  LabelBatch,
  LabelEvent,
  LabelValue,
  MetricBatch,
  MetricEvent,
  PredictionBatch,
  PredictionEvent,
  PredictionValue,
  Timestamp,
} from './ingest.js';
export {
  FEATURE_TYPES,
  KEY_SCOPES,
  MODEL_TYPES,
  apiKeySchema,
  createKeySchema,
  createModelSchema,
  createProjectSchema,
  featureTypeSchema,
  keyScopeSchema,
  modelListSchema,
  modelSchema,
  modelTypeSchema,
  projectSchema,
  resourceNameSchema,
} from './models.js';
export type { ApiKeyInfo, CreateKey, CreateModel, FeatureType, KeyScope, ModelInfo, ModelType, ProjectInfo } from './models.js';
export { errorDetailSchema, errorResponseSchema, formatPath, zodIssuesToDetails } from './errors.js';
export type { ErrorDetail, ErrorResponse } from './errors.js';
export { driftResponseSchema, featureDriftSchema, predictionRecordSchema, seriesPointSchema, seriesResponseSchema } from './queries.js';
export type { DriftResponse, FeatureDrift, PredictionRecord, SeriesPoint, SeriesResponse } from './queries.js';
export { quickLabelCheck, quickMetricCheck, quickPredictionCheck } from './quick-check.js';
