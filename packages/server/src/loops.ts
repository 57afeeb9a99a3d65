// The server's background loops, each on its own interval and never overlapping itself: the
// profiler (new events into bucket profiles, then compaction), the /metrics gauges, the alerting
// loop (evaluate, dispatch), notification delivery and raw-event retention.

import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import type { Services } from './services.js';

export interface LoopDeps {
  readonly config: ServerConfig;
  readonly clock: () => number;
  readonly logger: Logger;
}

const GAUGES_EVERY_MS = 15_000;
const RETENTION_EVERY_MS = 3_600_000;

/** Starts every loop; the answer stops them. */
export function startLoops(services: Services, { config, clock, logger }: LoopDeps): () => void {
  const timers: NodeJS.Timeout[] = [];
  let stopping = false;
  const { profiler, metrics, exporter, alerting, store } = services;
  const leadership = services.cluster.leadership;
  // Background work runs on the leader only (on SQLite, the one server, always); the gauges run on every replica.
  const loop = (name: string, everyMs: number, fn: () => Promise<unknown>, everyReplica = false): void => {
    let running = false;
    const t = setInterval(() => {
      if (running || stopping) return;
      if (!everyReplica && !leadership.isLeader()) return;
      running = true;
      // Wall-clock times, not `clock()`: Prometheus compares them with its own time() to see a loop fall behind.
      const started = performance.now();
      fn()
        .then(() => metrics.loopLastSuccess.set({ loop: name }, Date.now() / 1000))
        .catch((err: unknown) => logger.error({ err }, `${name} failed`))
        .finally(() => {
          metrics.loopDuration.set({ loop: name }, (performance.now() - started) / 1000);
          running = false;
        });
    }, everyMs);
    t.unref();
    timers.push(t);
  };
  loop(
    'profiler',
    config.profileInterval,
    async () => {
      // A follower does not profile, so it cannot measure the backlog: ingest backpressure is the leader's.
      if (!leadership.isLeader()) return profiler.onPass?.(0);
      const r = await profiler.catchUp(clock());
      metrics.profilerLag.set(r.predictions);
      await profiler.compact(clock());
    },
    true,
  );
  loop('gauges', GAUGES_EVERY_MS, () => exporter.refreshGauges(clock()), true);
  // Evaluation and delivery are separate loops: a receiver that never answers delays no evaluation,
  // and a delivery pass does not wait for it (startDeliveries), so other channels' notifications go out.
  loop('alerting', config.alertInterval, () => alerting.evaluateAndDispatch(clock()));
  loop('delivery', config.alertInterval, () => alerting.startDeliveries(clock()));
  // Budgets: each is judged every minute (BudgetService); its notifications join the outbox the delivery loop sends.
  loop('budgets', config.alertInterval, () => services.budgets.evaluateDue(clock()));
  loop('retention', RETENTION_EVERY_MS, () => store.deleteRawBefore(clock() - config.retention));
  // Data policies' retention per project and model, each deletion recorded in the audit log.
  loop('data-retention', RETENTION_EVERY_MS, () => services.dataPolicies.retentionPass(clock()));
  return () => {
    stopping = true;
    for (const t of timers) clearInterval(t);
  };
}
