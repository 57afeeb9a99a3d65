// Sends a host's samples to `POST /v1/hosts/{host}/samples`: one sample per interval into a bounded
// buffer, sent in batches with the SDK's retry rules (network errors, 5xx, 408 and 429 are retried
// with full-jitter backoff or the server's Retry-After; other 4xx drop the batch). Collecting never
// waits for sending: a server that is down fills the buffer, and past its bound the oldest samples
// go, counted. `vigil agent` and the SDK's `collectHostMetrics` both run this.

import type { HostSample, HostSamples, ServedModel } from '@vigil/wire';
import { MAX_HOST_SAMPLES } from '@vigil/wire';
import { backoffDelayMs, sleep } from '../backoff.js';
import { postBatch } from '../http-sender.js';
import { HostCollector } from './host-collector.js';
import type { HostCollectorOptions, HostSnapshot } from './host-collector.js';

export interface HostReporterOptions {
  /** The Vigil server's base URL. */
  readonly url: string;
  /** A key with ingest scope. */
  readonly apiKey: string;
  /** The host's name on the server. */
  readonly host: string;
  /** The models this host serves. */
  readonly models?: readonly ServedModel[];
  /** The host's labels, which the price book may match. */
  readonly labels?: Readonly<Record<string, string>>;
  /** How often a sample is read, in ms. Default 15 000. */
  readonly intervalMs?: number;
  /** Most samples held while the server cannot be reached (the oldest go first). Default 2 880 (12 h at 15 s). */
  readonly maxBuffered?: number;
  /** Most samples in one request. Default 100. */
  readonly maxBatch?: number;
  /** Retries of one request. Default 5; the samples stay buffered after that and go with the next send. */
  readonly maxRetries?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly requestTimeoutMs?: number;
  /** Whether the interval timer keeps the process alive (the agent: yes; the SDK: no). Default false. */
  readonly keepAlive?: boolean;
  /** What the collector reads (or a collector of the caller's). */
  readonly collector?: HostCollector | HostCollectorOptions;
  /** Told about problems: a source that cannot be read (once), samples dropped, a refused batch. */
  readonly onWarning?: (message: string) => void;
  /** Points added to each sample (the agent's scrapes), given what the collector read. */
  readonly extraPoints?: (snapshot: HostSnapshot) => Promise<HostSample['points']>;
}

export interface HostReporterStats {
  collected: number;
  sent: number;
  /** Samples dropped: buffer full, refused by the server. */
  dropped: number;
  buffered: number;
}

export class HostReporter {
  private readonly collector: HostCollector;
  private readonly ownsCollector: boolean;
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly intervalMs: number;
  private readonly maxBuffered: number;
  private readonly maxBatch: number;
  private readonly maxRetries: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;
  private readonly onWarning: (message: string) => void;
  private buffer: HostSample[] = [];
  private gpus: HostSamples['gpus'];
  private timer: ReturnType<typeof setInterval> | undefined;
  private collecting: Promise<void> | undefined;
  private sending: Promise<boolean> | undefined;
  private readonly stop = new AbortController();
  private readonly counts: HostReporterStats = { collected: 0, sent: 0, dropped: 0, buffered: 0 };

