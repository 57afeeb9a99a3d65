// The default `summary` of each monitor type's alerts: what was found, in words and numbers
// rounded for people (core's readableNumber), including what `$value` cannot say (which
// categories are new). A monitor's own `annotations.summary` template replaces it.

import { readableNumber } from '@vigil/core';
import type { Comparison } from '@vigil/core';

/** How many new categories a summary names before "and N more". */
const NAMED_CATEGORIES = 5;

const n = readableNumber;
const percent = (share: number): string => `${readableNumber(share * 100)} %`;
const quote = (s: string): string => JSON.stringify(s);

const FIRES: Record<Comparison, string> = {
  lt: 'below',
  lte: 'at or below',
  gt: 'above',
  gte: 'at or above',
  eq: 'at',
  ne: 'other than',
};

/** "fires below 0.8". */
export function firesWhen(op: Comparison, bound: number, unit = ''): string {
  return `fires ${FIRES[op]} ${n(bound)}${unit}`;
}

export function driftSummary(f: { name: string; method: string; score: number; threshold: number; drifted: boolean }): string {
  const verdict = f.drifted ? 'drifted from' : 'is close to';
  return `Feature ${f.name} ${verdict} the reference: ${f.method} ${n(f.score)} (threshold ${n(f.threshold)})`;
}

export function missingSummary(feature: string, share: number, max: number): string {
  return `${percent(share)} of ${feature} is missing (the monitor allows ${percent(max)})`;
}

export function outOfRangeSummary(feature: string, share: number, max: number): string {
  return `${percent(share)} of ${feature} is outside the reference's range (the monitor allows ${percent(max)})`;
}

/** `1 new category in purpose: "crypto"`; `0 new categories in purpose`. */
export function newCategoriesSummary(feature: string, categories: readonly string[], max: number): string {
  const count = categories.length;
  let text = `${count} new ${count === 1 ? 'category' : 'categories'} in ${feature}`;
  if (count > 0) {
    text += `: ${categories.slice(0, NAMED_CATEGORIES).map(quote).join(', ')}`;
    if (count > NAMED_CATEGORIES) text += ` and ${count - NAMED_CATEGORIES} more`;
  }
  if (max > 0) text += ` (the monitor allows ${max})`;
  return text;
}

export function performanceSummary(
  metric: string,
  value: number,
  condition: { op: Comparison; value: number } | undefined,
  relative: { drop: number; reference: number | null } | undefined,
): string {
  const rules: string[] = [];
  if (condition !== undefined) rules.push(firesWhen(condition.op, condition.value));
  if (relative !== undefined && relative.reference !== null) rules.push(`the reference's is ${n(relative.reference)}; fires ${n(relative.drop)} worse`);
  return `${metric} is ${n(value)}${rules.length === 0 ? '' : ` (${rules.join('; ')})`}`;
}

export function estimatedSummary(
  metric: string,
  value: number,
  bounds: { op: Comparison; value: number } | { lower: number | null; upper: number | null },
): string {
  let rule: string;
  if ('op' in bounds) rule = firesWhen(bounds.op, bounds.value);
  else {
    const sides = [bounds.lower === null ? null : `below ${n(bounds.lower)}`, bounds.upper === null ? null : `above ${n(bounds.upper)}`].filter(
      (x) => x !== null,
    );
    rule = sides.length === 0 ? "the reference's band" : `fires ${sides.join(' or ')}`;
  }
  return `Estimated ${metric} (CBPE, without labels) is ${n(value)} (${rule})`;
}

export function latencySummary(percentile: number, ms: number, maxMs: number): string {
  return `p${percentile} latency is ${n(ms)} ms (fires above ${n(maxMs)} ms)`;
}

export function volumeSummary(rows: number, window: string, min: number | undefined, max: number | undefined): string {
  const rules = [min === undefined ? null : `below ${min}`, max === undefined ? null : `above ${max}`].filter((x) => x !== null);
  return `${rows} ${rows === 1 ? 'event' : 'events'} in the last ${window}${rules.length === 0 ? '' : ` (fires ${rules.join(' or ')})`}`;
}

export function conceptDriftSummary(detector: string, drifted: boolean, labels: number, errorRate: number | null): string {
  const basis = labels === 0 ? 'no new labels since the last evaluation' : `${labels} new ${labels === 1 ? 'label' : 'labels'}`;
  const rate = errorRate === null ? '' : `, error rate ${n(errorRate)}`;
  return drifted
    ? `${detector} detected a change in the model's errors (${basis}${rate})`
    : `${detector} sees no change in the model's errors (${basis}${rate})`;
}

export function customMetricSummary(metric: string, aggregation: string, window: string, value: number, condition: { op: Comparison; value: number }): string {
  return `${aggregation} of ${metric} over the last ${window} is ${n(value)} (${firesWhen(condition.op, condition.value)})`;
}
