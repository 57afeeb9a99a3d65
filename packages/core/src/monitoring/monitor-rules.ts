// The decisions of a monitor evaluation, apart from reading data: comparisons, aggregation of custom
// metric points, relative performance drops, and the online detectors of concept-drift monitors.

import { Adwin, Ddm, Eddm, HddmA, HddmW, PageHinkley } from '@vigil/stats';
import type { DriftDetector } from '@vigil/stats';
import type { PerformanceMetric } from '@vigil/wire';
import { LOWER_IS_BETTER_METRICS } from '@vigil/wire';

export type Comparison = 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'ne';

/** Whether `value op bound` holds. */
export function compare(value: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case 'lt':
      return value < bound;
    case 'lte':
      return value <= bound;
    case 'gt':
      return value > bound;
    case 'gte':
      return value >= bound;
    case 'eq':
      return value === bound;
    case 'ne':
      return value !== bound;
  }
}

export type DetectorKind = 'adwin' | 'ddm' | 'eddm' | 'hddm_a' | 'hddm_w' | 'page_hinkley';

/** river's parameter names (`lambda_val`, `grace_period`) as the detectors' own (`lambdaVal`, `gracePeriod`); camelCase names pass unchanged. */
export function detectorOptionName(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A new online detector of the monitor's kind, with river's default parameters unless given (by
 * river's names or camelCase). Throws @vigil/stats' InvalidArgumentError (`options.<name>`) on an
 * unknown parameter or a value out of its range.
 */
export function createDetector(kind: DetectorKind, riverParams: Record<string, number>): DriftDetector {
  // fromEntries defines own properties, so a name such as `__proto__` stays an (unknown) option.
  const params = Object.fromEntries(Object.entries(riverParams).map(([k, v]) => [detectorOptionName(k), v]));
  switch (kind) {
    case 'adwin':
      return new Adwin(params);
    case 'ddm':
      return new Ddm(params);
    case 'eddm':
      return new Eddm(params);
    case 'hddm_a':
      return new HddmA(params);
    case 'hddm_w':
      return new HddmW(params);
    case 'page_hinkley':
      return new PageHinkley(params);
  }
}

export type Aggregation = 'last' | 'mean' | 'max' | 'min' | 'sum';

/** The points of a window as one number (points in time order; at least one). */
export function aggregate(values: readonly number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case 'last':
      return values[values.length - 1]!;
    case 'max':
      return values.reduce((a, b) => (b > a ? b : a));
    case 'min':
      return values.reduce((a, b) => (b < a ? b : a));
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

/** Errors (MAE, RMSE, …) are worse when larger; scores (accuracy, ROC AUC, …) when smaller. */
export function lowerIsBetter(metric: PerformanceMetric): boolean {
  return (LOWER_IS_BETTER_METRICS as readonly string[]).includes(metric);
}

/** The guide's "accuracy < baseline − 5 %": whether `value` is worse than `reference` by more than `drop`. */
export function droppedBelowReference(metric: PerformanceMetric, value: number, reference: number, drop: number): boolean {
  return lowerIsBetter(metric) ? value > reference + drop : value < reference - drop;
}
