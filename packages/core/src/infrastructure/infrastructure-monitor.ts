// The decision of an infrastructure monitor, given each watched host's summaries of one metric over
// the window: a series per host and label set (its aggregate against the condition), and silent
// hosts as no data — the whole evaluation when every watched host is silent, else a series of the
// silent host that fires only where the monitor's no-data state says "alerting".

import type { EvaluatedSeries, EvaluationResult, NoDataState } from '../alerting/alert-rule.js';
import { readableNumber } from '../alerting/readable-number.js';
import { compare } from '../monitoring/monitor-rules.js';
import type { Comparison } from '../monitoring/monitor-rules.js';
import type { MetricSummary } from './metric-summary.js';

export interface WatchedHost {
  readonly name: string;
  /** The metric's summaries over the window, one per label set (`{ gpu: "0" }`); none when the host sent nothing. */
  readonly series: readonly { readonly labels: Readonly<Record<string, string>>; readonly summary: MetricSummary }[];
  /** Whether the host sent any sample in the window (of any metric). */
  readonly reported: boolean;
}

export interface InfrastructureRule {
  readonly metric: string;
  readonly aggregation: 'mean' | 'max' | 'min' | 'last';
  readonly condition?: { readonly op: Comparison; readonly value: number } | undefined;
  readonly noDataState: NoDataState;
  /** The window, for texts (`5m`). */
  readonly window: string;
}

const OP_TEXT: Record<Comparison, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=', ne: '≠' };

export function judgeInfrastructure(rule: InfrastructureRule, hosts: readonly WatchedHost[]): EvaluationResult {
  if (hosts.length === 0 || hosts.every((h) => !h.reported)) return { noData: true };
  const out: EvaluatedSeries[] = [];
  for (const h of hosts) {
    if (!h.reported) {
      out.push({
        labels: { host: h.name, silent: 'true' },
        value: 0,
        firing: rule.noDataState === 'alerting',
        annotations: { summary: `host ${h.name} sent no sample in the last ${rule.window}` },
      });
      continue;
    }
    for (const s of h.series) {
      const value = s.summary.value(rule.aggregation);
      if (value === null) continue;
      const firing = rule.condition !== undefined && compare(value, rule.condition.op, rule.condition.value);
      const where = Object.entries(s.labels)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const bound = rule.condition === undefined ? '' : ` (${OP_TEXT[rule.condition.op]} ${readableNumber(rule.condition.value)})`;
      out.push({
        labels: { host: h.name, ...s.labels },
        value,
        firing,
        annotations: {
          summary: `${rule.aggregation} ${rule.metric} of host ${h.name}${where === '' ? '' : ` (${where})`} over ${rule.window} is ${readableNumber(value)}${bound}`,
        },
      });
    }
  }
  return out;
}
