// What `/metrics` serves: the server's registry, with the per-model gauges refreshed by the gauges
// loop (keeping each model version's last values across pauses) and the open alerts counted when
// scraped; and whether a scrape needs an API key.

import type { Store } from '../storage/store.js';
import { countAlerts } from './alert-gauges.js';
import { refreshGauges } from './refresh-gauges.js';
import type { NewestBuckets } from './refresh-gauges.js';
import type { ServerMetrics } from './server-metrics.js';

export interface MetricsExporterDeps {
  readonly store: Store;
  readonly metrics: ServerMetrics;
  /** Width of a profile bucket. */
  readonly bucketMs: number;
  /** Scrapes need a key with the `read` scope (config `metricsRequireKey`). */
  readonly requireKey: boolean;
}

export class MetricsExporter {
  readonly requireKey: boolean;
  private readonly newest: NewestBuckets = new Map();

  constructor(private readonly deps: MetricsExporterDeps) {
    this.requireKey = deps.requireKey;
  }

  /** Sets the per-model gauges from the hour before `now` (or before a paused version's newest data). */
  refreshGauges(now: number): Promise<void> {
    return refreshGauges(this.deps, now, this.newest);
  }

  /** The Prometheus text exposition, open alerts counted now. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await countAlerts(this.deps.store, this.deps.metrics);
    const { registry } = this.deps.metrics;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}
