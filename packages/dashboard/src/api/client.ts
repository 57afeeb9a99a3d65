// Calls to Vigil's public API with the Bearer key. Answers are parsed with @vigil/wire's schemas;
// every failure becomes an ApiError carrying the server's code, message and field details.

import { errorResponseSchema } from '@vigil/wire';
import type { ErrorDetail } from '@vigil/wire';

/** Anything with zod's `parse`: the wire schemas, or small wrappers around them. */
export interface Schema<T> {
  parse(data: unknown): T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server has no such route (as opposed to no such model or alert): a feature it lacks. */
  get isMissingRoute(): boolean {
    return this.status === 404 && this.message.startsWith('no route ');
  }
}

/** Query parameters; an array is sent as the parameter repeated (`segment=a:1&segment=b:2`). */
export type Query = Record<string, string | number | readonly string[] | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query | undefined;
  /** A JSON value, or raw bytes with `contentType` (reference uploads). */
  json?: unknown;
  raw?: Blob;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

export class ApiClient {
  constructor(
    readonly key: string,
    /** Called on 401, so the app can ask for a key again. */
    private readonly onUnauthorized: () => void = () => undefined,
    readonly baseUrl = '',
  ) {}

  async get<T>(path: string, schema: Schema<T>, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request(path, schema, { query, signal });
  }

  async request<T>(path: string, schema: Schema<T>, options: RequestOptions = {}): Promise<T> {
    const body = await this.send(path, options);
    try {
      return schema.parse(body);
    } catch (e) {
      throw new ApiError(0, 'BAD_ANSWER', `the server's answer to ${path} is not what this dashboard expects: ${(e as Error).message}`);
    }
  }

  /** For answers without a body (204). */
  async call(path: string, options: RequestOptions = {}): Promise<void> {
    await this.send(path, options);
  }

  private async send(path: string, options: RequestOptions): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path + queryString(options.query), {
        method: options.method ?? 'GET',
        headers,
        body: body ?? null,
        signal: options.signal ?? null,
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK', `the server could not be reached (${(e as Error).message})`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError(response.status, 'BAD_ANSWER', `the server answered ${response.status} with something that is not JSON`);
      }
    }
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      const err = errorResponseSchema.safeParse(parsed);
      if (err.success) throw new ApiError(response.status, err.data.error.code, err.data.error.message, err.data.error.details ?? []);
      throw new ApiError(response.status, 'HTTP', `the server answered ${response.status}`);
    }
    return parsed;
  }
}

export function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (typeof v === 'object') for (const item of v) params.append(k, item);
    else if (v !== undefined) params.set(k, String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}
