// Reading a model's data: one stored prediction, time series, drift of a window; and replacing
// its reference data.

import type { FastifyInstance } from 'fastify';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { DatasetProfile } from '@vigil/core';
import type { DriftResponse, FeatureValue, LabelValue, PredictionRecord, PredictionValue, SeriesPoint, SeriesResponse } from '@vigil/wire';
import { DRIFT_METHOD_NAMES } from '@vigil/core';
import { z } from 'zod';
import { parseDuration } from '../config.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { modelSchemaOf } from '../models/model-schema.js';
import { buildReference, referenceCbpe } from '../profiler/reference-performance.js';
import { MergedProfile } from '../query/merged-profile.js';
import { loadSteps, pointsOf } from '../query/series.js';
import { windowDrift } from '../query/window-drift.js';
import { isNdjsonBody, isRawBody } from './body-parsers.js';
import { requireScope } from './auth.js';
import { parseRequest } from './parse-request.js';
import type { AppContext } from './app-context.js';

/** A time given as ISO 8601 or epoch milliseconds in a query string. */
const timeParam = z.string().transform((v, ctx) => {
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'an ISO 8601 time (2026-11-27T10:00:00Z) or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

const stepParam = z.string().transform((v, ctx) => {
  const ms = parseDuration(v);
  if (!Number.isFinite(ms) || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: 'seconds (3600) or a duration (5m, 1h, 1d)' });
    return z.NEVER;
  }
  return ms;
});

const MAX_POINTS = 10_000;
const DAY = 86_400_000;

const seriesQuery = z.strictObject({
  metric: z.string().min(1),
  from: timeParam.optional(),
  to: timeParam.optional(),
  step: stepParam.optional(),
  feature: z.string().optional(),
  version: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_POINTS).default(1000),
});

const driftQuery = z.strictObject({
  from: timeParam.optional(),
  to: timeParam.optional(),
  method: z.enum(DRIFT_METHOD_NAMES as [string, ...string[]]).optional(),
  threshold: z.coerce.number().positive().optional(),
  /** Add this feature's distributions and statistics, reference against current. */
  feature: z.string().min(1).optional(),
});

const referenceBody = z.union([
  z.strictObject({
    rows: z.array(z.record(z.string(), z.unknown())).min(1, 'at least one row'),
    target: z.string().optional(),
    prediction: z.string().optional(),
  }),
  z.strictObject({
    window: z.strictObject({ from: z.union([z.string(), z.number()]), to: z.union([z.string(), z.number()]) }),
  }),
]);

const referenceQuery = z.strictObject({ target: z.string().optional(), prediction: z.string().optional() });

function toMs(v: string | number, path: string): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) throw new BadRequestError(`${path} is not a time`, [{ path, message: 'an ISO 8601 time or epoch milliseconds' }]);
  return ms;
}

