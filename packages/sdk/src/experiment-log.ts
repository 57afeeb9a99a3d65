// Experiments in the HTTP client: local assignment from each experiment's definition (fetched once,
// then cached), and exposures and outcomes queued per experiment, sent in batches off the caller's
// path, retried with backoff, and either acknowledged by the server or dropped and counted through
// the client's drop reporter — never thrown into the caller.

import { quickExposureCheck, quickOutcomeCheck } from '@vigil/wire';
import type { Timestamp } from '@vigil/wire';
import { backoffDelayMs, sleep } from './backoff.js';
import type { DropReason, DropReporter, DropSample, ExperimentStream } from './diagnostics.js';
import { assignVariant } from './experiment-assignment.js';
import type { ExperimentAssignment, ExperimentDefinition } from './experiment-assignment.js';
import { postBatch } from './http-sender.js';

export interface ExperimentLogOptions {
  readonly baseUrl: string;
  /** Authorization, content type and user agent (JSON bodies, uncompressed). */
  readonly headers: Readonly<Record<string, string>>;
  readonly maxBatchSize: number;
  readonly maxQueueSize: number;
  readonly flushIntervalMs: number;
  readonly maxRetries: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly requestTimeoutMs: number;
  /** How long a fetched definition is used before it is fetched again (default 60 000 ms). */
  readonly definitionTtlMs?: number;
  readonly reporter: DropReporter;
  /** Aborted when shutdown's deadline passes. */
  readonly stop: AbortSignal;
}

/** After a failed fetch, the definition is asked for again no sooner than this. */
const RETRY_DEFINITION_MS = 5_000;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;
const NONE: ExperimentAssignment = { variant: null, index: -1, hash: null };

interface Cached {
  def: ExperimentDefinition | null;
  until: number;
  pending?: Promise<ExperimentDefinition | null>;
}

interface Queue {
  readonly experiment: string;
  readonly stream: ExperimentStream;
  events: unknown[];
  sending: boolean;
}

function definitionOf(body: unknown): ExperimentDefinition | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const variants = b['variants'];
  if (typeof b['name'] !== 'string' || (b['hashVersion'] !== 1 && b['hashVersion'] !== 2) || typeof b['coverage'] !== 'number' || !Array.isArray(variants))
    return null;
  return {
    name: b['name'],
    key: typeof b['key'] === 'string' ? b['key'] : null,
    hashVersion: b['hashVersion'],
    coverage: b['coverage'],
    status: typeof b['status'] === 'string' ? b['status'] : 'running',
    variants: variants.map((v) => ({ name: String((v as { name?: unknown }).name), weight: Number((v as { weight?: unknown }).weight) })),
  };
}

export class ExperimentLog {
  private readonly definitions = new Map<string, Cached>();
  private readonly queues = new Map<string, Queue>();
  private readonly active = new Set<Promise<void>>();
  private readonly interval: ReturnType<typeof setInterval>;
  private held = 0;
  private inFlight = 0;
  private sentEvents = 0;
  private closed = false;

  constructor(private readonly o: ExperimentLogOptions) {
    this.interval = setInterval(() => this.sendAll(), o.flushIntervalMs);
    this.interval.unref();
  }

  /** The unit's variant, assigned locally; logs the exposure when the unit is in the experiment. Never rejects. */
  async assign(experiment: string, unit: string): Promise<ExperimentAssignment> {
    try {
      if (typeof unit !== 'string' || unit === '') return NONE;
      const def = await this.definition(experiment);
      if (def === null) return NONE;
      const a = assignVariant(def, unit);
      if (a.variant !== null) this.logExposure(experiment, unit, a.variant);
      return a;
    } catch {
      return NONE;
    }
  }

  logExposure(experiment: string, unit: string, variant: string, timestamp?: Timestamp): void {
    this.enqueue(experiment, 'exposures', { unit, variant, timestamp: timestamp ?? Date.now() }, quickExposureCheck);
  }

  logOutcome(experiment: string, unit: string, metric: string, value: number, timestamp?: Timestamp): void {
    this.enqueue(experiment, 'outcomes', { unit, metric, value, timestamp: timestamp ?? Date.now() }, quickOutcomeCheck);
  }

  /** Sends everything queued now and resolves once it is delivered or dropped. */
  async flush(): Promise<void> {
    // Two rounds: what was queued while the first round's sends were busy goes in the second.
    for (let round = 0; round < 2; round++) {
      this.sendAll(true);
      if (this.active.size === 0) return;
      await Promise.all([...this.active]);
    }
  }

  /** Takes no more events; what is queued is still sent by `flush()`. */
  close(): void {
    this.closed = true;
    clearInterval(this.interval);
  }

  stats(): { queued: number; inFlight: number; sent: number } {
    return { queued: this.held - this.inFlight, inFlight: this.inFlight, sent: this.sentEvents };
  }

  // --- definitions ---

  private async definition(experiment: string): Promise<ExperimentDefinition | null> {
    if (!NAME.test(experiment)) return null;
    const now = Date.now();
    const cached = this.definitions.get(experiment);
    if (cached !== undefined && (cached.until > now || cached.pending !== undefined)) return cached.pending ?? cached.def;
    const entry: Cached = cached ?? { def: null, until: 0 };
    entry.pending = this.fetchDefinition(experiment).then((def) => {
      // A definition that could not be read keeps the last good one, if any, until the next try.
      if (def !== null) entry.def = def;
      entry.until = Date.now() + (def === null ? RETRY_DEFINITION_MS : (this.o.definitionTtlMs ?? 60_000));
      delete entry.pending;
      return entry.def;
    });
    this.definitions.set(experiment, entry);
    return entry.pending;
  }

