// A small Vigil ingest server on node:http for the SDK's tests and benchmark: the three ingest
// routes with the real wire schemas, recording what arrives, and able to fail on purpose (downtime,
// 5xx, 429 + Retry-After, 400 naming bad events, 413).

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { labelBatchSchema, metricBatchSchema, predictionBatchSchema, zodIssuesToDetails } from '@vigil/wire';
import type { ErrorDetail } from '@vigil/wire';

export type Stream = 'predictions' | 'labels' | 'metrics';

const SCHEMAS = { predictions: predictionBatchSchema, labels: labelBatchSchema, metrics: metricBatchSchema } as const;
const BODY_KEY = { predictions: 'events', labels: 'labels', metrics: 'metrics' } as const;
const ROUTE = /^\/v1\/models\/([^/]+)\/(predictions|labels|metrics)$/;

/** A batch the receiver accepted. */
export interface ReceivedBatch {
  readonly stream: Stream;
  readonly model: string;
  readonly items: unknown[];
  readonly contentEncoding: string | undefined;
  readonly at: number;
}

/** Every request, with what it was answered. */
export interface ReceivedRequest {
  readonly stream: Stream | undefined;
  readonly status: number;
  /** Items in the body, when it could be read. */
  readonly count: number;
  /** Ids of the items, when they had them. */
  readonly ids: string[];
  readonly at: number;
}

/** A canned answer for the next request, served before any processing (nothing is recorded). */
export interface ScriptedResponse {
  readonly status: number;
  readonly retryAfter?: string;
  readonly body?: unknown;
}

export interface ReceiverOptions {
  /** The key to require as `Authorization: Bearer …`. Default `test-key`. */
  apiKey?: string;
  /** Keep the items of accepted batches (tests); off, only counts are kept (benchmark). Default true. */
  record?: boolean;
  /** Validate bodies with the wire schemas, answering 400 with details like the server. Default true. */
  validate?: boolean;
  /** Answer 413 above this many (decompressed) body bytes. Default: no limit. */
  maxBodyBytes?: number;
  /** Port to listen on. Default 0 (any free port). */
  port?: number;
}

export class Receiver {
  readonly batches: ReceivedBatch[] = [];
  readonly requests: ReceivedRequest[] = [];
  /** Answers for the next requests, used in order. */
  readonly script: ScriptedResponse[] = [];
  /** Ids refused with a 400 naming their index, as the server does for a rule the client cannot check. */
  readonly rejectIds = new Set<string>();
  /** Items accepted (including duplicates) per stream, kept even when `record` is off. */
  readonly accepted: Record<Stream, number> = { predictions: 0, labels: 0, metrics: 0 };
  private readonly seen = new Set<string>();
  private readonly sockets = new Set<Socket>();
  private server: Server;
  private listening = false;
  port = 0;

  private constructor(private readonly options: Required<Omit<ReceiverOptions, 'maxBodyBytes' | 'port'>> & { maxBodyBytes: number | undefined }) {
    this.server = this.makeServer();
  }

  static async start(options: ReceiverOptions = {}): Promise<Receiver> {
    const r = new Receiver({
      apiKey: options.apiKey ?? 'test-key',
      record: options.record ?? true,
      validate: options.validate ?? true,
      maxBodyBytes: options.maxBodyBytes,
    });
    await r.listen(options.port ?? 0);
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get apiKey(): string {
    return this.options.apiKey;
  }

  /** Every item accepted on `stream`, in arrival order. */
  items(stream: Stream): unknown[] {
    return this.batches.filter((b) => b.stream === stream).flatMap((b) => b.items);
  }

  /** Simulates downtime: stops listening and cuts open connections, so clients get ECONNREFUSED. */
  async down(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Comes back on the same port. */
  async up(): Promise<void> {
    if (this.listening) return;
    this.server = this.makeServer();
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.down();
  }

  /** Resolves once `predicate` holds, polling every few ms; rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`receiver: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('receiver: no TCP address');
    this.port = addr.port;
    this.listening = true;
  }

  private makeServer(): Server {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.answer(res, 500, { error: { code: 'INTERNAL', message: String(e) } });
      });
    });
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private record(stream: Stream | undefined, status: number, items: readonly unknown[]): void {
    const ids: string[] = [];
    for (const it of items) {
      const id = typeof it === 'object' && it !== null ? (it as { id?: unknown }).id : undefined;
      if (typeof id === 'string') ids.push(id);
    }
    this.requests.push({ stream, status, count: items.length, ids: this.options.record ? ids : [], at: Date.now() });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = ROUTE.exec(req.url ?? '');
    if (req.method === 'GET' && req.url === '/stats') return this.answer(res, 200, { accepted: this.accepted, requests: this.requests.length });
    if (req.method !== 'POST' || m === null) return this.answer(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } });
    const model = decodeURIComponent(m[1]!);
    const stream = m[2] as Stream;
    const scripted = this.script.shift();
    if (scripted !== undefined) {
      this.record(stream, scripted.status, []);
      return this.answer(
        res,
        scripted.status,
        scripted.body ?? { error: { code: 'SCRIPTED', message: `scripted ${scripted.status}` } },
        scripted.retryAfter === undefined ? {} : { 'retry-after': scripted.retryAfter },
      );
    }
    if (req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      this.record(stream, 401, []);
      return this.answer(res, 401, { error: { code: 'UNAUTHORIZED', message: 'a valid API key is required' } });
    }
    let raw = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'];
    if (encoding === 'gzip') raw = gunzipSync(raw);
    if (this.options.maxBodyBytes !== undefined && raw.length > this.options.maxBodyBytes) {
      this.record(stream, 413, []);
      return this.answer(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `the body is over ${this.options.maxBodyBytes} bytes` } });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      this.record(stream, 400, []);
      return this.answer(res, 400, { error: { code: 'INVALID_JSON', message: 'the body is not JSON' } });
    }
    const items = (body as Record<string, unknown>)[BODY_KEY[stream]];
    const list = Array.isArray(items) ? (items as unknown[]) : [];
    if (this.options.validate) {
      const parsed = SCHEMAS[stream].safeParse(body);
      if (!parsed.success) {
        const details = zodIssuesToDetails(parsed.error);
        this.record(stream, 400, list);
        return this.answer(res, 400, {
          error: { code: 'VALIDATION_FAILED', message: `${details.length} problem(s) in the request; nothing was written`, details },
        });
      }
    }
    const refused: ErrorDetail[] = [];
    if (this.rejectIds.size > 0) {
      list.forEach((it, index) => {
        const id = (it as { id?: unknown }).id;
        if (typeof id === 'string' && this.rejectIds.has(id))
          refused.push({ path: `${BODY_KEY[stream]}[${index}].id`, message: 'refused by the test rule', index });
      });
    }
    if (refused.length > 0) {
      this.record(stream, 400, list);
      return this.answer(res, 400, {
        error: { code: 'VALIDATION_FAILED', message: `${refused.length} problem(s) in the request; nothing was written`, details: refused },
      });
    }
    let duplicates = 0;
    if (stream === 'predictions' && this.options.record) {
      for (const it of list) {
        const key = `${model}\u0000${String((it as { id?: unknown }).id)}`;
        if (this.seen.has(key)) duplicates++;
        else this.seen.add(key);
      }
    }
    this.accepted[stream] += list.length;
    this.record(stream, 200, list);
    if (this.options.record) this.batches.push({ stream, model, items: list, contentEncoding: encoding, at: Date.now() });
    this.answer(res, 200, { accepted: list.length - duplicates, duplicates });
  }
}
