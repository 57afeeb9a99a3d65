// Routes of reads: one prediction, series and drift. Parse, call QueryService, answer.

import { z } from 'zod';
import { DRIFT_METHODS } from '@vigil/core';
import {
  driftQuerySchema,
  driftResponseSchema,
  predictionRecordSchema,
  segmentListQuerySchema,
  segmentListSchema,
  seriesQuerySchema,
  seriesResponseSchema,
} from '@vigil/wire';
import { defineRoute } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { modelParams } from '../models/models-routes.js';
import type { QueryService } from './query-service.js';

const TAG = 'Queries';

/** `method=` takes the names of core's drift method registry (its text methods have no place here: the API tests no text feature). */
const driftQuery = driftQuerySchema.extend({
  method: z
    .enum(Object.keys(DRIFT_METHODS) as [string, ...string[]])
    .optional()
    .meta({
      description:
        'An Evidently stat-test name, run on every feature whose type it fits (ks: numeric; chisquare: categorical; psi: both); the others keep their default test, as with Evidently’s per-type methods. Each feature’s `method` says which ran.',
    }),
});

export function queriesRoutes(queries: QueryService): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/predictions/:id',
      operationId: 'getPrediction',
      summary: 'One stored prediction with its label',
      tag: TAG,
      scope: 'read',
      params: modelParams.extend({ id: z.string().meta({ description: 'The prediction id' }) }),
      responses: { 200: { description: 'The prediction', schema: predictionRecordSchema }, 404: { description: 'No such model or prediction' } },
      handler: ({ auth, params }) => queries.prediction(auth.projectId, params.model, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/series',
      operationId: 'getSeries',
      summary: 'A metric over time',
      description:
        'Steps are whole profile buckets. Per-feature and per-class metrics carry labels. `custom:<name>` reads raw custom metric points. `segment=key:value` (repeatable; every pair must hold) merges only the profiles of events whose `segment` carries those pairs; for a custom metric it keeps the points whose labels carry them. `slice=feature:value` (repeatable; every pair must hold) keeps only the events whose feature has that value (a numeric feature: that number exactly): the steps are profiled from the window’s raw events, at most `querySliceMaxEvents` (default 200 000; a larger window is a 400 naming `query.slice`); custom and cost-rollup metrics cannot be sliced.',
      tag: TAG,
      scope: 'read',
      params: modelParams,
      query: seriesQuerySchema,
      responses: {
        200: { description: 'The points; `next` says where to continue when cut at `limit`', schema: seriesResponseSchema },
        404: { description: 'No such model' },
      },
      handler: ({ auth, params, query }) => queries.series(auth.projectId, params.model, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/drift',
      operationId: 'getDrift',
      summary: 'Drift of one window against the reference',
      description:
        'Exact (the batch report’s evaluator on raw events) up to 200 000 events, from sketches above (normed Wasserstein and Jensen–Shannon, whatever `method` says). `method` runs on the features whose type it fits and the others keep their defaults; each feature’s `method` says which test ran. A feature with no value on one side is left out. `segment=key:value` (repeatable; every pair must hold) tests only the events of those segments against the whole reference. `slice=feature:value` (repeatable; every pair must hold) tests only the events whose feature has that value, always exactly on raw events: a window of more than `querySliceMaxEvents` events (default 200 000) is a 400 naming `query.slice`.',
      tag: TAG,
      scope: 'read',
      params: modelParams,
      query: driftQuery,
      responses: { 200: { description: 'Drift per feature and for the dataset', schema: driftResponseSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params, query }) => queries.drift(auth.projectId, params.model, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/models/:model/segments',
      operationId: 'listSegments',
      summary: 'The segments of a window, to filter by',
      description:
        'Every key events sent in `segment` over the range (default: the last day), with its values and their events, the busiest first: what `segment=key:value` on series and drift can take.',
      tag: TAG,
      scope: 'read',
      params: modelParams,
      query: segmentListQuerySchema,
      responses: { 200: { description: 'Segment keys and their values', schema: segmentListSchema }, 404: { description: 'No such model' } },
      handler: ({ auth, params, query }) => queries.segments(auth.projectId, params.model, query),
    }),
  ];
}
