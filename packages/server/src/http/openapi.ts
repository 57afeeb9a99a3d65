// The OpenAPI 3.1 description of the API, generated from the same zod schemas that validate it.

import { z } from 'zod';
import {
  apiKeySchema,
  createKeySchema,
  createModelSchema,
  createProjectSchema,
  driftResponseSchema,
  errorResponseSchema,
  ingestResponseSchema,
  labelBatchSchema,
  metricBatchSchema,
  modelListSchema,
  modelSchema,
  predictionBatchSchema,
  predictionRecordSchema,
  projectSchema,
  seriesResponseSchema,
} from '@vigil/wire';

const schemas = {
  PredictionBatch: predictionBatchSchema,
  LabelBatch: labelBatchSchema,
  MetricBatch: metricBatchSchema,
  IngestResponse: ingestResponseSchema,
  CreateModel: createModelSchema,
  Model: modelSchema,
  ModelList: modelListSchema,
  CreateKey: createKeySchema,
  ApiKey: apiKeySchema,
  CreateProject: createProjectSchema,
  Project: projectSchema,
  PredictionRecord: predictionRecordSchema,
  SeriesResponse: seriesResponseSchema,
  DriftResponse: driftResponseSchema,
  Error: errorResponseSchema,
};

const ref = (name: keyof typeof schemas) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof schemas) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = {
  '400': { description: 'Invalid request: every problem with its field path', ...json('Error') },
  '401': { description: 'Missing or unknown API key', ...json('Error') },
  '403': { description: 'The key lacks the scope', ...json('Error') },
  '404': { description: 'No such model', ...json('Error') },
};
const model = { name: 'model', in: 'path', required: true, schema: { type: 'string' } };
const q = (name: string, description: string, required = false) => ({ name, in: 'query', required, description, schema: { type: 'string' } });

let cached: unknown;

export function openApiDocument(): unknown {
  if (cached !== undefined) return cached;
  const components: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) components[name] = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const ingest = (name: keyof typeof schemas, summary: string) => ({
    post: {
      summary,
      security: [{ bearer: [] }],
      parameters: [model],
      requestBody: { required: true, content: { 'application/json': { schema: ref(name) }, 'application/x-ndjson': { schema: { type: 'string' } } } },
      responses: { '200': { description: 'Stored (committed before this answer)', ...json('IngestResponse') }, ...errors, '413': { description: 'Body over the limit' } },
    },
  });
  cached = {
    openapi: '3.1.0',
    info: { title: 'Vigil API', version: '1', description: 'Ingest predictions, labels and metrics; read series, drift and stored predictions. Keys go in `Authorization: Bearer <key>`.' },
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/v1/projects': { post: { summary: 'Create a project (bootstrap key only)', security: [{ bearer: [] }], requestBody: json('CreateProject'), responses: { '201': json('Project'), ...errors } } },
      '/v1/keys': {
        post: { summary: 'Create an API key in the caller’s project (admin)', security: [{ bearer: [] }], requestBody: json('CreateKey'), responses: { '201': json('ApiKey'), ...errors } },
        get: { summary: 'List active keys (admin)', security: [{ bearer: [] }], responses: { '200': { description: 'Keys' } } },
      },
      '/v1/models': {
        post: { summary: 'Create a model (admin)', security: [{ bearer: [] }], requestBody: json('CreateModel'), responses: { '201': json('Model'), ...errors, '409': { description: 'Name taken' } } },
        get: { summary: 'List models (read)', security: [{ bearer: [] }], parameters: [q('limit', 'page size'), q('after', 'name to continue after')], responses: { '200': json('ModelList') } },
      },
      '/v1/models/{model}/predictions': ingest('PredictionBatch', 'Log predictions (ingest)'),
      '/v1/models/{model}/labels': ingest('LabelBatch', 'Log ground truth by prediction id (ingest)'),
      '/v1/models/{model}/metrics': ingest('MetricBatch', 'Log custom metrics (ingest)'),
      '/v1/models/{model}/predictions/{id}': {
        get: { summary: 'One stored prediction with its label (read)', security: [{ bearer: [] }], parameters: [model, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json('PredictionRecord'), ...errors } },
      },
      '/v1/models/{model}/series': {
        get: {
          summary: 'A metric over time (read)',
          security: [{ bearer: [] }],
          parameters: [model, q('metric', 'volume, latency_p95, drift, accuracy, estimated_accuracy, custom:<name>, …', true), q('from', 'ISO time or epoch ms'), q('to', 'ISO time or epoch ms'), q('step', 'seconds or 5m, 1h, 1d'), q('feature', 'one feature'), q('version', 'one model version'), q('limit', 'most points')],
          responses: { '200': json('SeriesResponse'), ...errors },
        },
      },
      '/v1/models/{model}/drift': {
        get: { summary: 'Drift of one window against the reference (read)', security: [{ bearer: [] }], parameters: [model, q('from', 'ISO time or epoch ms'), q('to', 'ISO time or epoch ms'), q('method', 'Evidently registry name'), q('threshold', 'number')], responses: { '200': json('DriftResponse'), ...errors } },
      },
      '/v1/models/{model}/reference': {
        post: { summary: 'Replace the reference data: JSON rows, CSV, NDJSON, Parquet, or a past window (admin)', security: [{ bearer: [] }], parameters: [model, q('target', 'label column'), q('prediction', 'prediction column')], responses: { '201': { description: 'Stored' }, ...errors } },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain; version=0.0.4' } } } },
    },
  };
  return cached;
}

export function openApiPage(): string {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { summary: string }>> };
  const rows = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${path}</code></td><td>${op.summary}</td></tr>`))
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigil API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}td{padding:.25rem .75rem;border-bottom:1px solid #ddd}</style></head>
<body><h1>Vigil API</h1><p>The machine-readable description: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1, generated from the zod schemas that validate each request).</p>
<table>${rows}</table></body></html>`;
}
