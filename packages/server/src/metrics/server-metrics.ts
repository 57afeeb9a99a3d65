// The server's own Prometheus metrics (prom-client, one registry per server so tests can run
// several): ingest counters, predictions and their latency per model version, request latencies,
// rejections by reason, per-model gauges of the latest drift scores and performance (refreshed by
// the gauges loop, kept at their last value while traffic pauses) and open alerts (counted when
// scraped).

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every per-model series carries `project` (the project's name) beside `model`: two projects may
 * hold models of the same name, and their series must not add up.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly ingested: Counter<'project' | 'model' | 'kind'>;
  readonly duplicates: Counter<'project' | 'model' | 'kind'>;
  readonly rejected: Counter<'reason'>;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly featureDrift: Gauge<'project' | 'model' | 'version' | 'feature' | 'method'>;
  readonly featureDrifted: Gauge<'project' | 'model' | 'version' | 'feature'>;
  readonly performance: Gauge<'project' | 'model' | 'version' | 'metric'>;
  readonly estimatedPerformance: Gauge<'project' | 'model' | 'version' | 'metric'>;
  readonly labelCoverage: Gauge<'project' | 'model' | 'version'>;
  readonly lastData: Gauge<'project' | 'model' | 'version'>;
  readonly predictions: Counter<'project' | 'model' | 'version'>;
  readonly predictionLatency: Histogram<'project' | 'model' | 'version'>;
  readonly alerts: Gauge<'state' | 'severity' | 'project' | 'model'>;
  readonly profilerLag: Gauge;
  readonly loopLastSuccess: Gauge<'loop'>;
  readonly loopDuration: Gauge<'loop'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
    this.ingested = new Counter({
      name: 'vigil_ingest_events_total',
      help: 'Events accepted and stored, by project, model and kind (prediction, label, metric).',
      labelNames: ['project', 'model', 'kind'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'vigil_ingest_duplicates_total',
      help: 'Events whose id was already stored (counted once, not written again).',
      labelNames: ['project', 'model', 'kind'],
      registers,
    });
    this.rejected = new Counter({
      name: 'vigil_ingest_rejected_requests_total',
      help: 'Requests answered with an error, by reason (error code).',
      labelNames: ['reason'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'vigil_http_request_duration_seconds',
      help: 'HTTP request latency, by route.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.featureDrift = new Gauge({
      name: 'vigil_feature_drift_score',
      help: 'Latest drift score of a feature against the reference (last evaluation window).',
      labelNames: ['project', 'model', 'version', 'feature', 'method'],
      registers,
    });
    this.featureDrifted = new Gauge({
      name: 'vigil_feature_drifted',
      help: '1 when the latest drift score is past its threshold.',
      labelNames: ['project', 'model', 'version', 'feature'],
      registers,
    });
    this.performance = new Gauge({
      name: 'vigil_model_performance',
      help: 'Latest realized performance from labelled predictions.',
      labelNames: ['project', 'model', 'version', 'metric'],
      registers,
    });
    this.estimatedPerformance = new Gauge({
      name: 'vigil_model_estimated_performance',
      help: 'Latest CBPE estimate of performance without labels (binary models).',
      labelNames: ['project', 'model', 'version', 'metric'],
      registers,
    });
    this.labelCoverage = new Gauge({
      name: 'vigil_model_label_coverage',
      help: 'Share of predictions of the last window that have a label.',
      labelNames: ['project', 'model', 'version'],
      registers,
    });
    this.lastData = new Gauge({
      name: 'vigil_model_last_data_timestamp_seconds',
      help: 'End of the newest profile bucket with data (Unix seconds): the per-model gauges hold the hour before it, so they keep their last value while traffic pauses.',
      labelNames: ['project', 'model', 'version'],
      registers,
    });
    this.predictions = new Counter({
      name: 'vigil_predictions_total',
      help: 'Predictions stored, by model and version (duplicates of stored ids not counted).',
      labelNames: ['project', 'model', 'version'],
      registers,
    });
    this.predictionLatency = new Histogram({
      name: 'vigil_prediction_latency_seconds',
      help: "The model's own latency as events report it (latencyMs), by model and version.",
      labelNames: ['project', 'model', 'version'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.alerts = new Gauge({
      name: 'vigil_alerts',
      help: "Alerts firing or pending, by state, severity, project and model (Prometheus' ALERTS, counted).",
      labelNames: ['state', 'severity', 'project', 'model'],
      registers,
    });
    this.profilerLag = new Gauge({ name: 'vigil_profiler_last_pass_events', help: 'Events profiled in the last profiler pass.', registers });
    this.loopLastSuccess = new Gauge({
      name: 'vigil_loop_last_success_timestamp_seconds',
      help: 'When each background loop (profiler, gauges, alerting, delivery, retention) last finished a pass without error (Unix seconds, wall clock).',
      labelNames: ['loop'],
      registers,
    });
    this.loopDuration = new Gauge({
      name: 'vigil_loop_last_duration_seconds',
      help: "How long each background loop's last pass took, failed or not.",
      labelNames: ['loop'],
      registers,
    });
  }

  /**
   * Counts a stored batch of predictions per version and observes their latencies. The store says
   * how many were new, not which: a batch without duplicates counts whole; one of duplicates only
   * (a retried request) counts nothing; a partial one (a client reusing ids) shares its new
   * predictions among its versions in proportion and leaves its latencies out.
   */
  observePredictions(project: string, model: string, batch: readonly { version: string; latency_ms?: number | null | undefined }[], accepted: number): void {
    if (accepted <= 0) return;
    const perVersion = new Map<string, number>();
    for (const e of batch) perVersion.set(e.version, (perVersion.get(e.version) ?? 0) + 1);
    if (accepted >= batch.length) {
      for (const [version, n] of perVersion) this.predictions.inc({ project, model, version }, n);
      // One labelled child per version: prom-client hashes the labels on every call otherwise.
      const children = new Map([...perVersion.keys()].map((version) => [version, this.predictionLatency.labels({ project, model, version })]));
      for (const e of batch) if (e.latency_ms !== null && e.latency_ms !== undefined) children.get(e.version)!.observe(e.latency_ms / 1000);
      return;
    }
    // Largest remainders, so the shares add up to `accepted` exactly.
    const shares = [...perVersion].map(([version, n]) => ({ version, exact: (n * accepted) / batch.length }));
    const counts = shares.map((x) => ({ version: x.version, n: Math.floor(x.exact), rest: x.exact - Math.floor(x.exact) }));
    let left = accepted - counts.reduce((sum, c) => sum + c.n, 0);
    for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
      if (left-- <= 0) break;
      c.n += 1;
    }
    for (const c of counts) if (c.n > 0) this.predictions.inc({ project, model, version: c.version }, c.n);
  }
}