  constructor(private readonly options: HostReporterOptions) {
    this.ownsCollector = !(options.collector instanceof HostCollector);
    this.onWarning = options.onWarning ?? (() => undefined);
    this.collector =
      options.collector instanceof HostCollector ? options.collector : new HostCollector({ onWarning: (m) => this.warn(m), ...options.collector });
    this.url = `${options.url.replace(/\/+$/, '')}/v1/hosts/${encodeURIComponent(options.host)}/samples`;
    this.headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', 'user-agent': 'vigil-agent/0.1.0' };
    this.intervalMs = options.intervalMs ?? 15_000;
    this.maxBuffered = options.maxBuffered ?? 2_880;
    this.maxBatch = Math.min(options.maxBatch ?? 100, MAX_HOST_SAMPLES);
    this.maxRetries = options.maxRetries ?? 5;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  /** Collects and sends every interval until `shutdown()`. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    if (this.options.keepAlive !== true) this.timer.unref();
    this.tick();
  }

  stats(): HostReporterStats {
    return { ...this.counts, buffered: this.buffer.length };
  }

  private tick(): void {
    // A collection still running (a slow nvidia-smi) is not doubled; sending runs beside it.
    const collecting = (this.collecting ??= this.collectOnce().then(
      () => undefined,
      (e: unknown) => this.warn(`collecting a sample failed: ${String(e)}`),
    ));
    void collecting.then(() => {
      if (this.collecting === collecting) this.collecting = undefined;
      return this.send();
    });
  }

  /** Reads one sample into the buffer; answers it (with the extra points). */
  async collectOnce(): Promise<HostSnapshot> {
    const snap = await this.collector.collect();
    const extra = this.options.extraPoints === undefined ? [] : await this.options.extraPoints(snap).catch(() => []);
    this.gpus = snap.gpus;
    const points = [...snap.points, ...extra];
    this.buffer.push({ timestamp: snap.timestamp, points });
    this.counts.collected++;
    if (this.buffer.length > this.maxBuffered) {
      const n = this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, n);
      this.counts.dropped += n;
      this.warn(`${n} sample(s) dropped: more than ${this.maxBuffered} waiting for the server`);
    }
    return { ...snap, points };
  }

  /** Sends what is buffered (one send at a time); true when the buffer was emptied. */
  send(): Promise<boolean> {
    this.sending ??= this.sendAll().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async sendAll(): Promise<boolean> {
    while (this.buffer.length > 0 && !this.stop.signal.aborted) {
      const batch = this.buffer.slice(0, this.maxBatch);
      const body: HostSamples = { samples: batch };
      if (this.gpus !== undefined) body.gpus = this.gpus;
      if (this.options.models !== undefined) body.models = [...this.options.models];
      if (this.options.labels !== undefined) body.labels = { ...this.options.labels };
      const outcome = await this.post(JSON.stringify(body));
      if (outcome === 'retry-later') return false;
      // Sent or refused for good: either way these samples leave the buffer (by identity: the bound
      // may have dropped older ones while the request was out).
      const done = new Set(batch);
      this.buffer = this.buffer.filter((x) => !done.has(x));
      if (outcome === 'sent') this.counts.sent += batch.length;
      else this.counts.dropped += batch.length;
    }
    return this.buffer.length === 0;
  }

  private async post(body: string): Promise<'sent' | 'refused' | 'retry-later'> {
    for (let attempt = 1; ; attempt++) {
      const r = await postBatch({ url: this.url, headers: this.headers, body, timeoutMs: this.requestTimeoutMs, stop: this.stop.signal });
      if (r.kind === 'ok') return 'sent';
      if (r.kind === 'aborted') return 'retry-later';
      if (r.kind === 'reject') {
        const first = r.details[0];
        this.warn(
          `the server refused a batch of samples (${r.status}: ${r.message}${first === undefined ? '' : ` — ${first.path}: ${first.message}`}); it is dropped`,
        );
        return 'refused';
      }
      if (attempt > this.maxRetries) {
        this.warn(`samples not delivered yet (${r.message}); ${this.buffer.length} held, tried again at the next interval`);
        return 'retry-later';
      }
      await sleep(r.retryAfterMs ?? backoffDelayMs(attempt, this.initialBackoffMs, this.maxBackoffMs), this.stop.signal);
    }
  }

  private warn(message: string): void {
    try {
      this.onWarning(message);
    } catch {
      // Never into the caller.
    }
  }

  /** Stops the timer and sends what is buffered, giving up after `timeoutMs`; never rejects. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        (async () => {
          await this.collecting;
          await this.send();
          if (this.buffer.length > 0 && !this.stop.signal.aborted) await this.send();
        })(),
        new Promise<void>((resolve) => {
          deadline = setTimeout(resolve, timeoutMs);
        }),
      ]);
    } catch {
      // shutdown never rejects
    } finally {
      clearTimeout(deadline);
      this.stop.abort();
      if (this.ownsCollector) this.collector.close();
    }
  }
}
