// The server's own Prometheus metrics (prom-client, one registry per server so tests can run
// several): ingest counters, request latencies, rejections by reason, and per-model gauges of the
// latest drift scores and performance, refreshed by the evaluator loop.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly ingested: Counter<'model' | 'kind'>;
  readonly duplicates: Counter<'model' | 'kind'>;
  readonly rejected: Counter<'reason'>;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly featureDrift: Gauge<'model' | 'version' | 'feature' | 'method'>;
  readonly featureDrifted: Gauge<'model' | 'version' | 'feature'>;
  readonly performance: Gauge<'model' | 'version' | 'metric'>;
  readonly estimatedPerformance: Gauge<'model' | 'version' | 'metric'>;
  readonly labelCoverage: Gauge<'model' | 'version'>;
  readonly profilerLag: Gauge;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
    this.ingested = new Counter({
      name: 'vigil_ingest_events_total',
      help: 'Events accepted and stored, by model and kind (prediction, label, metric).',
      labelNames: ['model', 'kind'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'vigil_ingest_duplicates_total',
      help: 'Events whose id was already stored (counted once, not written again).',
      labelNames: ['model', 'kind'],
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
      labelNames: ['model', 'version', 'feature', 'method'],
      registers,
    });
    this.featureDrifted = new Gauge({
      name: 'vigil_feature_drifted',
      help: '1 when the latest drift score is past its threshold.',
      labelNames: ['model', 'version', 'feature'],
      registers,
    });
    this.performance = new Gauge({
      name: 'vigil_model_performance',
      help: 'Latest realized performance from labelled predictions.',
      labelNames: ['model', 'version', 'metric'],
      registers,
    });
    this.estimatedPerformance = new Gauge({
      name: 'vigil_model_estimated_performance',
      help: 'Latest CBPE estimate of performance without labels (binary models).',
      labelNames: ['model', 'version', 'metric'],
      registers,
    });
    this.labelCoverage = new Gauge({
      name: 'vigil_model_label_coverage',
      help: 'Share of predictions of the last window that have a label.',
      labelNames: ['model', 'version'],
      registers,
    });
    this.profilerLag = new Gauge({ name: 'vigil_profiler_last_pass_events', help: 'Events profiled in the last profiler pass.', registers });
  }
}
