// Routes of models and their reference data: parse, call the services, answer.

import { z } from 'zod';
import {
  createModelSchema,
  listQuerySchema,
  modelListSchema,
  modelSchema,
  referenceInfoSchema,
  referenceQuerySchema,
  referenceUploadSchema,
  resourceNameSchema,
  textSchema,
} from '@vigil/wire';
import { defineRoute, isNdjsonBody, isRawBody } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { BadRequestError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import type { ModelService } from './model-service.js';
import type { ReferenceService, ReferenceSource } from './reference-service.js';

const TAG = 'Models';

/** The `:model` path parameter: the one rule of every name, so ingest never auto-creates a model no route can reach. */
export const modelParams = z.strictObject({ model: resourceNameSchema.meta({ description: 'The model name' }) });

function toMs(v: string | number, path: string): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) throw new BadRequestError(`${path} is not a time`, [{ path, message: 'an ISO 8601 time or epoch milliseconds' }]);
  return ms;
}

/** The reference upload of any accepted body type, as a source for ReferenceService. */
function referenceSource(body: unknown, query: unknown): ReferenceSource {
  if (isRawBody(body) || isNdjsonBody(body)) {
    const q = parseInput(referenceQuerySchema, query, { prefix: 'query' });
    if (isRawBody(body)) return { kind: 'file', bytes: body.raw, format: body.format, target: q.target, prediction: q.prediction };
    const rows = body.ndjson.map((r, i) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r))
        throw new BadRequestError(`line ${i + 1} is not a JSON object`, [{ path: `line ${i + 1}`, message: 'a JSON object of column values' }]);
      return r as Record<string, unknown>;
    });
    return { kind: 'rows', rows, target: q.target, prediction: q.prediction, format: 'ndjson' };
  }
  const b = parseInput(referenceUploadSchema, body);
  if ('window' in b) return { kind: 'window', from: toMs(b.window.from, 'window.from'), to: toMs(b.window.to, 'window.to') };
  if ('dataset' in b) return { kind: 'dataset', name: b.dataset, target: b.target, prediction: b.prediction };
  return { kind: 'rows', rows: b.rows, target: b.target, prediction: b.prediction, format: 'json' };
}

export function modelsRoutes(models: ModelService, references: ReferenceService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/models',
      operationId: 'createModel',
      summary: 'Create a model',
      tag: TAG,
      scope: 'admin',
      body: { schema: createModelSchema },
      status: 201,
      responses: { 201: { description: 'The model', schema: modelSchema }, 409: { description: 'A model of that name exists in the project' } },
      handler: ({ auth, body }) => models.createInfo(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models',
      operationId: 'listModels',
      summary: 'List models, by name',
      tag: TAG,
      scope: 'read',
      query: listQuerySchema,
      responses: { 200: { description: 'A page of models; `next` continues it', schema: modelListSchema } },
      handler: ({ auth, query }) => models.list(auth.projectId, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model',
      operationId: 'getModel',
      summary: 'One model: schema, versions and reference',
      tag: TAG,
      scope: 'read',
      params: z.strictObject({ model: resourceNameSchema }),
      responses: { 200: { description: 'The model', schema: modelSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params }) => models.info(auth.projectId, params.model),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/models/:model',
      operationId: 'deleteModel',
      summary: 'Delete a model with all its data',
      description:
        'Its events, labels, custom metrics, versions, reference, profiles, and its monitors with their alerts go in one transaction. Any stored name is accepted here, so a model named before names were checked can still be removed.',
      tag: TAG,
      scope: 'admin',
      params: z.strictObject({ model: textSchema().min(1).max(256).meta({ description: 'The model name' }) }),
      status: 204,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such model' } },
      handler: ({ auth, params }) => models.delete(auth.projectId, params.model),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/models/:model/reference',
      operationId: 'putReference',
      summary: 'Replace the reference data',
      description:
        'JSON rows (`{ rows, target?, prediction? }`), NDJSON, CSV or Parquet (read as pandas reads them; `?target=&prediction=` name the label and prediction columns), or a past window of the model’s own events (`{ window: { from, to } }`).',
      tag: TAG,
      scope: 'admin',
      params: modelParams,
      query: referenceQuerySchema,
      body: { schema: referenceUploadSchema, types: ['application/json', 'application/x-ndjson', 'text/csv', 'application/vnd.apache.parquet'], manual: true },
      status: 201,
      responses: {
        201: { description: 'Stored', schema: referenceInfoSchema },
        404: { description: 'No such model' },
        413: { description: 'The body is over the limit' },
      },
      handler: ({ auth, params, query, body }) => references.put(auth.projectId, params.model, referenceSource(body as unknown, query)),
    }),
  ];
}
