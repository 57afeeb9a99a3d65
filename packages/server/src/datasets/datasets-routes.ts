// Routes of datasets (definitions, batches, series) and of training–serving skew: parse, call the
// services, answer.

import { z } from 'zod';
import {
  createDatasetSchema,
  datasetBatchSchema,
  datasetListSchema,
  datasetRowsSchema,
  datasetSchema,
  datasetSeriesQuerySchema,
  listQuerySchema,
  resourceNameSchema,
  seriesResponseSchema,
  skewQuerySchema,
  skewResponseSchema,
  sliceListSchema,
  sliceQuerySchema,
} from '@vigil/wire';
import { defineRoute, isNdjsonBody, isRawBody } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { modelParams } from '../models/models-routes.js';
import { parseInput } from '../parse-input.js';
import type { DatasetBatchInput, DatasetService } from './dataset-service.js';
import type { SkewService } from './skew-service.js';
import type { SliceService } from './slice-service.js';

const TAG = 'Datasets';

export const datasetParams = z.strictObject({ dataset: resourceNameSchema.meta({ description: 'The dataset name' }) });

/** A batch of any accepted body type. */
function batchInput(body: unknown): DatasetBatchInput {
  if (isRawBody(body)) return { kind: 'file', bytes: body.raw, format: body.format };
  if (isNdjsonBody(body)) return { kind: 'rows', rows: body.ndjson, format: 'ndjson' };
  return { kind: 'rows', rows: parseInput(datasetRowsSchema, body).rows, format: 'json' };
}

export function datasetsRoutes(datasets: DatasetService, skew: SkewService, slices: SliceService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/datasets',
      operationId: 'createDataset',
      summary: 'Create a dataset',
      description:
        'A feature table, training set or batch input: its features and their types, and optionally the entity key (what skew joins on), the timestamp column, a freshness limit, the rows a batch should hold and a cron schedule.',
      tag: TAG,
      scope: 'admin',
      body: { schema: createDatasetSchema },
      status: 201,
      responses: { 201: { description: 'The dataset', schema: datasetSchema }, 409: { description: 'A dataset of that name exists in the project' } },
      handler: ({ auth, body }) => datasets.create(auth.projectId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/datasets',
      operationId: 'listDatasets',
      summary: 'List datasets, by name',
      tag: TAG,
      scope: 'read',
      query: listQuerySchema,
      responses: { 200: { description: 'A page of datasets; `next` continues it', schema: datasetListSchema } },
      handler: ({ auth, query }) => datasets.list(auth.projectId, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/datasets/:dataset',
      operationId: 'getDataset',
      summary: 'One dataset: rows, batches, freshness, schema and the last batch',
      tag: TAG,
      scope: 'read',
      params: datasetParams,
      responses: { 200: { description: 'The dataset', schema: datasetSchema }, 404: { description: 'No such dataset' } },
      handler: ({ auth, params }) => datasets.info(auth.projectId, params.dataset),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/datasets/:dataset',
      operationId: 'deleteDataset',
      summary: 'Delete a dataset with its batches',
      tag: TAG,
      scope: 'admin',
      params: datasetParams,
      status: 204,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such dataset' } },
      handler: ({ auth, params }) => datasets.delete(auth.projectId, params.dataset),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/datasets/:dataset/rows',
      operationId: 'appendDatasetRows',
      summary: 'Append a batch of rows',
      description:
        'JSON (`{ rows }`), NDJSON, CSV or Parquet (read as pandas reads them). The batch is checked whole against the declared features (a wrong type is a 400 naming the row and column, and nothing is stored), profiled, and kept with its digest and quality.',
      tag: TAG,
      scope: 'ingest',
      params: datasetParams,
      body: { schema: datasetRowsSchema, types: ['application/json', 'application/x-ndjson', 'text/csv', 'application/vnd.apache.parquet'], manual: true },
      status: 201,
      responses: {
        201: { description: 'The stored batch', schema: datasetBatchSchema },
        404: { description: 'No such dataset' },
        413: { description: 'The body is over the limit' },
      },
      handler: ({ auth, params, body }) => datasets.append(auth.projectId, params.dataset, batchInput(body as unknown)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/datasets/:dataset/series',
      operationId: 'getDatasetSeries',
      summary: 'A dataset metric over time',
      description:
        '`rows` (rows per step), `freshness_seconds` (the newest batch’s age at each step’s end), `missing_share` and `drift` (per feature, against the first batch).',
      tag: TAG,
      scope: 'read',
      params: datasetParams,
      query: datasetSeriesQuerySchema,
      responses: { 200: { description: 'The series', schema: seriesResponseSchema }, 404: { description: 'No such dataset' } },
      handler: ({ auth, params, query }) => datasets.series(auth.projectId, params.dataset, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/skew',
      operationId: 'getSkew',
      summary: 'Training–serving skew against a dataset',
      description:
        'Joins each served event in [from, to) (default: the last hour) to the dataset’s row for the same entity as of the event’s time (the latest row at or before it) and compares their features.',
      tag: 'Queries',
      scope: 'read',
      params: modelParams,
      query: skewQuerySchema,
      responses: { 200: { description: 'Mismatches per feature', schema: skewResponseSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params, query }) => skew.skew(auth.projectId, params.model, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/slices',
      operationId: 'getSlices',
      summary: 'Slices whose metric moved the most against the reference',
      description:
        'Segments (`key=value`) and values of categorical features, ranked by how far their metric moved: a performance metric (accuracy, …) against the same slice of the reference, or `drift` (a value’s share of the window against its share of the reference). Each with its size and, for accuracy and shares, a 95 % Wilson interval.',
      tag: 'Queries',
      scope: 'read',
      params: modelParams,
      query: sliceQuerySchema,
      responses: { 200: { description: 'The slices, the largest move first', schema: sliceListSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params, query }) => slices.slices(auth.projectId, params.model, query),
    }),
  ];
}
