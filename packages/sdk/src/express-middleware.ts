// vigilExpress: Express middleware that logs each prediction a route answers with, its latency and
// the request id. Typed on node:http's request and response, so it needs no Express types at runtime.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_ID_HEADER, bodyFromText, predictionEventFor, requestPredictionId, resolvePredictionMiddleware } from './prediction-middleware.js';
import type { PredictionMiddlewareOptions } from './prediction-middleware.js';
import type { VigilClient } from './vigil-client.js';

/** An Express request as the middleware reads it: `body` is there once a body parser (`express.json()`) ran. */
export type ExpressLikeRequest = IncomingMessage & { body?: unknown };

/** Express' response: a node:http response that may carry `locals`, `json` and `send`. */
type ExpressLikeResponse = ServerResponse & {
  locals?: Record<string, unknown>;
  json?: (body: unknown) => unknown;
  send?: (body?: unknown) => unknown;
};

export type VigilExpressOptions<Req extends ExpressLikeRequest = ExpressLikeRequest> = PredictionMiddlewareOptions<Req>;

/** What the middleware adds to `res.locals`: the prediction id, for handlers that want to return or store it. */
export const PREDICTION_ID_LOCAL = 'vigilPredictionId';

/**
 * Express middleware: `app.use(vigilExpress(client, options))` before the prediction routes (or
 * `app.post('/predict', vigilExpress(client), handler)`). It records the value the handler passes to
 * `res.json()` / `res.send()`, and when the response has finished logs one prediction with the
 * request's features, that value, the prediction id and the latency (ms from this middleware to the
 * end of the response). The id is also in `res.locals.vigilPredictionId` and, unless
 * `exposeId: false`, in the `x-request-id` response header. Nothing here can fail the request.
 */
export function vigilExpress<Req extends ExpressLikeRequest = ExpressLikeRequest>(
  client: VigilClient,
  options: VigilExpressOptions<Req> = {},
): (req: Req, res: ServerResponse, next: (err?: unknown) => void) => void {
  const m = resolvePredictionMiddleware<Req>(options, (req) => req.body);
  return (req, response, next) => {
    try {
      const res = response as ExpressLikeResponse;
      const start = performance.now();
      const id = requestPredictionId(m, req, undefined);
      if (m.exposeId && !res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
      if (res.locals !== undefined) res.locals[PREDICTION_ID_LOCAL] = id;
      let captured = false;
      let body: unknown;
      // Express' json() calls send() with the serialised string, so the first call wins: the object.
      const json = res.json;
      if (typeof json === 'function') {
        res.json = function (this: unknown, value: unknown) {
          if (!captured) {
            captured = true;
            body = value;
          }
          return json.call(this, value);
        };
      }
      const send = res.send;
      if (typeof send === 'function') {
        res.send = function (this: unknown, value?: unknown) {
          if (!captured) {
            captured = true;
            body = typeof value === 'string' ? bodyFromText(value, res.getHeader('content-type')) : value;
          }
          return send.call(this, value);
        };
      }
      res.once('finish', () => {
        try {
          const event = predictionEventFor(m, req, id, res.statusCode, body, performance.now() - start);
          if (event !== undefined) client.logPrediction(event);
        } catch {
          // A user callback threw: this request is not logged, and the app is not disturbed.
        }
      });
    } catch {
      // Never let monitoring break the request.
    }
    next();
  };
}