  private async fetchDefinition(experiment: string): Promise<ExperimentDefinition | null> {
    try {
      const res = await fetch(`${this.o.baseUrl}/v1/experiments/${encodeURIComponent(experiment)}`, {
        headers: { authorization: this.o.headers['authorization'] ?? '', 'user-agent': this.o.headers['user-agent'] ?? '' },
        signal: AbortSignal.any([this.o.stop, AbortSignal.timeout(this.o.requestTimeoutMs)]),
      });
      const text = await res.text();
      return res.status === 200 ? definitionOf(JSON.parse(text)) : null;
    } catch {
      return null;
    }
  }

  // --- queues ---

  private drop(reason: DropReason, stream: ExperimentStream, count: number, message: string, status?: number, path?: string): void {
    const sample: DropSample = { reason, stream, count, message, ...(status === undefined ? {} : { status }), ...(path === undefined ? {} : { path }) };
    this.o.reporter.drop(reason, count, sample);
  }

  private enqueue(experiment: string, stream: ExperimentStream, event: Record<string, unknown>, check: (e: unknown) => boolean): void {
    try {
      if (this.closed) return this.drop('shutdown', stream, 1, 'logged after shutdown()');
      if (this.held >= this.o.maxQueueSize) return this.drop('queueFull', stream, 1, `the client already holds maxQueueSize (${this.o.maxQueueSize}) events`);
      if (typeof experiment !== 'string' || !NAME.test(experiment)) return this.drop('invalid', stream, 1, 'an experiment name', undefined, 'experiment');
      if (!check(event))
        return this.drop(
          'invalid',
          stream,
          1,
          `not a valid ${stream === 'exposures' ? 'exposure' : 'outcome'} (unit, ${stream === 'exposures' ? 'variant' : 'metric, finite value'}, timestamp)`,
        );
      const key = `${stream}\u0000${experiment}`;
      let q = this.queues.get(key);
      if (q === undefined) this.queues.set(key, (q = { experiment, stream, events: [], sending: false }));
      q.events.push(event);
      this.held++;
      if (q.events.length >= this.o.maxBatchSize && !q.sending) setImmediate(() => this.send(q, false));
    } catch (e) {
      this.drop('invalid', stream, 1, `could not be read: ${String(e)}`);
    }
  }

  /** Starts a send on every queue that is not sending (full batches only, unless draining). */
  private sendAll(drain = true): void {
    for (const q of this.queues.values()) this.send(q, drain);
  }

  private send(q: Queue, drain: boolean): void {
    if (q.sending || q.events.length === 0 || (!drain && q.events.length < this.o.maxBatchSize)) return;
    q.sending = true;
    const run = (async () => {
      while (q.events.length > 0) {
        const batch = q.events.splice(0, this.o.maxBatchSize);
        this.inFlight += batch.length;
        try {
          await this.deliver(
            q,
            batch.map((e) => JSON.stringify(e)),
            true,
          );
        } finally {
          this.inFlight -= batch.length;
          this.held -= batch.length;
        }
      }
    })()
      .catch((e: unknown) => this.drop('rejected', q.stream, 0, `internal SDK error: ${String(e)}`))
      .finally(() => {
        q.sending = false;
        this.active.delete(run);
      });
    this.active.add(run);
  }

  private async deliver(q: Queue, parts: readonly string[], mayResendPartial: boolean): Promise<void> {
    const url = `${this.o.baseUrl}/v1/experiments/${encodeURIComponent(q.experiment)}/${q.stream}`;
    const body = `{"events":[${parts.join(',')}]}`;
    for (let attempt = 1; ; attempt++) {
      const r = await postBatch({ url, headers: this.o.headers, body, timeoutMs: this.o.requestTimeoutMs, stop: this.o.stop });
      if (r.kind === 'ok') {
        this.sentEvents += parts.length;
        return;
      }
      if (r.kind === 'aborted') return this.drop('shutdown', q.stream, parts.length, "still unsent when shutdown's deadline passed");
      if (r.kind === 'reject') {
        const named = new Set(r.details.flatMap((d) => (d.index !== undefined && d.index >= 0 && d.index < parts.length ? [d.index] : [])));
        if (r.status === 400 && mayResendPartial && named.size > 0 && named.size < parts.length) {
          for (const d of r.details) if (d.index !== undefined && named.has(d.index)) this.drop('rejected', q.stream, 1, d.message, 400, d.path);
          return this.deliver(
            q,
            parts.filter((_, i) => !named.has(i)),
            false,
          );
        }
        const first = r.details[0];
        return this.drop('rejected', q.stream, parts.length, `${r.message}${first === undefined ? '' : ` — ${first.path}: ${first.message}`}`, r.status);
      }
      if (attempt > this.o.maxRetries) return this.drop('retriesExhausted', q.stream, parts.length, r.message, r.status);
      await sleep(r.retryAfterMs ?? backoffDelayMs(attempt, this.o.initialBackoffMs, this.o.maxBackoffMs), this.o.stop);
      if (this.o.stop.aborted) return this.drop('shutdown', q.stream, parts.length, "still unsent when shutdown's deadline passed");
    }
  }
}
