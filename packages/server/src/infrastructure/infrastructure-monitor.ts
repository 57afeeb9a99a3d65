// One evaluation of an infrastructure monitor: the watched hosts (by name pattern, by the model they
// serve, or all of the project's), each host's summaries of the metric over the window (whole
// buckets that overlap it), and core's judgement. A host is silent when the server received
// nothing from it in the window.

import { MetricSummary, compileAnchoredRe2, judgeInfrastructure } from '@vigil/core';
import type { EvaluationResult } from '@vigil/core';
import type { MonitorConfig } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import type { MonitorRow } from '../storage/alerting-store.js';
import type { Store } from '../storage/store.js';
import { hostInfo } from './host-service.js';

export async function evaluateInfrastructureMonitor(
  deps: { readonly store: Store; readonly bucketMs: number },
  monitor: MonitorRow,
  config: Extract<MonitorConfig, { type: 'infrastructure' }>,
  now: number,
): Promise<{ result: EvaluationResult; details: Record<string, unknown> }> {
  const { store, bucketMs } = deps;
  const windowMs = parseDuration(config.window);
  const from = now - windowMs;
  let hosts = await store.infrastructure.hosts(monitor.project_id);
  if (config.host !== undefined) {
    const pattern = compileAnchoredRe2(config.host);
    hosts = hosts.filter((h) => pattern.test(h.name));
  } else if (monitor.model_id !== 0) {
    const model = await store.modelById(monitor.model_id);
    if (model === undefined) return { result: { error: `the model of monitor "${monitor.name}" no longer exists` }, details: {} };
    hosts = hosts.filter((h) => hostInfo(h).models.includes(model.name));
  }
  const bucketFrom = Math.floor(from / bucketMs) * bucketMs;
  const watched = [];
  for (const h of hosts) {
    const rows = await store.infrastructure.metricBuckets(h.id, config.metric, bucketFrom, now + 1);
    const byLabels = new Map<string, { labels: Record<string, string>; summary: MetricSummary }>();
    for (const r of rows) {
      const labels = r.labels === '' ? {} : (JSON.parse(r.labels) as Record<string, string>);
      if (config.gpu !== undefined && labels['gpu'] !== String(config.gpu)) continue;
      const summary = MetricSummary.fromFields({ count: r.count, sum: r.sum, min: r.min, max: r.max, last: r.last, lastAt: r.last_at, sketch: r.sketch });
      const held = byLabels.get(r.labels);
      if (held === undefined) byLabels.set(r.labels, { labels, summary });
      else held.summary.merge(summary);
    }
    watched.push({ name: h.name, reported: h.last_seen >= from, series: [...byLabels.values()] });
  }
  const result = judgeInfrastructure(
    { metric: config.metric, aggregation: config.aggregation, condition: config.condition, noDataState: config.noDataState, window: config.window },
    watched,
  );
  return {
    result,
    details: { hosts: watched.length, silent: watched.filter((w) => !w.reported).map((w) => w.name), series: Array.isArray(result) ? result.length : 0 },
  };
}
