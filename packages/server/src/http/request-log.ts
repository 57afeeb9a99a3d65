// One log line per request: method, route, status, duration, request id and the caller's key id
// (never the key). Levels: a server error (5xx) is an error, a refused request (4xx) is info, so
// the default level shows what went wrong, and everything else is debug (`--log-level debug`
// shows every request). The request id is the caller's `X-Request-Id` when it is a plain token,
// else a new UUID, and goes back in the answer's `X-Request-Id`.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** A caller's request id is kept when it is this plain (it is echoed in a header and logged). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `X-Request-Id` when plain, else a UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export type RequestLogLevel = 'error' | 'info' | 'debug';

export function requestLogLevel(status: number): RequestLogLevel {
  return status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
}

export function registerRequestLog(app: FastifyInstance, logger: Logger): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const level = requestLogLevel(reply.statusCode);
    if (!logger.isLevelEnabled(level)) return;
    const route = request.routeOptions.url ?? null;
    const line: Record<string, unknown> = {
      reqId: request.id,
      method: request.method,
      route,
      url: request.url,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (request.auth !== undefined) line['keyId'] = request.auth.keyId;
    logger[level](line, `${request.method} ${route ?? request.url.split('?')[0]} ${reply.statusCode}`);
  });
}
