// Mounts route declarations on Fastify: the caller's scope is checked, path, query and body are
// parsed with the route's zod schemas (errors name `params.x`, `query.x` or the body's own paths),
// the handler runs, and its answer is sent with the route's status.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorDetail } from '@vigil/wire';
import { RawReply } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import { requireScope } from '../keys/auth-context.js';
import type { AuthContext } from '../keys/auth-context.js';
import { ValidationError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { nulDetails } from './nul-characters.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook for /v1 requests and for routes that need a key. */
    auth?: AuthContext;
  }
  interface FastifyContextConfig {
    /** The scope the route needs (its RouteSpec's); the authentication hook reads it for routes outside /v1. */
    scope?: RouteSpec['scope'];
  }
}

function describeBody(details: readonly ErrorDetail[]): string {
  const first = details[0];
  return `${details.length} problem(s) in the request; nothing was written${first === undefined ? '' : ` (first: ${first.path === '' ? '(body)' : first.path}: ${first.message})`}`;
}

const NO_AUTH = undefined as unknown as AuthContext;

/** NUL in a path parameter, a query value or a JSON body is refused on both stores (PostgreSQL cannot store it). */
function refuseNul(request: FastifyRequest, manualBody: boolean): void {
  const details = [...nulDetails(request.params, 'params'), ...nulDetails(request.query, 'query'), ...(manualBody ? [] : nulDetails(request.body, ''))];
  if (details.length > 0) throw new ValidationError(`invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}

export function mountRoutes(app: FastifyInstance, routes: readonly RouteSpec[]): void {
  for (const spec of routes) {
    const status = spec.status ?? 200;
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const auth = spec.scope === null ? NO_AUTH : requireScope(request.auth, spec.scope, spec.operationId);
      refuseNul(request, spec.body?.manual === true);
      const params = spec.params === undefined ? {} : parseInput(spec.params, request.params, { prefix: 'params' });
      const query = spec.query === undefined ? {} : parseInput(spec.query, request.query, { prefix: 'query' });
      const body = spec.body === undefined || spec.body.manual === true ? request.body : parseInput(spec.body.schema, request.body, { describe: describeBody });
      const out = await spec.handler({ auth, params, query, body, requestId: request.id });
      reply.status(status);
      if (out instanceof RawReply) return reply.type(out.contentType).send(out.body);
      return status === 204 ? reply.send() : out;
    };
    app.route({ method: spec.method, url: spec.url, handler, config: { operationId: spec.operationId, scope: spec.scope } });
  }
}
