// Builds the Fastify application: parsers, authentication, routes, error mapping and metrics.
// No listening, no timers: `startServer` adds those; tests call `app.inject()` directly.

import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerAdminRoutes } from './admin-routes.js';
import { registerAlertingRoutes } from './alerting-routes.js';
import type { AppContext } from './app-context.js';
import { registerBodyParsers } from './body-parsers.js';
import { registerDashboard } from './dashboard-routes.js';
import { registerErrorHandler } from './error-handler.js';
import { registerIngestRoutes } from './ingest-routes.js';
import { registerQueryRoutes } from './query-routes.js';
import { openApiDocument, openApiPage } from './openapi.js';

export interface BuildAppOptions {
  readonly logger?: Logger | false;
  /** The built dashboard to serve at `/` (see `registerDashboard`); none when absent. */
  readonly dashboardDir?: string | undefined;
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  // Fastify's own logger stays off (no per-request lines); errors go to the server's logger.
  const app: FastifyInstance = Fastify({ bodyLimit: ctx.config.bodyLimit, return503OnClosing: true, routerOptions: { ignoreTrailingSlash: true } });
  app.removeContentTypeParser('text/plain');
  registerBodyParsers(app);
  registerErrorHandler(app, (reason) => ctx.metrics.rejected.inc({ reason }), options.logger === false ? undefined : options.logger);

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/v1/')) request.auth = await ctx.keys.authenticate(request.headers.authorization);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.requestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
  app.get('/docs/openapi.json', async () => openApiDocument());
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(openApiPage()));

  registerAdminRoutes(app, ctx);
  registerIngestRoutes(app, ctx);
  registerQueryRoutes(app, ctx);
  registerAlertingRoutes(app, ctx);
  if (options.dashboardDir !== undefined) await registerDashboard(app, options.dashboardDir);
  await app.ready();
  return app;
}
