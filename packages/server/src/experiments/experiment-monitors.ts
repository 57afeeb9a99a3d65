// The experiment monitors: `experiment_srm` and `experiment_guardrail` judge an experiment's results
// (the same computation GET …/results answers with) and hand series to the alerting rule state
// machine, so their alerts go through the notification policy like every other monitor's.

import type { EvaluationResult } from '@vigil/core';
import type { ExperimentResults, MonitorConfig } from '@vigil/wire';
import type { MonitorRow } from '../storage/alerting-store.js';
import type { Store } from '../storage/store.js';
import { loadResults } from './experiment-service.js';

type ExperimentMonitorConfig = Extract<MonitorConfig, { type: 'experiment_srm' | 'experiment_guardrail' }>;

export interface ExperimentMonitorEvaluation {
  result: EvaluationResult;
  details: Record<string, unknown>;
}

export function isExperimentMonitor(config: MonitorConfig): config is ExperimentMonitorConfig {
  return config.type === 'experiment_srm' || config.type === 'experiment_guardrail';
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} %`;

function effectText(r: ExperimentResults, expected: number): string {
  return r.difference === 'relative' ? pct(expected) : `${expected >= 0 ? '+' : ''}${expected.toPrecision(4)}`;
}

/** One evaluation of an experiment monitor over the experiment's results now. */
export async function evaluateExperimentMonitor(
  store: Store,
  monitor: MonitorRow,
  config: ExperimentMonitorConfig,
  at: { now: number; profileBucketMs: number },
): Promise<ExperimentMonitorEvaluation> {
  const row = await store.experiments.find(monitor.project_id, config.experiment);
  if (row === undefined) return { result: { error: `the experiment "${config.experiment}" of monitor "${monitor.name}" no longer exists` }, details: {} };
  if (row.status === 'archived') return { result: { noData: true }, details: { reason: `experiment "${config.experiment}" is archived` } };
  const r = await loadResults(store, row, { now: at.now, profileBucketMs: at.profileBucketMs });
  const units = r.units.total;
  if (config.type === 'experiment_srm') {
    const details = { units, pValue: r.srm.pValue, statistic: r.srm.statistic, variants: r.units.variants };
    if (!r.srm.checked) return { result: { noData: true }, details: { ...details, reason: 'fewer than 8 units in a variant' } };
    const firing = r.srm.pValue < config.threshold;
    const split = r.units.variants.map((v) => `${v.name} ${v.n}`).join(', ');
    const summary = firing
      ? `Sample ratio mismatch in experiment ${config.experiment}: units ${split} (χ² = ${r.srm.statistic.toFixed(2)}, p = ${r.srm.pValue.toPrecision(3)} < ${config.threshold})`
      : `Experiment ${config.experiment}: units ${split} match the weights (p = ${r.srm.pValue.toPrecision(3)})`;
    return { result: [{ labels: { experiment: config.experiment }, value: r.srm.pValue, firing, annotations: { summary } }], details };
  }
  const watched = r.guardrails.filter((g) => config.metrics === undefined || config.metrics.includes(g.metric));
  const judged = watched.filter((g) => g.status !== 'no_data');
  const details = { units, guardrails: watched.map((g) => ({ metric: g.metric, variant: g.variant, status: g.status })) };
  if (judged.length === 0) return { result: { noData: true }, details: { ...details, reason: 'no guardrail has enough units to be judged' } };
  return {
    result: judged.map((g) => {
      const firing = g.status === 'failing';
      const effect = g.expected === null ? '' : ` (${effectText(r, g.expected)}${g.pValue === null ? '' : `, p = ${g.pValue.toPrecision(3)}`})`;
      const summary = firing
        ? `Guardrail ${g.metric} is significantly worse in ${g.variant} than in the control of experiment ${config.experiment}${effect}`
        : `Guardrail ${g.metric} holds in ${g.variant} of experiment ${config.experiment}${effect}`;
      return { labels: { experiment: config.experiment, metric: g.metric, variant: g.variant }, value: g.expected ?? 0, firing, annotations: { summary } };
    }),
    details,
  };
}
