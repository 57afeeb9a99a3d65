// The ingest queue on NATS JetStream: ingest publishes each accepted batch to a stream (file
// storage, `Nats-Msg-Id` = the batch's digest, so a batch sent twice within the duplicate window is
// kept once) and answers only after JetStream's publish ack; every replica binds the same durable
// pull consumer, writes each batch to the store and acks it only after the commit. Writes are
// idempotent (event ids are unique per model), so a batch delivered again after a crash stores nothing twice.

import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AckPolicy, DiscardPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { ServiceBusyError } from '../errors.js';

/** One accepted batch as it travels through the queue. */
export interface QueuedBatch {
  readonly kind: 'prediction' | 'label' | 'metric';
  readonly projectId: number;
  readonly model: string;
  /** When ingest accepted it (epoch ms): the time of events that carry none, and their `received_at`. */
  readonly receivedAt: number;
  readonly items: readonly unknown[];
}

export interface IngestQueueOptions {
  /** NATS servers, `nats://host:4222` each. */
  readonly servers: readonly string[];
  /** The JetStream stream (created when absent). */
  readonly stream: string;
  /** Copies of the stream JetStream keeps (a NATS cluster of at least that many servers). */
  readonly replicas: number;
  /** The durable consumer every replica binds. */
  readonly consumer: string;
  /** How long a publish may wait for JetStream's ack before ingest answers 503 (default 5 s). */
  readonly publishTimeoutMs?: number;
  /** How long a delivered batch may stay unacked before JetStream delivers it again (default 30 s). */
  readonly ackWaitMs?: number;
  /** Batches this replica writes at once (default 4). */
  readonly concurrency?: number;
  /** Seconds ingest tells clients to wait when the queue cannot take a batch (default 2). */
  readonly retryAfterSeconds?: number;
  readonly logger?: Logger | undefined;
}

/** What this replica knows of the queue, for /healthz and /metrics. */
export interface QueueStatus {
  readonly connected: boolean;
  readonly stream: string;
  readonly consumer: string;
  /** Batches in the stream not yet acked by the consumer group (pending + delivered-unacked), as last read. */
  readonly lag: number | null;
  readonly pending: number | null;
  readonly ackPending: number | null;
  /** Batches this replica was handed again (a previous delivery went unacked). */
  readonly redeliveries: number;
  readonly published: number;
  readonly publishFailures: number;
  readonly written: number;
}

/** Writes one batch; throwing a `permanent` error terminates the message (never delivered again), any other error redelivers it later. */
export type BatchWriter = (batch: QueuedBatch, delivery: { redelivered: boolean }) => Promise<void>;

/** The hex SHA-256 of a batch's content: the same batch sent twice gets the same id. */
export function batchDigest(batch: Pick<QueuedBatch, 'kind' | 'projectId' | 'model' | 'items'>): string {
  return createHash('sha256')
    .update(JSON.stringify([batch.kind, batch.projectId, batch.model, batch.items]))
    .digest('hex');
}

export function encodeBatch(batch: QueuedBatch): Uint8Array {
  return gzipSync(JSON.stringify(batch), { level: 1 });
}

export function decodeBatch(data: Uint8Array): QueuedBatch {
  const b = JSON.parse(gunzipSync(data).toString('utf8')) as QueuedBatch;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.items) || typeof b.model !== 'string' || typeof b.projectId !== 'number')
    throw new Error('not a Vigil ingest batch');
  return b;
}

