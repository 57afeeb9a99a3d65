// The options of createClient, documented per field, and their resolution: defaults filled once,
// misconfiguration thrown at construction (the only place the SDK throws).

import { MAX_BATCH_EVENTS } from '@vigil/wire';
import type { VigilSdkDiagnostic } from './diagnostics.js';

export interface VigilClientOptions {
  /** The Vigil server's base URL, e.g. `http://localhost:8080` (a path prefix is kept). */
  url: string;
  /** An API key with ingest scope; sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** The model's name on the server; events go to `/v1/models/{model}/…`. */
  model: string;
  /** Model version stamped on every prediction that does not name one itself. */
  version?: string;
  /** Most events the client holds (queued and in flight) before it drops new ones. Default 100 000. */
  maxQueueSize?: number;
  /** Most events in one request; a full batch is sent at once. Default 1 000, at most 10 000. */
  maxBatchSize?: number;
  /** How often partial batches are sent, in ms (an unref'd timer: it never keeps the process alive). Default 1 000. */
  flushIntervalMs?: number;
  /** Requests in flight at the same time, over all three streams. Default 4. */
  maxConcurrentRequests?: number;
  /** Retries of one request after network errors, 5xx and 429 before its events are dropped. Default 8. */
  maxRetries?: number;
  /** First retry delay ceiling in ms; the ceiling doubles per attempt, and the delay is uniform below it (full jitter). Default 100. */
  initialBackoffMs?: number;
  /** Largest backoff ceiling in ms. A server's `Retry-After` is honoured even when it is longer. Default 30 000. */
  maxBackoffMs?: number;
  /** A request that has not answered after this many ms is aborted and retried. Default 10 000. */
  requestTimeoutMs?: number;
  /** How long `shutdown()` keeps trying to deliver what is left, in ms; the rest is dropped and counted. Default 10 000. */
  shutdownTimeoutMs?: number;
  /** `gzip` compresses request bodies (about 5–10× smaller for typical events, at some CPU cost off the caller's path). Default `none`. */
  compression?: 'gzip' | 'none';
  /**
   * Receives dropped-event reports, at most once per `diagnosticsIntervalMs`. Without it the client
   * prints a Node warning (`process.emitWarning`) per report. It never throws into your code.
   */
  onError?: (diagnostic: VigilSdkDiagnostic) => void;
  /** Shortest time between two drop reports, in ms. Default 10 000. */
  diagnosticsIntervalMs?: number;
  /**
   * Also report this host to `POST /v1/hosts/{host}/samples`, as `vigil agent` does: CPU, memory,
   * disks, network, GPUs (through nvidia-smi when it is on PATH), this process and Node's event-loop
   * lag and heap, as serving `model`. `true` for the defaults, or `{ host, intervalMs, nvidiaSmi }`
   * (host: the machine's host name; every 15 000 ms; nvidia-smi on PATH, `false` for none). Default off.
   */
  collectHostMetrics?: boolean | HostMetricsOptions;
}

export interface HostMetricsOptions {
  /** The host's name on the server. Default: the machine's host name. */
  host?: string;
  /** How often a sample is read, in ms. Default 15 000. */
  intervalMs?: number;
  /** The nvidia-smi command, or `false` to read no GPU. Default `nvidia-smi`. */
  nvidiaSmi?: string | false;
}

export interface ResolvedHostMetrics {
  readonly host: string;
  readonly intervalMs: number;
  readonly nvidiaSmi: string | false;
}

export interface ResolvedClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly version: string | undefined;
  readonly maxQueueSize: number;
  readonly maxBatchSize: number;
  readonly flushIntervalMs: number;
  readonly maxConcurrentRequests: number;
  readonly maxRetries: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly requestTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly compression: 'gzip' | 'none';
  readonly onError: ((diagnostic: VigilSdkDiagnostic) => void) | undefined;
  readonly diagnosticsIntervalMs: number;
  readonly hostMetrics: ResolvedHostMetrics | undefined;
}

