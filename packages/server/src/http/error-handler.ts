// Every error the API answers goes through here: VigilErrors keep their status and code, Fastify's
// own errors get specific codes, anything unexpected is a logged 500 that says nothing internal.

import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { zodIssuesToDetails } from '@vigil/wire';
import type { ErrorResponse } from '@vigil/wire';
import { TooManyRequestsError } from '../errors.js';
import { ServiceBusyError, VigilError } from '../errors.js';

function body(code: string, message: string, details?: ErrorResponse['error']['details']): ErrorResponse {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

export function registerErrorHandler(app: FastifyInstance, onRejected: (reason: string) => void, logger?: Logger): void {
  app.setErrorHandler((err: FastifyError | VigilError | ZodError | Error, request, reply) => {
    if (err instanceof VigilError) {
      onRejected(err.code);
      if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
      if (err instanceof ServiceBusyError) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (err instanceof ZodError) {
      onRejected('VALIDATION_FAILED');
      const details = zodIssuesToDetails(err);
      return reply.status(400).send(body('VALIDATION_FAILED', `${details.length} problem(s) in the request; nothing was written`, details));
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        onRejected('PAYLOAD_TOO_LARGE');
        return reply.status(413).send(body('PAYLOAD_TOO_LARGE', `the request body is larger than the limit of ${app.initialConfig.bodyLimit ?? 0} bytes`));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        onRejected('UNSUPPORTED_MEDIA_TYPE');
        return reply
          .status(415)
          .send(
            body(
              'UNSUPPORTED_MEDIA_TYPE',
              `content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted; send application/json or application/x-ndjson`,
            ),
          );
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        onRejected('EMPTY_BODY');
        return reply.status(400).send(body('EMPTY_BODY', 'the request body is empty; send a JSON object'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        onRejected('BAD_REQUEST');
        return reply.status(400).send(body('BAD_REQUEST', 'the Content-Length header does not match the body'));
      default:
        break;
    }
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own 4xx: JSON syntax errors, bad encodings, bad query strings.
      const code = fe instanceof SyntaxError || /JSON/i.test(fe.message) ? 'INVALID_JSON' : 'BAD_REQUEST';
      onRejected(code);
      return reply.status(fe.statusCode).send(body(code, fe.message));
    }
    (logger ?? request.log).error({ err, reqId: request.id, method: request.method, url: request.url }, 'unexpected error');
    return reply.status(500).send(body('INTERNAL', 'an unexpected error occurred; it has been logged'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
