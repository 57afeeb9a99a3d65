// `/metrics`: the server's Prometheus metrics (text exposition format), for Prometheus to scrape.

import { defineRoute, RawReply } from '../api/route-spec.js';
import type { RouteSpec } from '../api/route-spec.js';
import type { ServerMetrics } from './server-metrics.js';

export function metricsRoutes(metrics: ServerMetrics): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/metrics',
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description: 'Ingest counters, request latencies, rejections by reason, and per-model gauges of drift and performance over the last hour.',
      tag: 'Operations',
      scope: null,
      responses: { 200: { description: 'The Prometheus text exposition format', contentType: 'text/plain; version=0.0.4' } },
      handler: async () => new RawReply(metrics.registry.contentType, await metrics.registry.metrics()),
    }),
  ];
}
