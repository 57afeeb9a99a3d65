// The server's errors: one class per meaning, each with a stable code and an HTTP status, mapped
// to `{ "error": { "code", "message", "details" } }` in one handler (http/error-handler.ts).

import type { ErrorDetail } from '@vigil/wire';

export class VigilError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends VigilError {
  constructor(message: string, details?: ErrorDetail[], code = 'BAD_REQUEST') {
    super(code, 400, message, details);
  }
}

export class ValidationError extends BadRequestError {
  constructor(message: string, details: ErrorDetail[]) {
    super(message, details, 'VALIDATION_FAILED');
  }
}

export class UnauthorizedError extends VigilError {
  constructor(message: string) {
    super('UNAUTHORIZED', 401, message);
  }
}

export class ForbiddenError extends VigilError {
  constructor(message: string) {
    super('FORBIDDEN', 403, message);
  }
}

export class NotFoundError extends VigilError {
  constructor(message: string) {
    super('NOT_FOUND', 404, message);
  }
}

export class ConflictError extends VigilError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

/** The caller has made too many requests (or failed attempts) lately; it may retry after `retryAfterSeconds` (HTTP `Retry-After`). */
export class TooManyRequestsError extends VigilError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', 429, message);
  }
}

export class PayloadTooLargeError extends VigilError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', 413, `the request body is larger than the limit of ${limitBytes} bytes (set --body-limit to raise it)`);
  }
}

export class UnsupportedMediaTypeError extends VigilError {
  constructor(got: string, expected: readonly string[]) {
    super('UNSUPPORTED_MEDIA_TYPE', 415, `content type ${JSON.stringify(got)} is not accepted here; send one of ${expected.join(', ')}`);
  }
}

/** An upload over one of the server's limits; the message names the limit and the setting that raises it. */
export class UploadTooLargeError extends VigilError {
  constructor(message: string, details?: ErrorDetail[]) {
    super('UPLOAD_TOO_LARGE', 413, message, details);
  }
}

/** The server has too much of this work in hand; the client should retry after `retryAfterSeconds` (HTTP `Retry-After`). */
export class ServiceBusyError extends VigilError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'BUSY',
    status = 503,
  ) {
    super(code, status, message);
  }
}
