// createClient: the batching HTTP client. Logging only queues; batches are validated, encoded and
// sent off the caller's path, retried with backoff, and every event ends up either acknowledged by
// the server or dropped and counted — never thrown into the caller.

import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { LabelValue, PredictionEvent, Timestamp } from '@vigil/wire';
import { backoffDelayMs, sleep } from './backoff.js';
import { resolveClientOptions } from './client-options.js';
import type { ResolvedClientOptions, VigilClientOptions } from './client-options.js';
import { DropReporter, warnDiagnostic } from './diagnostics.js';
import type { DropReason, DropSample, EventStream, VigilSdkStats } from './diagnostics.js';
import { makeLabelEvent, makeMetricEvent } from './event-defaults.js';
import { EventQueue } from './event-queue.js';
import { batchBody, idInJson, serializeEvent } from './event-serialization.js';
import { validateEvents } from './event-validation.js';
import { HostReporter } from './host-metrics/host-reporter.js';
import type { ExperimentAssignment } from './experiment-assignment.js';
import { ExperimentLog } from './experiment-log.js';
import { postBatch } from './http-sender.js';
import type { SendOutcome } from './http-sender.js';
import type { VigilClient } from './vigil-client.js';

const gzipAsync = promisify(gzip);

const STREAMS: readonly EventStream[] = ['predictions', 'labels', 'metrics'];
const SDK_USER_AGENT = 'vigil-sdk-node/0.1.0';

type PerStream<T> = Record<EventStream, T>;

interface FlushWaiter {
  /** Counts of enqueued events per stream when flush() was called. */
  readonly targets: PerStream<number>;
  readonly resolve: () => void;
}

/** `events[3].features.age` (the server's path in the batch) → `features.age` (the path in the event). */
function eventPath(path: string): string {
  const rest = path.replace(/^[A-Za-z_$][\w$]*\[\d+\]\.?/, '');
  return rest === '' ? '(root)' : rest;
}

function idOf(event: unknown): string | undefined {
  try {
    const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    // A getter or proxy that throws: the event is described without its id.
    return undefined;
  }
}

class HttpVigilClient implements VigilClient {
  private readonly o: ResolvedClientOptions;
  /** The client's version as a JSON string literal, spliced into predictions that lack one. */
  private readonly versionJson: string | undefined;
  private readonly maxQueueSize: number;
  private readonly maxBatchSize: number;
  // One queue per endpoint; the bound `maxQueueSize` applies to `held`, their sum plus in-flight events.
  private readonly predictionQueue = new EventQueue<unknown>();
  private readonly labelQueue = new EventQueue<unknown>();
  private readonly metricQueue = new EventQueue<unknown>();
  private readonly queues: PerStream<EventQueue<unknown>> = { predictions: this.predictionQueue, labels: this.labelQueue, metrics: this.metricQueue };
  private held = 0;
  private inFlightEvents = 0;
  private sentEvents = 0;
  // Monotonic counters per stream: events ever queued, and events ever taken out of the queue (sent
  // or dropped). Partial batches go out while taken < drainTo, which the interval timer and flush() raise.
  private readonly enqueued: PerStream<number> = { predictions: 0, labels: 0, metrics: 0 };
  private readonly taken: PerStream<number> = { predictions: 0, labels: 0, metrics: 0 };
  private readonly drainTo: PerStream<number> = { predictions: 0, labels: 0, metrics: 0 };
  private activeRequests = 0;
  private readonly active = new Set<Promise<void>>();
  private waiters: FlushWaiter[] = [];
  private pumpScheduled = false;
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;
  /** Aborted when shutdown's deadline passes: in-flight requests and backoff sleeps end at once. */
  private readonly stop = new AbortController();
  private readonly interval: ReturnType<typeof setInterval>;
  private readonly reporter: DropReporter;
  /** Experiment definitions, exposures and outcomes. */
  private readonly experiments: ExperimentLog;
  /** The host collector of `collectHostMetrics`, if on. */
  private readonly hostReporter: HostReporter | undefined;
  private readonly urls: PerStream<string>;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly runPump = (): void => {
    this.pumpScheduled = false;
    this.pump();
  };