/** Splits a batch into parts whose encoded size is at most `maxBytes` (halving; each part keeps its own digest). */
export function splitToFit(batch: QueuedBatch, maxBytes: number): { batch: QueuedBatch; data: Uint8Array }[] {
  const data = encodeBatch(batch);
  if (data.length <= maxBytes || batch.items.length <= 1) return [{ batch, data }];
  const half = Math.ceil(batch.items.length / 2);
  return [...splitToFit({ ...batch, items: batch.items.slice(0, half) }, maxBytes), ...splitToFit({ ...batch, items: batch.items.slice(half) }, maxBytes)];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class IngestQueue {
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private connected = false;
  private ready = false;
  private closed = false;
  private messages: ConsumerMessages | undefined;
  private writer: BatchWriter | undefined;
  private isPermanent: (err: unknown) => boolean = () => false;
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private counts = { redeliveries: 0, published: 0, publishFailures: 0, written: 0 };
  private lag: { pending: number; ackPending: number } | undefined;
  private readonly subject: string;
  private running: Promise<void> | undefined;

  constructor(private readonly options: IngestQueueOptions) {
    this.subject = `${options.stream}.batches`;
  }

  /** Starts connecting (in the background: a replica serves reads, and answers ingest 503, while NATS is away). */
  start(writer?: BatchWriter, isPermanent?: (err: unknown) => boolean): void {
    this.writer = writer;
    if (isPermanent !== undefined) this.isPermanent = isPermanent;
    this.running = this.run();
    this.lagTimer = setInterval(() => void this.readLag(), 1000);
    this.lagTimer.unref();
  }

  private get log(): Logger | undefined {
    return this.options.logger;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        if (this.nc === undefined) await this.connect();
        if (!this.ready) await this.ensureStream();
        if (this.writer !== undefined) await this.consume();
        else await this.nc?.closed();
      } catch (err) {
        if (!this.closed) this.log?.warn({ err: String(err) }, 'ingest queue: not ready, retrying');
      }
      if (!this.closed) await sleep(500);
    }
  }

  private async connect(): Promise<void> {
    const nc = await connect({
      servers: [...this.options.servers],
      name: `vigil-${process.pid}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 2000,
      pingInterval: 5000,
      maxPingOut: 2,
    });
    this.nc = nc;
    this.js = jetstream(nc, { timeout: this.options.publishTimeoutMs ?? 5000 });
    this.connected = true;
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') this.connected = false;
        else if (s.type === 'reconnect') this.connected = true;
      }
    })().catch(() => {});
    void nc.closed().then(() => {
      this.connected = false;
      if (this.nc === nc) {
        this.nc = undefined;
        this.js = undefined;
        this.jsm = undefined;
        this.ready = false;
      }
    });
  }

  private async ensureStream(): Promise<void> {
    const nc = this.nc!;
    const jsm = await jetstreamManager(nc);
    this.jsm = jsm;
    const { stream, consumer, replicas } = this.options;
    try {
      await jsm.streams.info(stream);
    } catch {
      await jsm.streams.add({
        name: stream,
        subjects: [this.subject],
        storage: StorageType.File,
        retention: RetentionPolicy.Workqueue,
        discard: DiscardPolicy.New,
        num_replicas: replicas,
        duplicate_window: nanos(120_000),
      });
    }
    try {
      await jsm.consumers.info(stream, consumer);
    } catch {
      await jsm.consumers.add(stream, {
        durable_name: consumer,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
        max_deliver: -1,
        max_ack_pending: 1000,
      });
    }
    this.ready = true;
  }

  /** Pulls batches for as long as the connection lasts, `concurrency` at a time. */
  private async consume(): Promise<void> {
    const js = this.js!;
    const c = await js.consumers.get(this.options.stream, this.options.consumer);
    const limit = this.options.concurrency ?? 4;
    const messages = await c.consume({ max_messages: Math.max(limit * 4, 16) });
    this.messages = messages;
    for await (const m of messages) {
      if (this.closed) break;
      const p = this.handle(m).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
      if (this.inFlight.size >= limit) await Promise.race(this.inFlight);
    }
    await Promise.all(this.inFlight);
  }

  private async handle(m: JsMsg): Promise<void> {
    const redelivered = m.info.redelivered;
    if (redelivered) this.counts.redeliveries++;
    let batch: QueuedBatch;
    try {
      batch = decodeBatch(m.data);
    } catch (err) {
      this.log?.error({ err: String(err), seq: m.seq }, 'ingest queue: a message that is no batch, dropped');
      m.term('undecodable');
      return;
    }
    try {
      await this.writer!(batch, { redelivered });
    } catch (err) {
      if (this.isPermanent(err)) {
        this.log?.error({ err, seq: m.seq, model: batch.model }, 'ingest queue: a batch the store refuses, dropped');
        m.term('refused by the store');
        return;
      }
      this.log?.warn({ err, seq: m.seq, model: batch.model }, 'ingest queue: batch not written, delivered again later');
      m.nak(1000);
      return;
    }
    this.counts.written++;
    // A lost ack only means one more idempotent write.
    await m.ackAck().catch(() => false);
  }

  private async readLag(): Promise<void> {
    const jsm = this.jsm;
    if (!this.connected || !this.ready || jsm === undefined) return;
    try {
      const info = await jsm.consumers.info(this.options.stream, this.options.consumer);
      this.lag = { pending: info.num_pending, ackPending: info.num_ack_pending };
    } catch {
      // Leaves the last reading; /healthz says whether NATS is connected.
    }
  }

  /** Publishes a batch (in parts if it is over NATS' payload limit) and answers after JetStream acked every part; 503 with Retry-After when it cannot. */
  async publish(batch: QueuedBatch): Promise<{ duplicate: boolean }> {
    const retryAfter = this.options.retryAfterSeconds ?? 2;
    const busy = (why: string) =>
      new ServiceBusyError(
        `the ingest queue cannot take the batch (${why}); nothing was accepted, retry after ${retryAfter} s`,
        retryAfter,
        'QUEUE_UNAVAILABLE',
        503,
      );
    const js = this.js;
    if (js === undefined || !this.connected || !this.ready) {
      this.counts.publishFailures++;
      throw busy('NATS is not reachable');
    }
    const maxPayload = Math.max(64 * 1024, (this.nc?.info?.max_payload ?? 1024 * 1024) - 4096);
    let duplicate = true;
    try {
      for (const part of splitToFit(batch, maxPayload)) {
        const ack = await js.publish(this.subject, part.data, { msgID: batchDigest(part.batch), expect: { streamName: this.options.stream } });
        duplicate &&= ack.duplicate;
      }
    } catch (err) {
      this.counts.publishFailures++;
      throw busy(err instanceof Error ? err.message : String(err));
    }
    this.counts.published++;
    return { duplicate };
  }

  status(): QueueStatus {
    return {
      connected: this.connected && this.ready,
      stream: this.options.stream,
      consumer: this.options.consumer,
      lag: this.lag === undefined ? null : this.lag.pending + this.lag.ackPending,
      pending: this.lag?.pending ?? null,
      ackPending: this.lag?.ackPending ?? null,
      ...this.counts,
    };
  }

  /** Stops pulling, lets the batches in hand finish (and ack), and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.lagTimer !== undefined) clearInterval(this.lagTimer);
    this.messages?.stop();
    await Promise.all(this.inFlight);
    const nc = this.nc;
    this.nc = undefined;
    if (nc !== undefined) await nc.drain().catch(() => nc.close());
    await this.running?.catch(() => {});
  }
}
