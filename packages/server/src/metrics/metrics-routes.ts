// `/metrics`: the server's Prometheus metrics (text exposition format), for Prometheus to scrape;
// open to anyone unless the server is configured to require a key (`metricsRequireKey`).

import { defineRoute, RawReply } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { MetricsExporter } from './metrics-exporter.js';

export function metricsRoutes(exporter: MetricsExporter): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/metrics',
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'Ingest counters, predictions and their latency per model version, request latencies, rejections by reason, open alerts by state, severity and model, and per-model gauges of drift and performance over the last hour with data (`vigil_model_last_data_timestamp_seconds` says when that hour ended). Prometheus scrapes it with `authorization: { credentials: <key> }` when the server requires a key (`--metrics-require-key`).',
      tag: 'Operations',
      scope: exporter.requireKey ? 'read' : null,
      responses: { 200: { description: 'The Prometheus text exposition format', contentType: 'text/plain; version=0.0.4' } },
      handler: async () => {
        const { contentType, body } = await exporter.scrape();
        return new RawReply(contentType, body);
      },
    }),
  ];
}
