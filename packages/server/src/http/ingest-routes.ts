// Ingest: predictions, labels and custom metrics. A batch is validated whole (wire schema, then
// the model's schema) and written in one transaction, or not at all.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  MAX_BATCH_EVENTS,
  labelBatchSchema,
  metricBatchSchema,
  predictionBatchSchema,
  quickLabelCheck,
  quickMetricCheck,
  quickPredictionCheck,
  timestampToMs,
} from '@vigil/wire';
import type { ErrorDetail, IngestResponse, ModelType } from '@vigil/wire';
import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { normalizeLabels, normalizePredictions, segmentKey } from '../ingest/normalize.js';
import { modelSchemaOf } from '../models/model-schema.js';
import { isNdjsonBody } from './body-parsers.js';
import { requireScope } from './auth.js';
import { parseRequest } from './parse-request.js';
import type { AppContext } from './app-context.js';

/** Reads a JSON object body, or an NDJSON body as the list under `listKey`. */
function bodyOf(request: FastifyRequest, listKey: string): unknown {
  const b = request.body;
  if (isNdjsonBody(b)) return { [listKey]: b.ndjson };
  return b;
}

/**
 * Validates a batch: the quick checks first (they accept only what zod accepts, at a tenth of the
 * cost), zod for anything they do not vouch for, so errors still name every bad field.
 */
function validate<S extends z.ZodType>(schema: S, body: unknown, listKey: string, quick: (item: unknown) => boolean): z.output<S> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.getPrototypeOf(body) === Object.prototype) {
    const keys = Object.keys(body);
    const list = (body as Record<string, unknown>)[listKey];
    if (keys.length === 1 && keys[0] === listKey && Array.isArray(list) && list.length >= 1 && list.length <= MAX_BATCH_EVENTS && list.every(quick)) return body as z.output<S>;
  }
  return parseRequest(schema, body, { describe });
}

function describe(details: readonly ErrorDetail[]): string {
  const bad = new Set(details.filter((d) => d.index !== undefined).map((d) => d.index));
  const first = details[0];
  const lead = bad.size > 0 ? `${bad.size} invalid item(s)` : `${details.length} problem(s)`;
  return `${lead} in the batch; nothing was written${first === undefined ? '' : ` (first: ${first.path}: ${first.message})`}`;
}

/** The model type to auto-create with, guessed from the first prediction. */
function guessType(prediction: unknown): ModelType {
  if (typeof prediction === 'number') return prediction >= 0 && prediction <= 1 ? 'binary' : 'regression';
  if (typeof prediction === 'object' && prediction !== null && 'probabilities' in prediction) {
    const p = (prediction as { probabilities: Record<string, number> }).probabilities;
    return Object.keys(p).length > 2 ? 'multiclass' : 'binary';
  }
  return 'binary';
}

export function registerIngestRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { model: string } }>('/v1/models/:model/predictions', async (request): Promise<IngestResponse> => {
    const auth = requireScope(request, 'ingest');
    const batch = validate(predictionBatchSchema, bodyOf(request, 'events'), 'events', quickPredictionCheck);
    const model = await ctx.models.resolve(auth.projectId, request.params.model, guessType(batch.events[0]?.prediction));
    const now = ctx.clock();
    const normalized = normalizePredictions(batch.events, modelSchemaOf(model), { now, version: 'default' });
    if (normalized.errors.length > 0) throw new ValidationError(describe(normalized.errors), normalized.errors);
    const written = await ctx.store.insertPredictions(model.id, normalized.rows, now);
    if (Object.keys(normalized.learnt).length > 0) await ctx.models.learnFeatures(model, normalized.learnt);
    ctx.metrics.ingested.inc({ model: model.name, kind: 'prediction' }, written.accepted);
    if (written.duplicates > 0) ctx.metrics.duplicates.inc({ model: model.name, kind: 'prediction' }, written.duplicates);
    return written;
  });

  app.post<{ Params: { model: string } }>('/v1/models/:model/labels', async (request): Promise<IngestResponse> => {
    const auth = requireScope(request, 'ingest');
    const batch = validate(labelBatchSchema, bodyOf(request, 'labels'), 'labels', quickLabelCheck);
    const model = await ctx.models.resolve(auth.projectId, request.params.model);
    const { rows, errors } = normalizeLabels(batch.labels, modelSchemaOf(model), ctx.clock());
    if (errors.length > 0) throw new ValidationError(describe(errors), errors);
    const written = await ctx.store.insertLabels(model.id, rows);
    ctx.metrics.ingested.inc({ model: model.name, kind: 'label' }, written.accepted);
    if (written.duplicates > 0) ctx.metrics.duplicates.inc({ model: model.name, kind: 'label' }, written.duplicates);
    return written;
  });

  app.post<{ Params: { model: string } }>('/v1/models/:model/metrics', async (request): Promise<IngestResponse> => {
    const auth = requireScope(request, 'ingest');
    const batch = validate(metricBatchSchema, bodyOf(request, 'metrics'), 'metrics', quickMetricCheck);
    const model = await ctx.models.resolve(auth.projectId, request.params.model);
    const now = ctx.clock();
    const rows = batch.metrics.map((m) => ({
      name: m.name,
      value: m.value,
      ts: m.timestamp === undefined ? now : timestampToMs(m.timestamp),
      labels: segmentKey(m.labels),
    }));
    const n = await ctx.store.insertMetrics(model.id, rows);
    ctx.metrics.ingested.inc({ model: model.name, kind: 'metric' }, n);
    return { accepted: n, duplicates: 0 };
  });
}
