// The model page's fairness panel: for each fairness monitor of the model, its last evaluation —
// each group's rate with its Wilson 95 % interval, the metric against its threshold (the
// four-fifths rule by default), the z-test of the largest gap and the monitor's verdict.

import { useMemo } from 'react';
import type { ModelInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { listMonitors } from '../api/alerts.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { formatCount, formatPercent, formatValue } from '../format/format-number.js';
import { formatDateTime } from '../format/format-time.js';
import { fairnessView } from '../governance/fairness-view.js';
import type { FairnessView } from '../governance/fairness-view.js';
import { useAsync } from '../hooks/use-async.js';

const METRIC_NAMES: Record<string, string> = {
  demographic_parity_ratio: 'Demographic parity ratio (lowest ÷ highest selection rate)',
  demographic_parity_difference: 'Demographic parity difference (highest − lowest selection rate)',
  equal_opportunity_ratio: 'Equal opportunity ratio (lowest ÷ highest true positive rate)',
  equal_opportunity_difference: 'Equal opportunity difference (highest − lowest true positive rate)',
  equalized_odds_ratio: 'Equalized odds ratio (the worse of the TPR and FPR ratios)',
  equalized_odds_difference: 'Equalized odds difference (the worse of the TPR and FPR gaps)',
};

const RATE_NAMES: Record<string, string> = {
  demographic: 'Selection rate',
  equal_opportunity: 'True positive rate',
  equalized_odds: 'Rate (TPR or FPR, the larger gap)',
};

function rateName(metric: string): string {
  const key = Object.keys(RATE_NAMES).find((k) => metric.startsWith(k));
  return key === undefined ? 'Rate' : RATE_NAMES[key]!;
}

/** The panel, shown when the model has at least one fairness monitor (the server without alerting: nothing). */
export function FairnessCard({ info }: { info: ModelInfo }) {
  const api = useApi();
  const monitors = useAsync((signal) => listMonitors(api, signal), [api]);
  const views = useMemo(
    () =>
      monitors.status === 'done' && monitors.value.available
        ? monitors.value.value.filter((m) => m.model === info.name && m.type === 'fairness').map(fairnessView)
        : null,
    [monitors, info.name],
  );
  if (monitors.status === 'done' && (views === null || views.length === 0)) return null;
  return (
    <Card title="Fairness" testId="fairness">
      {monitors.status === 'loading' && <Loading what="fairness monitors" />}
      {monitors.status === 'error' && <ErrorNote error={monitors.error} what="fairness monitors" />}
      {views?.map((v) => (
        <FairnessMonitor key={v.monitor} view={v} />
      ))}
    </Card>
  );
}

function FairnessMonitor({ view }: { view: FairnessView }) {
  if (view.state !== 'judged')
    return (
      <div className="fairness-monitor" data-testid="fairness-monitor" data-monitor={view.monitor} data-state={view.state}>
        <h3>
          {view.monitor}: {view.metric} over {view.attribute}
        </h3>
        <EmptyState title={view.state === 'not-evaluated' ? 'Not evaluated yet' : 'No judgement'}>
          <p>{view.reason}.</p>
        </EmptyState>
      </div>
    );
  const verdict = view.fires ? 'fires' : view.fails ? 'fails the threshold, not significant' : 'passes';
  const comparison = view.ratio
    ? `${formatValue(view.value)} ${view.fails ? '<' : '≥'} ${formatValue(view.threshold)}`
    : `${formatValue(view.value)} ${view.fails ? '>' : '≤'} ${formatValue(view.threshold)}`;
  return (
    <div className="fairness-monitor" data-testid="fairness-monitor" data-monitor={view.monitor} data-state={view.state} data-fires={view.fires}>
      <h3>
        {view.monitor}: {view.metric} over {view.attribute}
      </h3>
      <dl className="facts-list">
        <dt>{METRIC_NAMES[view.metric] ?? view.metric}</dt>
        <dd data-testid="fairness-value" data-value={view.value} data-threshold={view.threshold}>
          {comparison}
          {view.ratio && view.threshold === 0.8 ? ' (the four-fifths rule)' : ' (threshold)'}
        </dd>
        <dt>Two-proportion z-test of the largest gap</dt>
        <dd data-testid="fairness-p" data-p={view.pValue}>
          p = {view.pValue.toPrecision(3)} ({view.significant ? 'significant' : 'not significant'} at α = {formatValue(view.alpha)})
        </dd>
        <dt>Verdict</dt>
        <dd>
          <span className={`level level-${view.fires ? 'above' : view.fails ? 'near' : 'far-below'}`} data-testid="fairness-verdict" data-verdict={verdict}>
            {verdict}
          </span>{' '}
          — {formatCount(view.rows)} predictions, evaluated {view.evaluatedAt === null ? '—' : formatDateTime(Date.parse(view.evaluatedAt))}
        </dd>
      </dl>
      <table data-testid="fairness-groups">
        <caption>
          {rateName(view.metric)} by {view.attribute}, with Wilson 95 % intervals
        </caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">{rateName(view.metric)}</th>
            <th scope="col">95 % interval</th>
            <th scope="col">Rows</th>
          </tr>
        </thead>
        <tbody>
          {view.groups.map((g) => (
            <tr key={g.group} data-group={g.group} data-rate={g.rate} data-n={g.n} data-lower={g.lower} data-upper={g.upper}>
              <th scope="row">
                {g.group}
                {g.compared && <span className="sub"> compared</span>}
              </th>
              <td className="num">{formatPercent(g.rate)}</td>
              <td className="num">
                {formatPercent(g.lower)} – {formatPercent(g.upper)}
              </td>
              <td className="num">{formatCount(g.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(view.tooSmall).length > 0 && (
        <p className="note">
          Left out (fewer rows than the monitor's minimum group size):{' '}
          {Object.entries(view.tooSmall)
            .map(([g, n]) => `${g} (${formatCount(n)})`)
            .join(', ')}
          .
        </p>
      )}
    </div>
  );
}
