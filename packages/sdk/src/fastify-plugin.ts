// vigilFastify: a Fastify plugin that logs each prediction a route answers with, its latency and the
// request id. It only adds hooks, typed structurally, so the SDK needs no Fastify at runtime.

import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_ID_HEADER, bodyFromText, predictionEventFor, requestPredictionId, resolvePredictionMiddleware } from './prediction-middleware.js';
import type { PredictionMiddlewareOptions } from './prediction-middleware.js';
import type { VigilClient } from './vigil-client.js';

/** A Fastify request as the plugin reads it. */
export interface FastifyLikeRequest {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: unknown;
}

interface FastifyLikeReply {
  readonly statusCode: number;
  header(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}

/** The hooks the plugin adds (onRequest, preSerialization, onSend, onResponse), in the async form Fastify accepts. */
interface HookHost<Req> {
  addHook(name: 'onRequest' | 'onResponse', hook: (req: Req, reply: FastifyLikeReply) => Promise<void>): unknown;
  addHook(name: 'preSerialization' | 'onSend', hook: (req: Req, reply: FastifyLikeReply, payload: unknown) => Promise<unknown>): unknown;
}

/** Anything with Fastify's `addHook`; a FastifyInstance qualifies. */
export interface FastifyHookTarget {
  addHook: (...args: never[]) => unknown;
}

export type VigilFastifyOptions<Req extends FastifyLikeRequest = FastifyLikeRequest> = PredictionMiddlewareOptions<Req>;

/** The Fastify plugin function, marked to share its hooks with the context that registers it. */
export type VigilFastifyPlugin = (instance: FastifyHookTarget, opts: Record<string, unknown>) => Promise<void>;

interface RequestState {
  readonly start: number;
  readonly id: string;
  captured: boolean;
  body: unknown;
}

/**
 * A Fastify plugin: `await app.register(vigilFastify(client, options))`. Registered at the root it
 * covers every route (it skips Fastify's encapsulation, like plugins wrapped with fastify-plugin);
 * registered inside a scoped plugin it covers that scope's routes only. It records the value a
 * handler returns or sends, and once the response is sent logs one prediction with the request's
 * features, that value, the prediction id and the latency (ms from onRequest to onResponse).
 * The id is echoed in the `x-request-id` response header unless `exposeId: false`.
 */
export function vigilFastify<Req extends FastifyLikeRequest = FastifyLikeRequest>(
  client: VigilClient,
  options: VigilFastifyOptions<Req> = {},
): VigilFastifyPlugin {
  const m = resolvePredictionMiddleware<Req>(options, (req) => req.body);
  const states = new WeakMap<object, RequestState>();

  const plugin = async (instance: FastifyHookTarget): Promise<void> => {
    const app = instance as unknown as HookHost<Req>;
    app.addHook('onRequest', async (req, reply) => {
      try {
        const state: RequestState = { start: performance.now(), id: requestPredictionId(m, req, req.id), captured: false, body: undefined };
        states.set(req, state);
        if (m.exposeId) reply.header(REQUEST_ID_HEADER, state.id);
      } catch {
        // Never let monitoring break the request.
      }
    });
    // Objects and arrays pass here before serialisation: that is the value the handler returned.
    app.addHook('preSerialization', async (req, _reply, payload) => {
      const state = states.get(req);
      if (state !== undefined && !state.captured) {
        state.captured = true;
        state.body = payload;
      }
      return payload;
    });
    // Strings (and already-serialised JSON) skip preSerialization.
    app.addHook('onSend', async (req, reply, payload) => {
      const state = states.get(req);
      if (state !== undefined && !state.captured) {
        state.captured = true;
        try {
          state.body = typeof payload === 'string' ? bodyFromText(payload, reply.getHeader('content-type')) : undefined;
        } catch {
          state.body = undefined;
        }
      }
      return payload;
    });
    app.addHook('onResponse', async (req, reply) => {
      try {
        const state = states.get(req);
        if (state === undefined) return;
        states.delete(req);
        const event = predictionEventFor(m, req, state.id, reply.statusCode, state.body, performance.now() - state.start);
        if (event !== undefined) client.logPrediction(event);
      } catch {
        // A user callback threw: this request is not logged, and the app is not disturbed.
      }
    });
  };
  // What fastify-plugin sets: the hooks belong to the registering context, not a child one.
  Object.defineProperty(plugin, Symbol.for('skip-override'), { value: true });
  Object.defineProperty(plugin, Symbol.for('fastify.display-name'), { value: 'vigil' });
  return plugin;
}