export function registerQueryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { model: string; id: string } }>('/v1/models/:model/predictions/:id', async (request): Promise<PredictionRecord> => {
    const auth = requireScope(request, 'read');
    const model = await ctx.models.resolve(auth.projectId, request.params.model);
    const found = await ctx.store.findPrediction(model.id, request.params.id);
    if (found === undefined) throw new NotFoundError(`no prediction "${request.params.id}" for model "${model.name}"`);
    const p = found.prediction;
    return {
      id: p.event_id,
      timestamp: new Date(p.ts).toISOString(),
      version: p.version,
      features: JSON.parse(p.features) as Record<string, FeatureValue>,
      prediction: JSON.parse(p.prediction) as PredictionValue,
      latencyMs: p.latency_ms,
      segment: p.segment === '' ? null : (JSON.parse(p.segment) as Record<string, string>),
      costUsd: p.cost_usd,
      traceId: p.trace_id,
      label: found.label === undefined ? null : { value: JSON.parse(found.label.label) as LabelValue, timestamp: new Date(found.label.ts).toISOString() },
    };
  });

  app.get<{ Params: { model: string } }>('/v1/models/:model/series', async (request): Promise<SeriesResponse> => {
    const auth = requireScope(request, 'read');
    const q = parseRequest(seriesQuery, request.query, { prefix: 'query' });
    const model = await ctx.models.resolve(auth.projectId, request.params.model);
    const schema = modelSchemaOf(model);
    const bucket = ctx.config.bucket;
    const to = q.to ?? ctx.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    // A step is a whole number of buckets: the profiles cannot be split finer.
    const step = Math.max(bucket, Math.round((q.step ?? bucket) / bucket) * bucket);
    if ((to - from) / step > 100 * MAX_POINTS) throw new BadRequestError('the range holds too many steps; widen step or narrow the range', [{ path: 'query.step', message: `at least ${Math.ceil((to - from) / (100 * MAX_POINTS) / 1000)}s` }]);
    const alignedFrom = Math.floor(from / step) * step;
    if (q.metric.startsWith('custom:')) {
      const rows = await ctx.store.metricSeries(model.id, q.metric.slice('custom:'.length), from, to, q.limit + 1);
      const points: SeriesPoint[] = rows.slice(0, q.limit).map((r) => {
        const pt: SeriesPoint = { t: new Date(r.ts).toISOString(), value: r.value };
        if (r.labels !== '') pt.labels = JSON.parse(r.labels) as Record<string, string>;
        return pt;
      });
      const next = rows.length > q.limit ? new Date(rows[q.limit]!.ts).toISOString() : null;
      return { metric: q.metric, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: step / 1000, points, next };
    }
    const ref = ['drift', 'out_of_range_share', 'new_categories'].includes(q.metric) || q.metric.startsWith('estimated_') ? await ctx.store.getReference(model.id) : undefined;
    const reference = ref === undefined ? null : DatasetProfile.fromBytes(ref.profile);
    const cbpeReference = ref === undefined ? null : referenceCbpe(ref.performance);
    const steps = await loadSteps(ctx.store, model.id, schema, { from: alignedFrom, to, step, version: q.version });
    const points: SeriesPoint[] = [];
    let next: string | null = null;
    for (const s of steps) {
      const ps = pointsOf(q.metric, s, { schema, reference, cbpeReference, feature: q.feature });
      if (points.length + ps.length > q.limit) {
        next = new Date(s.t).toISOString();
        break;
      }
      points.push(...ps);
    }
    if (steps.length === 0) pointsOf(q.metric, { t: alignedFrom, rows: 0, profile: new MergedProfile([]), performance: null, cbpe: null }, { schema, reference, feature: q.feature });
    return { metric: q.metric, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: step / 1000, points, next };
  });

  app.get<{ Params: { model: string } }>('/v1/models/:model/drift', async (request): Promise<DriftResponse> => {
    const auth = requireScope(request, 'read');
    const q = parseRequest(driftQuery, request.query, { prefix: 'query' });
    const model = await ctx.models.resolve(auth.projectId, request.params.model);
    const to = q.to ?? ctx.clock();
    const from = q.from ?? to - 3_600_000;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    return windowDrift(ctx.store, model, modelSchemaOf(model), { from, to, method: q.method, threshold: q.threshold, feature: q.feature, bucketMs: ctx.config.bucket });
  });

  app.post<{ Params: { model: string } }>('/v1/models/:model/reference', async (request, reply) => {
    const auth = requireScope(request, 'admin');
    const model = await ctx.models.resolve(auth.projectId, request.params.model);
    const schema = modelSchemaOf(model);
    const body: unknown = request.body;
    let rows: Record<string, unknown>[];
    let target: string | undefined;
    let prediction: string | undefined;
    let source: string;
    if (isRawBody(body) || isNdjsonBody(body)) {
      const q = parseRequest(referenceQuery, request.query, { prefix: 'query' });
      target = q.target;
      prediction = q.prediction;
      if (isNdjsonBody(body)) {
        rows = body.ndjson.map((r, i) => {
          if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new BadRequestError(`line ${i + 1} is not a JSON object`, [{ path: `line ${i + 1}`, message: 'a JSON object of column values' }]);
          return r as Record<string, unknown>;
        });
        source = 'ndjson upload';
      } else if (body.format === 'csv') {
        try {
          rows = parseCsv(body.raw, { columns: true, skip_empty_lines: true, cast: castCsv }) as Record<string, unknown>[];
        } catch (e) {
          throw new BadRequestError(`the CSV body could not be parsed: ${(e as Error).message}`, undefined, 'INVALID_CSV');
        }
        source = 'csv upload';
      } else {
        try {
          const buf = body.raw.buffer.slice(body.raw.byteOffset, body.raw.byteOffset + body.raw.byteLength) as ArrayBuffer;
          rows = (await parquetReadObjects({ file: buf })) as Record<string, unknown>[];
        } catch (e) {
          throw new BadRequestError(`the Parquet body could not be read: ${(e as Error).message}`, undefined, 'INVALID_PARQUET');
        }
        source = 'parquet upload';
      }
    } else {
      const b = referenceBody.parse(body);
      if ('window' in b) {
        const from = toMs(b.window.from, 'window.from');
        const to = toMs(b.window.to, 'window.to');
        const events = await ctx.store.predictionsInWindow(model.id, from, to, 1_000_000);
        rows = [];
        for (const e of events) {
          const found = await ctx.store.findPrediction(model.id, e.event_id);
          rows.push({ ...(JSON.parse(e.features) as Record<string, unknown>), __prediction: JSON.parse(e.prediction), __label: found?.label === undefined ? null : JSON.parse(found.label.label) });
        }
        target = '__label';
        prediction = '__prediction';
        source = `window ${new Date(from).toISOString()}..${new Date(to).toISOString()}`;
      } else {
        rows = b.rows;
        target = b.target;
        prediction = b.prediction;
        source = 'json upload';
      }
    }
    if (rows.length === 0) throw new BadRequestError('the reference has no rows', [{ path: 'body', message: 'at least one row' }], 'EMPTY_REFERENCE');
    for (const [name, col] of [['target', target], ['prediction', prediction]] as const) {
      if (col !== undefined && col !== '__label' && col !== '__prediction' && !(col in rows[0]!)) {
        throw new BadRequestError(`the ${name} column "${col}" is not in the reference`, [{ path: name, message: `one of ${Object.keys(rows[0]!).join(', ')}` }]);
      }
    }
    const built = buildReference({ rows, target, prediction }, schema);
    if (Object.keys(schema.features).length === 0) {
      // A model with no schema yet learns it from its reference.
      const learnt: Record<string, 'numeric' | 'categorical' | 'boolean'> = {};
      for (const [name, values] of Object.entries(built.columns.features)) {
        const v = values.find((x) => x !== null);
        learnt[name] = typeof v === 'number' ? 'numeric' : typeof v === 'boolean' ? 'boolean' : 'categorical';
      }
      await ctx.models.learnFeatures(model, learnt);
    }
    // `updated_at` also tells cached answers which reference they used: it moves forward on every replacement.
    const previous = await ctx.store.referenceInfo(model.id);
    const now = Math.max(ctx.clock(), (previous?.updated_at ?? 0) + 1);
    await ctx.store.putReference({ model_id: model.id, source, rows: built.rows, data: built.data, profile: built.profile, performance: built.performance, updated_at: now });
    reply.status(201);
    return { model: model.name, rows: built.rows, source, updatedAt: new Date(now).toISOString() };
  });
}

/** CSV cells: numbers as numbers, empty as missing, true/false as booleans. */
function castCsv(value: string): unknown {
  if (value === '') return null;
  if (value === 'true' || value === 'false') return value === 'true';
  const n = Number(value);
  return Number.isFinite(n) && /^[\s+-]?(\d|\.\d)/.test(value) ? n : value;
}
