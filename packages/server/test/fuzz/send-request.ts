// Sends a request byte for byte as made (node:http, no URL normalisation, no header rewriting) and
// reads the whole answer; a request that gets no answer in time says so instead of hanging.

import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export interface RawRequest {
  readonly method: string;
  /** Path and query, sent as they are. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

export interface SendOptions {
  /** No answer in this long is an error (default 15 s). */
  readonly timeoutMs?: number;
  /** The local address to send from (any of 127.0.0.0/8 reaches a server on 127.0.0.1). */
  readonly localAddress?: string;
}

/** The answer, or an Error naming what happened (connection refused or reset, a timeout). */
export function sendRaw(base: string, req: RawRequest, options: SendOptions = {}): Promise<RawAnswer | Error> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest(
        {
          host: hostname,
          port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, ...(req.body === undefined ? {} : { 'content-length': String(req.body.length) }) },
          agent: false,
          ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => resolve(e));
        },
      );
    } catch (e) {
      // node:http refuses some requests before sending (a path with raw control characters).
      resolve(new Error(`not sendable: ${(e as Error).message}`));
      return;
    }
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (e) => resolve(e));
    r.end(req.body);
  });
}
