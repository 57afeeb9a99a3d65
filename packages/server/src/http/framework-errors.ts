// Answers that Fastify and Node's HTTP parser give before any route runs (a bad percent-encoding,
// a path parameter over the length limit, headers or a URL too large, a malformed request), in the
// API's one error shape `{ "error": { "code", "message" } }` like every other answer.

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@vigil/wire';

/** A path parameter longer than this is refused with 414 (names are at most 128, ids at most 256). */
export const MAX_PARAM_LENGTH = 512;

const FRAMEWORK: Record<string, { status: number; code: string; message: (path: string) => string }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'BAD_URL',
    message: (path) => `the URL ${JSON.stringify(path)} is not valid: a percent-encoding (%XX) does not decode`,
  },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: () => `a path parameter is longer than ${MAX_PARAM_LENGTH} characters` },
};

/** Fastify's `frameworkErrors`: errors of routing, before a route's handler. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK[error.code];
  const path = request.url.split('?')[0] ?? '';
  const answer: ErrorResponse =
    known === undefined ? { error: { code: 'BAD_REQUEST', message: error.message } } : { error: { code: known.code, message: known.message(path) } };
  void reply.status(known?.status ?? 400).send(answer);
}

const CLIENT: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'the request line and headers are larger than the server accepts (16 KiB): send long values in the body',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request was not received in time' },
};

/** Fastify's `clientErrorHandler`: the HTTP parser refused the request before Fastify saw it. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT[err.code ?? ''] ?? { status: 400, code: 'BAD_REQUEST', message: 'the request is not well-formed HTTP' };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } } satisfies ErrorResponse);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
