// Builds the Fastify application: parsers, authentication, every declared route, the docs, error
// mapping and request metrics. No listening, no timers: `startServer` adds those; tests call
// `app.inject()` directly.

import { createRequire } from 'node:module';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { apiRoutes } from '../api/api-routes.js';
import { openApiDocument } from '../api/openapi.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { Services } from '../services.js';
import { registerBodyParsers } from './body-parsers.js';
import { registerDashboard } from './dashboard-routes.js';
import { registerDocs } from './docs-routes.js';
import { registerErrorHandler } from './error-handler.js';
import { mountRoutes } from './mount-routes.js';
import { registerRequestLog, requestIdOf } from './request-log.js';
import { systemRoutes } from './system-routes.js';

export interface BuildAppOptions {
  /** Largest request body in bytes (after gzip). */
  readonly bodyLimit: number;
  readonly logger?: Logger | false;
  /** The built dashboard to serve at `/` (see `registerDashboard`); none when absent. */
  readonly dashboardDir?: string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's OpenAPI operationId (every API route has one). */
    operationId?: string;
    /** Not an API operation (the dashboard's and the docs' pages and assets): left out of the OpenAPI document. */
    hidden?: boolean;
  }
}

/** A route as Fastify registered it. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly operationId: string | undefined;
  readonly hidden: boolean;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route `app` registered (HEAD routes Fastify adds for GETs left out). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Every route the API declares, with the server's own (health, the OpenAPI document). */
export function allRoutes(services: Services): RouteSpec[] {
  let document: unknown;
  const routes: RouteSpec[] = [...apiRoutes(services), ...systemRoutes(() => (document ??= openApiDocument(routes, { version: VERSION })))];
  return routes;
}

export async function buildApp(services: Services, options: BuildAppOptions): Promise<FastifyInstance> {
  const { keys, metrics } = services;
  // Fastify's own logger stays off: request lines (request-log.ts) and errors go to the server's logger.
  const app: FastifyInstance = Fastify({
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: requestIdOf,
  });
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: r.url, operationId: r.config?.operationId, hidden: r.config?.hidden === true });
    }
  });
  app.removeContentTypeParser('text/plain');
  registerBodyParsers(app);
  registerErrorHandler(app, (reason) => metrics.rejected.inc({ reason }), options.logger === false ? undefined : options.logger);
  if (options.logger !== undefined && options.logger !== false) registerRequestLog(app, options.logger);

  app.addHook('onRequest', async (request) => {
    // Every /v1 request, and any other route that needs a key (/metrics when configured so).
    if (request.url.startsWith('/v1/') || (request.routeOptions.config.scope ?? null) !== null)
      request.auth = await keys.authenticate(request.headers.authorization, request.ip);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  mountRoutes(app, allRoutes(services));
  registerDocs(app);
  if (options.dashboardDir !== undefined) await registerDashboard(app, options.dashboardDir);
  await app.ready();
  return app;
}
