// What the Express and Fastify integrations share: their options, the request id, and how a finished
// request becomes a prediction event (features from the request, prediction from the response body).

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FeatureValue, PredictionEvent, PredictionValue } from '@vigil/wire';

export type SegmentValues = Record<string, string | number | boolean>;

/**
 * Options of `vigilExpress` and `vigilFastify`. `Req` is the framework's request type; annotate it
 * (`vigilExpress<Request>(…)`) to type the callbacks. Every callback runs after the response was
 * sent, off the request's path; if one throws, that request is simply not logged.
 */
export interface PredictionMiddlewareOptions<Req> {
  /**
   * The features the model saw. Default: `body.features` when the parsed JSON request body has an
   * object there, else the body's top-level fields whose values are numbers, strings, booleans or
   * null, else `{}`.
   */
  features?: (req: Req) => Record<string, FeatureValue> | undefined;
  /**
   * What the model said, from the value the handler sent (the object before serialisation, or the
   * string body). Return `undefined` to log nothing for this request. Default: `body.prediction`
   * when present; else `{ label, score, probabilities }` picked from the body when it has any of
   * them; else the body itself when it is a number, string or boolean; else nothing.
   */
  prediction?: (body: unknown, req: Req) => PredictionValue | undefined;
  /** Which requests to log. Default: those answered with a 2xx status. Mount the integration on prediction routes only, or filter here. */
  filter?: (req: Req, statusCode: number) => boolean;
  /**
   * The prediction id (later labels refer to it). Default: the `x-request-id` header, else the
   * framework's request id (Fastify's `request.id`), else a random UUID. Fastify's default ids
   * (`req-1`, `req-2`, …) restart with the process, so give Fastify a `genReqId` that makes unique
   * ids (e.g. `randomUUID`) or the server will treat repeats as duplicates.
   */
  id?: (req: Req) => string;
  /** The request's segment (tenant, region, …) for per-segment monitoring. Default: none. */
  segment?: (req: Req) => SegmentValues | undefined;
  /** Trace id to correlate with tracing. Default: the trace-id of a W3C `traceparent` header, if any. */
  traceId?: (req: Req) => string | undefined;
  /**
   * Echo the prediction id in the `x-request-id` response header, so the caller can send its label
   * later. Default true.
   */
  exposeId?: boolean;
}

export interface ResolvedPredictionMiddleware<Req> {
  readonly features: (req: Req) => Record<string, FeatureValue> | undefined;
  readonly prediction: (body: unknown, req: Req) => PredictionValue | undefined;
  readonly filter: (req: Req, statusCode: number) => boolean;
  readonly id: ((req: Req) => string) | undefined;
  readonly segment: ((req: Req) => SegmentValues | undefined) | undefined;
  readonly traceId: (req: Req) => string | undefined;
  readonly exposeId: boolean;
}

export const REQUEST_ID_HEADER = 'x-request-id';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The default `features`: see PredictionMiddlewareOptions.features. */
export function featuresFromBody(body: unknown): Record<string, FeatureValue> {
  if (!isPlainObject(body)) return {};
  if (isPlainObject(body.features)) return body.features as Record<string, FeatureValue>;
  const out: Record<string, FeatureValue> = {};
  for (const k of Object.keys(body)) {
    const v = body[k];
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The default `prediction`: see PredictionMiddlewareOptions.prediction. */
export function predictionFromBody(body: unknown): PredictionValue | undefined {
  if (typeof body === 'number' || typeof body === 'string' || typeof body === 'boolean') return body;
  if (!isPlainObject(body)) return undefined;
  if (body.prediction !== undefined) return body.prediction as PredictionValue;
  const picked: Record<string, unknown> = {};
  let any = false;
  for (const k of ['label', 'score', 'probabilities'] as const) {
    if (body[k] !== undefined) {
      picked[k] = body[k];
      any = true;
    }
  }
  return any ? (picked as PredictionValue) : undefined;
}

/** The first value of a header, if present and non-empty. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === '' ? undefined : first;
}

/** The trace-id of a W3C Trace Context `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`). */
export function traceIdFromTraceparent(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/.exec(header.trim());
  return m === null || m[1] === '00000000000000000000000000000000' ? undefined : m[1];
}

/** A string response body as the handler meant it: parsed when the reply says it is JSON. */
export function bodyFromText(text: string, contentType: unknown): unknown {
  if (typeof contentType === 'string' && contentType.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return text;
}

export function resolvePredictionMiddleware<Req extends { headers: IncomingHttpHeaders }>(
  options: PredictionMiddlewareOptions<Req>,
  bodyOf: (req: Req) => unknown,
): ResolvedPredictionMiddleware<Req> {
  return {
    features: options.features ?? ((req) => featuresFromBody(bodyOf(req))),
    prediction: options.prediction ?? predictionFromBody,
    filter: options.filter ?? ((_req, status) => status >= 200 && status < 300),
    id: options.id,
    segment: options.segment,
    traceId: options.traceId ?? ((req) => traceIdFromTraceparent(headerValue(req.headers, 'traceparent'))),
    exposeId: options.exposeId ?? true,
  };
}

/** The prediction id of a request: the user's choice, the `x-request-id` header, the framework's id, or a new UUID. */
export function requestPredictionId<Req extends { headers: IncomingHttpHeaders }>(
  m: ResolvedPredictionMiddleware<Req>,
  req: Req,
  frameworkId: string | undefined,
): string {
  if (m.id !== undefined) return m.id(req);
  return headerValue(req.headers, REQUEST_ID_HEADER) ?? (frameworkId !== undefined && frameworkId !== '' ? frameworkId : randomUUID());
}

/** The event for a finished request, or undefined when it should not be logged. */
export function predictionEventFor<Req>(
  m: ResolvedPredictionMiddleware<Req>,
  req: Req,
  id: string,
  statusCode: number,
  body: unknown,
  latencyMs: number,
): PredictionEvent | undefined {
  if (!m.filter(req, statusCode)) return undefined;
  const prediction = m.prediction(body, req);
  if (prediction === undefined) return undefined;
  const event: PredictionEvent = { id, features: m.features(req) ?? {}, prediction, latencyMs };
  const segment = m.segment?.(req);
  if (segment !== undefined) event.segment = segment;
  const traceId = m.traceId(req);
  if (traceId !== undefined) event.traceId = traceId;
  return event;
}
