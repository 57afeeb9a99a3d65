// Reads a metric, by its API name (`roc_auc`, `mean_error`, …), off realized or estimated
// performance. The names are @vigil/wire's; this is the one place that maps them to the fields.

import type { EstimatedMetric, PerformanceMetric } from '@vigil/wire';
import { ESTIMATED_METRICS, PERFORMANCE_METRICS } from '@vigil/wire';
import type { EstimatedPerformance } from '../performance/cbpe-accumulator.js';
import type { RealizedPerformance } from '../performance/performance-accumulator.js';

const FIELDS: Record<string, string> = { roc_auc: 'rocAuc', mean_error: 'meanError' };

/** The accumulator field of a metric name (`roc_auc` → `rocAuc`). */
export function metricField(name: PerformanceMetric | EstimatedMetric): string {
  return FIELDS[name] ?? name;
}

export function isPerformanceMetric(name: string): name is PerformanceMetric {
  return (PERFORMANCE_METRICS as readonly string[]).includes(name);
}

export function isEstimatedMetric(name: string): name is EstimatedMetric {
  return (ESTIMATED_METRICS as readonly string[]).includes(name);
}

function finiteField(record: object, field: string): number | null {
  const v = (record as Record<string, unknown>)[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A realized metric, or null when the task has no such metric or it is undefined (NaN, no rows). */
export function performanceMetricValue(performance: RealizedPerformance, name: PerformanceMetric): number | null {
  return finiteField(performance, metricField(name));
}

/** A CBPE estimate of a metric, or null when undefined. */
export function estimatedMetricValue(estimate: EstimatedPerformance, name: EstimatedMetric): number | null {
  return finiteField(estimate, metricField(name));
}