  constructor(options: VigilClientOptions) {
    this.o = resolveClientOptions(options, hostname);
    this.versionJson = this.o.version === undefined ? undefined : JSON.stringify(this.o.version);
    this.maxQueueSize = this.o.maxQueueSize;
    this.maxBatchSize = this.o.maxBatchSize;
    const base = `${this.o.baseUrl}/v1/models/${encodeURIComponent(this.o.model)}`;
    this.urls = { predictions: `${base}/predictions`, labels: `${base}/labels`, metrics: `${base}/metrics` };
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.o.apiKey}`,
      'content-type': 'application/json',
      'user-agent': SDK_USER_AGENT,
    };
    if (this.o.compression === 'gzip') headers['content-encoding'] = 'gzip';
    this.headers = headers;
    this.reporter = new DropReporter(this.o.diagnosticsIntervalMs, this.o.onError ?? warnDiagnostic, () => this.stats());
    this.experiments = new ExperimentLog({
      baseUrl: this.o.baseUrl,
      headers: { authorization: `Bearer ${this.o.apiKey}`, 'content-type': 'application/json', 'user-agent': SDK_USER_AGENT },
      maxBatchSize: this.o.maxBatchSize,
      maxQueueSize: this.o.maxQueueSize,
      flushIntervalMs: this.o.flushIntervalMs,
      maxRetries: this.o.maxRetries,
      initialBackoffMs: this.o.initialBackoffMs,
      maxBackoffMs: this.o.maxBackoffMs,
      requestTimeoutMs: this.o.requestTimeoutMs,
      reporter: this.reporter,
      stop: this.stop.signal,
    });
    this.interval = setInterval(() => this.tick(), this.o.flushIntervalMs);
    // Logging must never keep the application alive on its own.
    this.interval.unref();
    const hm = this.o.hostMetrics;
    if (hm !== undefined) {
      this.hostReporter = new HostReporter({
        url: this.o.baseUrl,
        apiKey: this.o.apiKey,
        host: hm.host,
        models: [this.o.model],
        intervalMs: hm.intervalMs,
        collector: { node: true, nvidiaSmi: hm.nvidiaSmi },
        onWarning: (message) => process.emitWarning(`Vigil SDK host metrics: ${message}`, 'VigilSdkWarning'),
      });
      this.hostReporter.start();
    }
  }

  // --- the caller's path: check, record the time, queue, return ---

  logPrediction(event: PredictionEvent): void {
    try {
      if (this.closed) return this.dropAtEntry('shutdown', 'predictions', event, 'logged after shutdown()');
      if (this.held >= this.maxQueueSize) return this.dropAtEntry('queueFull', 'predictions', event, this.queueFullMessage());
      if (typeof event !== 'object' || event === null) return this.dropAtEntry('invalid', 'predictions', event, 'a prediction event object');
      // Defaults are filled at batch time from the time recorded here: no copy on the caller's path.
      this.enqueue(this.predictionQueue, 'predictions', event, Date.now());
    } catch (e) {
      this.dropAfterThrow('predictions', e);
    }
  }

  logLabel(id: string, label: LabelValue, timestamp?: Timestamp): void {
    try {
      if (this.closed) return this.dropAtEntry('shutdown', 'labels', { id }, 'logged after shutdown()');
      if (this.held >= this.maxQueueSize) return this.dropAtEntry('queueFull', 'labels', { id }, this.queueFullMessage());
      const now = Date.now();
      this.enqueue(this.labelQueue, 'labels', makeLabelEvent(id, label, timestamp, now), now);
    } catch (e) {
      this.dropAfterThrow('labels', e);
    }
  }

  logMetric(name: string, value: number, labels?: Readonly<Record<string, string>>, timestamp?: Timestamp): void {
    try {
      if (this.closed) return this.dropAtEntry('shutdown', 'metrics', undefined, 'logged after shutdown()');
      if (this.held >= this.maxQueueSize) return this.dropAtEntry('queueFull', 'metrics', undefined, this.queueFullMessage());
      const now = Date.now();
      this.enqueue(this.metricQueue, 'metrics', makeMetricEvent(name, value, labels, timestamp, now), now);
    } catch (e) {
      this.dropAfterThrow('metrics', e);
    }
  }

  assign(experiment: string, unit: string): Promise<ExperimentAssignment> {
    return this.experiments.assign(experiment, unit);
  }

  logExposure(experiment: string, unit: string, variant: string, timestamp?: Timestamp): void {
    this.experiments.logExposure(experiment, unit, variant, timestamp);
  }

  logOutcome(experiment: string, unit: string, metric: string, value: number, timestamp?: Timestamp): void {
    this.experiments.logOutcome(experiment, unit, metric, value, timestamp);
  }

  private enqueue(queue: EventQueue<unknown>, stream: EventStream, event: unknown, loggedAt: number): void {
    queue.push(event, loggedAt);
    this.held++;
    this.enqueued[stream]++;
    // A full batch goes out on the next turn of the event loop, never on the caller's stack.
    if (queue.length >= this.maxBatchSize && !this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(this.runPump);
    }
  }

  private queueFullMessage(): string {
    return `the client already holds maxQueueSize (${this.maxQueueSize}) events; the server is slow or unreachable`;
  }

  private dropAtEntry(reason: DropReason, stream: EventStream, event: unknown, message: string): void {
    if (!this.reporter.wantsSample()) return this.reporter.drop(reason, 1);
    const id = idOf(event);
    this.reporter.drop(reason, 1, id === undefined ? { reason, stream, count: 1, message } : { reason, stream, count: 1, message, id });
  }

  private dropAfterThrow(stream: EventStream, e: unknown): void {
    try {
      this.reporter.drop('invalid', 1, { reason: 'invalid', stream, count: 1, message: `could not be read: ${String(e)}` });
    } catch {
      // Nothing is left to do that could be trusted; the caller must still not see an exception.
    }
  }

  // --- flushing ---

  flush(): Promise<void> {
    try {
      const targets = { ...this.enqueued };
      for (const s of STREAMS) this.drainTo[s] = Math.max(this.drainTo[s], targets[s]);
      const done = new Promise<void>((resolve) => this.waiters.push({ targets, resolve }));
      this.pump();
      return Promise.all([done, this.experiments.flush()]).then(() => undefined);
    } catch {
      return Promise.resolve();
    }
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.runShutdown();
    return this.shutdownPromise;
  }

  stats(): VigilSdkStats {
    const x = this.experiments.stats();
    return {
      queued: this.held - this.inFlightEvents + x.queued,
      inFlight: this.inFlightEvents + x.inFlight,
      sent: this.sentEvents + x.sent,
      dropped: { ...this.reporter.totals },
    };
  }

  private async runShutdown(): Promise<void> {
    try {
      this.closed = true;
      this.experiments.close();
      clearInterval(this.interval);
      const host = this.hostReporter?.shutdown(this.o.shutdownTimeoutMs);
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        this.flush().then(() => false),
        new Promise<boolean>((resolve) => {
          deadline = setTimeout(() => resolve(true), this.o.shutdownTimeoutMs);
        }),
      ]);
      clearTimeout(deadline);
      if (timedOut) {
        this.stop.abort();
        this.pump();
        await Promise.all([...this.active]);
      }
      await host;
      this.reporter.emitNow();
    } catch {
      // shutdown() never rejects.
    }
  }

  private tick(): void {
    for (const s of STREAMS) this.drainTo[s] = this.enqueued[s];
    this.pump();
  }

  /** Starts as many batches as the concurrency limit allows: full ones always, partial ones while draining. */
  private pump(): void {
    if (this.stop.signal.aborted) {
      this.dropAllQueued();
    } else {
      const max = this.o.maxConcurrentRequests;
      let progress = true;
      while (progress && this.activeRequests < max) {
        progress = false;
        // One batch per stream per round, so a flood of predictions cannot starve labels.
        for (const s of STREAMS) {
          if (this.activeRequests >= max) break;
          const q = this.queues[s];
          const n = q.length;
          if (n === 0 || (n < this.maxBatchSize && this.taken[s] >= this.drainTo[s])) continue;
          const batch = q.take(this.maxBatchSize);
          this.taken[s] += batch.items.length;
          this.startBatch(s, batch.items, batch.times);
          progress = true;
        }
      }
    }
    this.settleWaiters();
  }

  private startBatch(stream: EventStream, batch: unknown[], loggedAt: number[]): void {
    // runBatch empties `batch` once serialised, so the count is taken now.
    const n = batch.length;
    this.activeRequests++;
    this.inFlightEvents += n;
    const p: Promise<void> = this.runBatch(stream, batch, loggedAt)
      .catch((e: unknown) => {
        // runBatch accounts for every event; reaching here is a bug, but the events must still be counted.
        this.reporter.drop('rejected', n, { reason: 'rejected', stream, count: n, message: `internal SDK error: ${String(e)}` });
      })
      .finally(() => {
        this.activeRequests--;
        this.inFlightEvents -= n;
        this.held -= n;
        this.active.delete(p);
        this.pump();
      });
    this.active.add(p);
  }

  private dropAllQueued(): void {
    for (const s of STREAMS) {
      const n = this.queues[s].clear().length;
      if (n === 0) continue;
      this.taken[s] += n;
      this.held -= n;
      this.reporter.drop('shutdown', n, {
        reason: 'shutdown',
        stream: s,
        count: n,
        message: `still queued when shutdown's ${this.o.shutdownTimeoutMs} ms deadline passed`,
      });
    }
  }

  /** A flush is done once everything queued before it left the queue and the batches holding it settled. */
  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const waiting: FlushWaiter[] = [];
    for (const w of this.waiters) {
      if (STREAMS.every((s) => this.taken[s] >= w.targets[s])) {
        void Promise.all([...this.active]).then(w.resolve);
      } else waiting.push(w);
    }
    this.waiters = waiting;
  }

  // --- one batch: validate, encode, send, retry ---

  private async runBatch(stream: EventStream, batch: unknown[], loggedAt: number[]): Promise<void> {
    const { valid, invalid } = validateEvents(stream, batch);
    for (const bad of invalid) {
      const more = bad.problems > 1 ? ` (and ${bad.problems - 1} more problem${bad.problems > 2 ? 's' : ''})` : '';
      const sample: DropSample = { reason: 'invalid', stream, count: 1, message: `${bad.message}${more}`, path: bad.path };
      this.reporter.drop('invalid', 1, bad.id === undefined ? sample : { ...sample, id: bad.id });
    }
    const parts: string[] = [];
    for (const i of valid) {
      try {
        parts.push(serializeEvent(stream, batch[i], loggedAt[i]!, this.versionJson));
      } catch (e) {
        // A getter that throws or changes its answer between validation and now.
        this.drop('invalid', stream, 1, { message: `could not be encoded as JSON: ${String(e)}` });
      }
    }
    // From here on the batch is strings: the caller's objects can be collected while it is retried.
    batch.length = 0;
    if (parts.length > 0) await this.deliver(stream, parts, true);
  }

  /**
   * Sends the events (`parts`, their JSON) until the server acknowledges them, retrying network
   * errors, 5xx and 429 with backoff (or the server's Retry-After). `mayResendPartial` allows one
   * resend without the events a 400 named, so one bad event does not cost the whole batch.
   */
  private async deliver(stream: EventStream, parts: readonly string[], mayResendPartial: boolean): Promise<void> {
    const json = batchBody(stream, parts);
    const body = this.o.compression === 'gzip' ? await gzipAsync(json) : json;
    for (let attempt = 1; ; attempt++) {
      const r = await postBatch({ url: this.urls[stream], headers: this.headers, body, timeoutMs: this.o.requestTimeoutMs, stop: this.stop.signal });
      if (r.kind === 'ok') {
        this.sentEvents += parts.length;
        return;
      }
      if (r.kind === 'aborted') {
        this.drop('shutdown', stream, parts.length, { message: `still unsent when shutdown's ${this.o.shutdownTimeoutMs} ms deadline passed` });
        return;
      }
      if (r.kind === 'reject') {
        await this.handleReject(stream, parts, r, mayResendPartial);
        return;
      }
      if (attempt > this.o.maxRetries) {
        this.drop('retriesExhausted', stream, parts.length, r.status === undefined ? { message: r.message } : { message: r.message, status: r.status });
        return;
      }
      await sleep(r.retryAfterMs ?? backoffDelayMs(attempt, this.o.initialBackoffMs, this.o.maxBackoffMs), this.stop.signal);
      if (this.stop.signal.aborted) {
        this.drop('shutdown', stream, parts.length, { message: `still unsent when shutdown's ${this.o.shutdownTimeoutMs} ms deadline passed` });
        return;
      }
    }
  }

  private async handleReject(
    stream: EventStream,
    parts: readonly string[],
    r: Extract<SendOutcome, { kind: 'reject' }>,
    mayResendPartial: boolean,
  ): Promise<void> {
    // Too large for the server's body limit: halves are new requests, not retries of the same one.
    if (r.status === 413 && parts.length > 1) {
      const mid = parts.length >>> 1;
      await this.deliver(stream, parts.slice(0, mid), mayResendPartial);
      await this.deliver(stream, parts.slice(mid), mayResendPartial);
      return;
    }
    const named = new Map<number, { path: string; message: string }>();
    for (const d of r.details) {
      if (d.index !== undefined && Number.isInteger(d.index) && d.index >= 0 && d.index < parts.length && !named.has(d.index)) named.set(d.index, d);
    }
    if (r.status === 400 && mayResendPartial && named.size > 0 && named.size < parts.length) {
      for (const [i, d] of named) {
        const id = this.reporter.wantsSample() ? idInJson(parts[i]) : undefined;
        const sample: DropSample = { reason: 'rejected', stream, count: 1, status: 400, message: d.message, path: eventPath(d.path) };
        this.reporter.drop('rejected', 1, id === undefined ? sample : { ...sample, id });
      }
      await this.deliver(
        stream,
        parts.filter((_, i) => !named.has(i)),
        false,
      );
      return;
    }
    const first = r.details[0];
    const detail = first === undefined ? '' : ` — ${first.path}: ${first.message}`;
    this.drop('rejected', stream, parts.length, { message: `${r.message}${detail}`, status: r.status });
  }

  private drop(reason: DropReason, stream: EventStream, count: number, what: { message: string; status?: number }): void {
    const sample: DropSample =
      what.status === undefined ? { reason, stream, count, message: what.message } : { reason, stream, count, message: what.message, status: what.status };
    this.reporter.drop(reason, count, sample);
  }
}

/**
 * A client that sends predictions, labels and metrics to a Vigil server in batches. Throws
 * `VigilSdkConfigError` here if the options cannot work; after that, nothing it does throws.
 * Its interval timer never keeps the process alive, so call `shutdown()` before the process exits
 * or events still queued are lost; a request being sent or retried does keep it alive, for at most
 * its retry budget.
 */
export function createClient(options: VigilClientOptions): VigilClient {
  return new HttpVigilClient(options);
}
