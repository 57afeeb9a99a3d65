// What a replica knows of the cluster it is part of: its role in the background work (leadership)
// and the ingest queue it publishes to and consumes from, for /healthz, /metrics and the loops.

import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { IngestQueue } from '../queue/ingest-queue.js';
import { soleLeadership } from './leadership.js';
import type { Leadership, ReplicaRole } from './leadership.js';

/** /healthz's view of the cluster: absent on a lone SQLite server, whose answer stays `{"status":"ok"}`. */
export interface ClusterHealth {
  role?: ReplicaRole;
  queue?: {
    connected: boolean;
    stream: string;
    consumer: string;
    /** Batches not yet written and acked by the consumer group (null before the first reading). */
    lag: number | null;
    redeliveries: number;
  };
}

export class ClusterState {
  /** Set once the server starts its loops; a lone replica leads from the start. */
  leadership: Leadership = soleLeadership();

  /** `shared`: the store may have other replicas (PostgreSQL). */
  constructor(
    readonly shared: boolean,
    readonly queue?: IngestQueue,
  ) {}

  health(): ClusterHealth {
    const out: ClusterHealth = {};
    if (this.shared) out.role = this.leadership.role;
    if (this.queue !== undefined) {
      const s = this.queue.status();
      out.queue = { connected: s.connected, stream: s.stream, consumer: s.consumer, lag: s.lag, redeliveries: s.redeliveries };
    }
    return out;
  }

  /** Registers the cluster's series (leadership, queue lag, redeliveries, publishes) on a shared store's /metrics. */
  registerMetrics(registry: Registry): void {
    if (!this.shared) return;
    const registers = [registry];
    const leadership = () => this.leadership;
    // prom-client calls collect() on each scrape: every series reads the current state then.
    new Gauge({
      name: 'vigil_cluster_leader',
      help: '1 while this replica holds the leadership of background work (profiler, monitors, dispatch, delivery, budgets, retention), else 0.',
      registers,
      collect() {
        this.set(leadership().isLeader() ? 1 : 0);
      },
    });
    if (this.queue === undefined) return;
    const queue = this.queue;
    new Gauge({
      name: 'vigil_queue_lag_batches',
      help: 'Batches in the ingest queue not yet written and acked by the consumer group (pending + unacked), as this replica last read it.',
      registers,
      collect() {
        const lag = queue.status().lag;
        if (lag !== null) this.set(lag);
      },
    });
    new Gauge({
      name: 'vigil_queue_connected',
      help: '1 while this replica is connected to NATS and the stream and consumer are ready, else 0.',
      registers,
      collect() {
        this.set(queue.status().connected ? 1 : 0);
      },
    });
    const counter = (name: string, help: string, read: () => number) => {
      let seen = 0;
      new Counter({
        name,
        help,
        registers,
        collect() {
          const now = read();
          if (now > seen) this.inc(now - seen);
          seen = now;
        },
      });
    };
    const status = () => queue.status();
    counter('vigil_queue_redeliveries_total', 'Batches delivered to this replica again because an earlier delivery went unacked.', () => status().redeliveries);
    counter('vigil_queue_published_total', 'Batches this replica published and JetStream acked.', () => status().published);
    counter('vigil_queue_publish_failures_total', 'Batches this replica could not publish (answered 503 with Retry-After).', () => status().publishFailures);
    counter('vigil_queue_batches_written_total', 'Batches this replica wrote to the store and acked.', () => status().written);
  }
}
