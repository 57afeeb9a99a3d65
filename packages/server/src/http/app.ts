// Builds the Fastify application: parsers, authentication, every declared route, the docs, error
// mapping and request metrics. No listening, no timers: `startServer` adds those; tests call
// `app.inject()` directly.

import { createRequire } from 'node:module';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { apiRoutes } from '../api/api-routes.js';
import { openApiDocument } from '../api/openapi.js';
import type { RouteSpec } from '../api/route-spec.js';
import { TooManyRequestsError } from '../errors.js';
import type { Services } from '../services.js';
import { registerBodyParsers } from './body-parsers.js';
import { registerDashboard } from './dashboard-routes.js';
import { registerDocs } from './docs-routes.js';
import { registerErrorHandler } from './error-handler.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './framework-errors.js';
import { mountRoutes } from './mount-routes.js';
import { registerRequestLog, requestIdOf } from './request-log.js';
import { systemRoutes } from './system-routes.js';

export interface BuildAppOptions {
  /** Largest request body in bytes (after gzip). */
  readonly bodyLimit: number;
  readonly logger?: Logger | false;
  /** The built dashboard to serve at `/` (see `registerDashboard`); none when absent. */
  readonly dashboardDir?: string | undefined;
  /** Serve HTTPS with this PEM certificate chain and key (HSTS is sent only then). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /** Origins a browser may call the API from (`*` for any); none (the default) sends no CORS headers. */
  readonly corsOrigins?: readonly string[];
  /** Requests per minute one key (or, without a key, one address) may make; 0 (the default) means no limit. */
  readonly rateLimit?: number;
}

/**
 * The dashboard and /docs load only their own scripts and styles (no inline script: /docs runs
 * docs-init.js), talk only to this server, and may not be framed by another site.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // React, ECharts and swagger-ui set style attributes.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Plain HTTP on a LAN address must keep loading its own assets over HTTP.
  upgradeInsecureRequests: null,
};

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
  const routes: RouteSpec[] = [
    ...apiRoutes(services),
    ...systemRoutes(
      () => (document ??= openApiDocument(routes, { version: VERSION })),
      () => services.cluster.health(),
    ),
  ];
  return routes;
}

export async function buildApp(services: Services, options: BuildAppOptions): Promise<FastifyInstance> {
  const { keys, metrics } = services;
  // Fastify's own logger stays off: request lines (request-log.ts) and errors go to the server's logger.
  const app: FastifyInstance = Fastify({
    ...(options.tls === undefined ? {} : { https: { cert: options.tls.cert, key: options.tls.key } }),
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    genReqId: requestIdOf,
    frameworkErrors,
    clientErrorHandler,
  });
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: r.url, operationId: r.config?.operationId, hidden: r.config?.hidden === true });
    }
  });
  await app.register(helmet, { contentSecurityPolicy: { directives: CSP_DIRECTIVES }, hsts: options.tls !== undefined });
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    const origins = options.corsOrigins;
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : [...origins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'content-encoding'],
      exposedHeaders: ['retry-after', 'x-request-id'],
      maxAge: 600,
    });
  }
  app.removeContentTypeParser('text/plain');
  registerBodyParsers(app);
  registerErrorHandler(app, (reason) => metrics.rejected.inc({ reason }), options.logger === false ? undefined : options.logger);
  if (options.logger !== undefined && options.logger !== false) registerRequestLog(app, options.logger);

  app.addHook('onRequest', async (request) => {
    // Every /v1 request, and any other route that needs a key (/metrics when configured so).
    if (request.url.startsWith('/v1/') || (request.routeOptions.config.scope ?? null) !== null)
      request.auth = await keys.authenticate(request.headers.authorization, request.ip);
  });
  // Authorization failures: counted, and a key refused a route it lacks the scope for recorded in the audit log.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401 && reply.statusCode !== 403) return;
    await services.authFailures.observe({
      status: reply.statusCode,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
      keyId: request.auth?.keyId,
      projectId: request.auth?.projectId,
      requestId: request.id,
    });
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  if (options.rateLimit !== undefined && options.rateLimit > 0) {
    // After authentication (preHandler), so the limit is per key; unauthenticated routes count per address.
    await app.register(rateLimit, {
      global: true,
      hook: 'preHandler',
      max: options.rateLimit,
      timeWindow: 60_000,
      keyGenerator: (request) => (request.auth === undefined ? `ip:${request.ip}` : `key:${request.auth.keyId}`),
      errorResponseBuilder: (_request, context) =>
        new TooManyRequestsError(`more than ${context.max} requests a minute (set --rate-limit to raise it)`, Math.max(1, Math.ceil(context.ttl / 1000))),
    });
  }
  mountRoutes(app, allRoutes(services));
  registerDocs(app);
  if (options.dashboardDir !== undefined) await registerDashboard(app, options.dashboardDir);
  await app.ready();
  return app;
}
