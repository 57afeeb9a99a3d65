// What the fairness panel shows for one fairness monitor, from the monitor's last evaluation
// (GET /v1/monitors → lastDetails): each group's rate with its Wilson 95 % interval, the metric
// against its threshold (the four-fifths rule by default) and the monitor's verdict.

import { wilsonScoreInterval } from '@vigil/core';
import type { MonitorInfo } from '@vigil/wire';
import { z } from 'zod';

const detailsSchema = z.object({
  rows: z.number(),
  attribute: z.string().optional(),
  metric: z.string().optional(),
  threshold: z.number().optional(),
  alpha: z.number().optional(),
  value: z.number(),
  byGroup: z.record(z.string(), z.number()),
  groups: z.record(z.string(), z.number()),
  tooSmall: z.record(z.string(), z.number()).default({}),
  compared: z.tuple([z.string(), z.string()]),
  pValue: z.number(),
  fails: z.boolean(),
  significant: z.boolean(),
  fires: z.boolean().optional(),
});

export interface FairnessGroupRow {
  readonly group: string;
  readonly rate: number;
  readonly n: number;
  readonly lower: number;
  readonly upper: number;
  /** One of the two groups the z-test compared (the highest and the lowest rate). */
  readonly compared: boolean;
}

export type FairnessView =
  | { readonly state: 'not-evaluated' | 'no-data'; readonly monitor: string; readonly attribute: string; readonly metric: string; readonly reason: string }
  | {
      readonly state: 'judged';
      readonly monitor: string;
      readonly attribute: string;
      readonly metric: string;
      readonly ratio: boolean;
      readonly value: number;
      readonly threshold: number;
      readonly pValue: number;
      readonly alpha: number;
      readonly fails: boolean;
      readonly significant: boolean;
      readonly fires: boolean;
      readonly rows: number;
      readonly evaluatedAt: string | null;
      readonly groups: readonly FairnessGroupRow[];
      readonly tooSmall: Readonly<Record<string, number>>;
    };

/** The threshold a fairness monitor applies when its config names none: the four-fifths rule for ratios, 0.1 for differences. */
export function defaultThreshold(metric: string): number {
  return metric.endsWith('_ratio') ? 0.8 : 0.1;
}

/** The panel's view of one fairness monitor. */
export function fairnessView(monitor: MonitorInfo): FairnessView {
  const config = monitor.config;
  const attribute = typeof config['attribute'] === 'string' ? config['attribute'] : '';
  const configured = typeof config['metric'] === 'string' ? config['metric'] : 'demographic_parity_ratio';
  const base = { monitor: monitor.name, attribute, metric: configured };
  if (monitor.lastDetails === null) return { state: 'not-evaluated', ...base, reason: 'the monitor has not been evaluated yet' };
  const parsed = detailsSchema.safeParse(monitor.lastDetails);
  if (!parsed.success) {
    const reason =
      typeof monitor.lastDetails['reason'] === 'string' ? monitor.lastDetails['reason'] : (monitor.lastError ?? 'no judgement in the last evaluation');
    return { state: 'no-data', ...base, reason };
  }
  const d = parsed.data;
  const metric = d.metric ?? configured;
  const threshold = d.threshold ?? (typeof config['threshold'] === 'number' ? config['threshold'] : defaultThreshold(metric));
  const alpha = d.alpha ?? (typeof config['alpha'] === 'number' ? config['alpha'] : 0.05);
  const groups = Object.entries(d.byGroup).map(([group, rate]) => {
    const n = d.groups[group] ?? 0;
    // The rate is hits / n exactly, so the count of hits is recovered by rounding.
    const ci = n > 0 ? wilsonScoreInterval(Math.round(rate * n), n) : { lower: Number.NaN, upper: Number.NaN };
    return { group, rate, n, lower: ci.lower, upper: ci.upper, compared: d.compared.includes(group) };
  });
  return {
    state: 'judged',
    ...base,
    metric,
    ratio: metric.endsWith('_ratio'),
    value: d.value,
    threshold,
    pValue: d.pValue,
    alpha,
    fails: d.fails,
    significant: d.significant,
    fires: d.fires ?? (d.fails && d.significant),
    rows: d.rows,
    evaluatedAt: monitor.lastEvaluatedAt,
    groups,
    tooSmall: d.tooSmall,
  };
}