/** A host name as the server takes it: letters, digits, `.`, `_`, `-` (others become `-`), at most 128, starting with a letter or digit. */
export function hostNameOf(name: string): string {
  const cleaned = name
    .replace(/[^a-zA-Z0-9._-]/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 128);
  return cleaned === '' ? 'host' : cleaned;
}

function resolveHostMetrics(v: unknown, hostname: () => string): ResolvedHostMetrics | undefined {
  if (v === undefined || v === false) return undefined;
  if (v !== true && (typeof v !== 'object' || v === null)) fail('collectHostMetrics', 'true, false or { host, intervalMs, nvidiaSmi }', v);
  const o = (v === true ? {} : v) as HostMetricsOptions;
  const host = o.host ?? hostNameOf(hostname());
  if (typeof host !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/.test(host))
    fail('collectHostMetrics.host', 'a name of letters, digits, ".", "_" or "-" (at most 128, starting with a letter or digit)', host);
  const nvidiaSmi = o.nvidiaSmi ?? 'nvidia-smi';
  if (nvidiaSmi !== false && (typeof nvidiaSmi !== 'string' || nvidiaSmi === '')) fail('collectHostMetrics.nvidiaSmi', 'a command or false', nvidiaSmi);
  return { host, intervalMs: int(o, 'intervalMs', 15_000, 1_000), nvidiaSmi };
}

/** Thrown by createClient when its options cannot work; the message says what to change. */
export class VigilSdkConfigError extends Error {
  override readonly name = 'VigilSdkConfigError';
}

function fail(field: string, expected: string, got: unknown): never {
  throw new VigilSdkConfigError(`Vigil SDK: option \`${field}\` must be ${expected} (got ${typeof got === 'string' ? JSON.stringify(got) : String(got)})`);
}

function int(options: object, field: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = (options as Record<string, unknown>)[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(field, `an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max}`, v);
  }
  return v;
}

function nonEmpty(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(field, 'a non-empty string', v);
  return v;
}

export function resolveClientOptions(options: VigilClientOptions, hostname: () => string = () => 'host'): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null)
    throw new VigilSdkConfigError('Vigil SDK: createClient needs an options object with url, apiKey and model');
  const url = nonEmpty(options.url, 'url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail('url', 'an absolute http(s) URL such as http://localhost:8080', url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail('url', 'an http: or https: URL', url);
  const version = options.version;
  if (version !== undefined && (typeof version !== 'string' || version.length < 1 || version.length > 128))
    fail('version', 'a string of 1 to 128 characters', version);
  const compression = options.compression ?? 'none';
  if (compression !== 'gzip' && compression !== 'none') fail('compression', "'gzip' or 'none'", compression);
  if (options.onError !== undefined && typeof options.onError !== 'function') fail('onError', 'a function', options.onError);
  const maxBatchSize = int(options, 'maxBatchSize', 1_000, 1, MAX_BATCH_EVENTS);
  const initialBackoffMs = int(options, 'initialBackoffMs', 100, 1);
  return {
    baseUrl: url.replace(/\/+$/, ''),
    apiKey: nonEmpty(options.apiKey, 'apiKey'),
    model: nonEmpty(options.model, 'model'),
    version,
    maxQueueSize: int(options, 'maxQueueSize', 100_000, 1),
    maxBatchSize,
    flushIntervalMs: int(options, 'flushIntervalMs', 1_000, 1),
    maxConcurrentRequests: int(options, 'maxConcurrentRequests', 4, 1, 64),
    maxRetries: int(options, 'maxRetries', 8, 0),
    initialBackoffMs,
    maxBackoffMs: int(options, 'maxBackoffMs', 30_000, initialBackoffMs),
    requestTimeoutMs: int(options, 'requestTimeoutMs', 10_000, 1),
    shutdownTimeoutMs: int(options, 'shutdownTimeoutMs', 10_000, 0),
    compression,
    onError: options.onError,
    diagnosticsIntervalMs: int(options, 'diagnosticsIntervalMs', 10_000, 1),
    hostMetrics: resolveHostMetrics(options.collectHostMetrics, hostname),
  };
}
