// Routes of ingest: a JSON or NDJSON batch, validated (quick checks first, zod for anything they do
// not vouch for, so errors still name every bad field), then handed to IngestService.

import type { z } from 'zod';
import {
  MAX_BATCH_EVENTS,
  ingestResponseSchema,
  labelBatchSchema,
  metricBatchSchema,
  predictionBatchSchema,
  quickLabelCheck,
  quickMetricCheck,
  quickPredictionCheck,
} from '@vigil/wire';
import { defineRoute, isNdjsonBody } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { modelParams } from '../models/models-routes.js';
import { parseInput } from '../parse-input.js';
import { describeBatchErrors } from './ingest-service.js';
import type { IngestService } from './ingest-service.js';

const TAG = 'Ingest';

/** A JSON object body, or an NDJSON body as the list under `listKey`, validated whole. */
function batchOf<S extends z.ZodType>(schema: S, body: unknown, listKey: string, quick: (item: unknown) => boolean): z.output<S> {
  const b = isNdjsonBody(body) ? { [listKey]: body.ndjson } : body;
  // The quick checks accept only what zod accepts, at a tenth of the cost.
  if (typeof b === 'object' && b !== null && !Array.isArray(b) && Object.getPrototypeOf(b) === Object.prototype) {
    const keys = Object.keys(b);
    const list = (b as Record<string, unknown>)[listKey];
    if (keys.length === 1 && keys[0] === listKey && Array.isArray(list) && list.length >= 1 && list.length <= MAX_BATCH_EVENTS && list.every(quick))
      return b as z.output<S>;
  }
  return parseInput(schema, b, { describe: describeBatchErrors });
}

const ingestResponses = {
  200: {
    description:
      'Stored: committed before this answer (duplicates by id are counted, not written again). With the ingest queue (`--queue`): on the queue, on disk, written by a replica shortly after (`accepted` counts the events queued)',
    schema: ingestResponseSchema,
  },
  404: { description: 'No such model (and auto-create is off)' },
  413: { description: 'The body is over the limit' },
  503: {
    description: 'Not accepted, nothing stored: the profiler is too far behind, or the ingest queue cannot be reached; retry after `Retry-After` seconds',
  },
};
const BODY_TYPES = ['application/json', 'application/x-ndjson'] as const;

export function ingestRoutes(ingest: IngestService): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/models/:model/predictions',
      operationId: 'logPredictions',
      summary: 'Log predictions',
      description: 'A batch is validated whole and stored in one transaction, or not at all. NDJSON bodies hold one event per line.',
      tag: TAG,
      scope: 'ingest',
      params: modelParams,
      body: { schema: predictionBatchSchema, types: BODY_TYPES, manual: true },
      responses: ingestResponses,
      handler: ({ auth, params, body }) =>
        ingest.predictions(auth.projectId, params.model, batchOf(predictionBatchSchema, body as unknown, 'events', quickPredictionCheck).events),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/models/:model/labels',
      operationId: 'logLabels',
      summary: 'Log ground truth by prediction id',
      tag: TAG,
      scope: 'ingest',
      params: modelParams,
      body: { schema: labelBatchSchema, types: BODY_TYPES, manual: true },
      responses: ingestResponses,
      handler: ({ auth, params, body }) =>
        ingest.labels(auth.projectId, params.model, batchOf(labelBatchSchema, body as unknown, 'labels', quickLabelCheck).labels),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/models/:model/metrics',
      operationId: 'logMetrics',
      summary: 'Log custom metrics',
      tag: TAG,
      scope: 'ingest',
      params: modelParams,
      body: { schema: metricBatchSchema, types: BODY_TYPES, manual: true },
      responses: ingestResponses,
      handler: ({ auth, params, body }) =>
        ingest.metricPoints(auth.projectId, params.model, batchOf(metricBatchSchema, body as unknown, 'metrics', quickMetricCheck).metrics),
    }),
  ];
}
