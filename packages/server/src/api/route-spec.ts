// A route as data: its method and path, what it takes (zod schemas from @vigil/wire), what it
// answers, the scope it needs, and the handler that calls a service. Concept folders declare their
// routes this way; http/ mounts them on Fastify and api/openapi.ts describes them, so every route
// is validated and documented from one declaration. Nothing here knows Fastify.

import type { z } from 'zod';
import type { KeyScope } from '@vigil/wire';
import type { AuthContext } from '../keys/auth-context.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An NDJSON body, parsed to its lines. */
export interface NdjsonBody {
  readonly ndjson: unknown[];
}

/** A raw upload (CSV or Parquet). */
export interface RawBody {
  readonly raw: Uint8Array;
  readonly format: 'csv' | 'parquet';
}

/** An OTLP protobuf body (application/x-protobuf), its bytes as sent (after gzip). */
export interface ProtobufBody {
  readonly protobuf: Uint8Array;
}

export function isProtobufBody(b: unknown): b is ProtobufBody {
  return typeof b === 'object' && b !== null && (b as { protobuf?: unknown }).protobuf instanceof Uint8Array;
}

export function isNdjsonBody(b: unknown): b is NdjsonBody {
  return typeof b === 'object' && b !== null && Array.isArray((b as { ndjson?: unknown }).ndjson);
}

export function isRawBody(b: unknown): b is RawBody {
  return typeof b === 'object' && b !== null && (b as { raw?: unknown }).raw instanceof Uint8Array;
}

/** An answer that is not JSON (Prometheus text, an HTML page). */
export class RawReply {
  constructor(
    readonly contentType: string,
    readonly body: string | Uint8Array,
  ) {}
}

/** Content types a request body may have. */
export type BodyType = 'application/json' | 'application/x-ndjson' | 'text/csv' | 'application/vnd.apache.parquet' | 'application/x-protobuf';

export interface ResponseSpec {
  readonly description: string;
  /** The JSON answer's schema; none for an empty answer. */
  readonly schema?: z.ZodType;
  /** Another content type than JSON (with no schema: a string). */
  readonly contentType?: string;
}

/** What a handler receives: the caller and the parsed request parts. */
export interface RouteInput<P, Q, B> {
  /** The caller (undefined on public routes). */
  readonly auth: AuthContext;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The request's id (the caller's `X-Request-Id` when plain, else generated): the audit log records it. */
  readonly requestId?: string;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  readonly method: HttpMethod;
  /** Fastify's form: `/v1/models/:model`. */
  readonly url: string;
  /** Unique, camelCase: the OpenAPI operationId. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** The OpenAPI tag (the concept). */
  readonly tag: string;
  /** The key scope the route needs; `'any'` for any valid key (whoever asks who they are); `null` for a public route. */
  readonly scope: KeyScope | 'any' | null;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  /**
   * The body: `schema` validates a JSON body (its errors name fields without a prefix); with
   * `manual: true` the handler gets the parsed body as it came and validates it itself (ingest's
   * fast path, uploads), while `schema` still documents it.
   */
  readonly body?: { readonly schema: z.ZodType<B>; readonly types?: readonly BodyType[]; readonly manual?: boolean; readonly required?: boolean };
  /** The success status (default 200) and every documented answer besides the common errors. */
  readonly status?: 200 | 201 | 204;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly handler: (input: RouteInput<P, Q, B>) => Promise<unknown>;
}

/** Declares a route; the type parameters follow from the schemas. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}
