// One experiment's results: the SRM banner when the split is not as designed, the decision, the
// units per variant, the lift of each treatment on each metric with its interval (a forest chart
// and a table per metric), guardrails, the design's power and the cumulative effect over time.

import { useMemo } from 'react';
import { experimentCumulativeChart, experimentLiftChart, liftRowLabel } from '@vigil/core';
import type { ExperimentComparison, ExperimentInfo, ExperimentMetricResult, ExperimentResults } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getExperiment, getExperimentResults } from '../api/experiments.js';
import { EChart } from '../charts/echart.js';
import { escapeHtml } from '../charts/time-chart.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import {
  GUARDRAIL_TEXT,
  decisionText,
  formatChance,
  formatEffect,
  formatInterval,
  formatPValue,
  formatShare,
  splitRows,
  SRM_TEXT,
  srmState,
  verdictText,
} from '../experiments/experiment-view.js';
import { formatCount, formatPercent, formatValue } from '../format/format-number.js';
import { formatDateTime } from '../format/format-time.js';
import { useAsync } from '../hooks/use-async.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { ExperimentsUnavailable } from './experiments-page.js';

export function ExperimentPage({ experiment }: { experiment: string }) {
  const api = useApi();
  const info = useAsync((signal) => getExperiment(api, experiment, signal), [api, experiment]);
  const results = useAsync((signal) => getExperimentResults(api, experiment, signal), [api, experiment]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to={routePath({ page: 'experiments' })}>Experiments</Link> › <span aria-current="page">{experiment}</span>
      </nav>
      <h1 tabIndex={-1}>{experiment}</h1>
      {info.status === 'loading' && <Loading what="the experiment" />}
      {info.status === 'error' && <ErrorNote error={info.error} what="the experiment" />}
      {info.status === 'done' && !info.value.available && <ExperimentsUnavailable />}
      {info.status === 'done' && info.value.available && <ExperimentFacts info={info.value.value} />}
      {info.status === 'done' && info.value.available && results.status === 'loading' && <Loading what="results" />}
      {info.status === 'done' && info.value.available && results.status === 'error' && <ErrorNote error={results.error} what="results" />}
      {info.status === 'done' && info.value.available && results.status === 'done' && <Results info={info.value.value} results={results.value} />}
    </>
  );
}

function ExperimentFacts({ info }: { info: ExperimentInfo }) {
  const design = [
    info.status,
    `${info.engine} engine`,
    `α = ${info.alpha}`,
    `${info.difference} ${info.difference === 'relative' ? 'lift' : 'difference'}`,
    info.sequential === null ? null : `sequential (tuning ${formatCount(info.sequential.tuning)})`,
    info.cuped === null ? null : `CUPED (${info.cuped.lookbackDays} days)`,
    info.coverage < 1 ? `coverage ${formatShare(info.coverage)}` : null,
    `hash v${info.hashVersion} on ${info.hashAttribute}`,
    `created ${formatDateTime(Date.parse(info.createdAt))}`,
    info.stoppedAt === null ? null : `stopped ${formatDateTime(Date.parse(info.stoppedAt))}`,
  ].filter((x): x is string => x !== null);
  return (
    <p className="facts" data-testid="experiment-facts">
      {design.join(' · ')}
      {info.description !== null && <span className="sub">{info.description}</span>}
    </p>
  );
}

function Results({ info, results }: { info: ExperimentInfo; results: ExperimentResults }) {
  const srm = srmState(results.srm);
  const goals = results.cumulative.series.map((s) => s.metric).filter((m, i, all) => all.indexOf(m) === i);
  return (
    <>
      {srm === 'mismatch' && <SrmBanner results={results} info={info} />}
      <p className={`decision decision-${results.decision.action}`} data-testid="decision" data-action={results.decision.action}>
        <strong>{decisionText(results.decision)}</strong> — {results.decision.reason}
        <span className="sub">computed {formatDateTime(Date.parse(results.computedAt))}</span>
      </p>
      <div className="cards">
        <UnitsCard info={info} results={results} />
        {results.metrics.length > 0 && <LiftCard results={results} />}
        {results.metrics.map((m) => (
          <MetricCard key={m.name} metric={m} results={results} />
        ))}
        {results.guardrails.length > 0 && <GuardrailsCard results={results} />}
        <PowerCard results={results} />
        {goals.map((m) => (
          <CumulativeCard key={m} metric={m} results={results} />
        ))}
      </div>
    </>
  );
}

function SrmBanner({ results, info }: { results: ExperimentResults; info: ExperimentInfo }) {
  const split = results.units.variants.map((v) => formatCount(v.n)).join(' / ');
  const weights = info.variants
    .filter((v) => v.shadow !== true)
    .map((v) => formatShare(v.weight))
    .join(' / ');
  return (
    <div className="banner banner-alerting" role="alert" data-testid="srm-banner" data-p-value={results.srm.pValue}>
      <p>
        <strong>
          <span aria-hidden="true">■</span> {SRM_TEXT.mismatch}
        </strong>
        : the units split {split}, against weights of {weights} (χ² = {formatValue(results.srm.statistic)}, p = {formatPValue(results.srm.pValue)}).
      </p>
      <p>
        The assignment or the logging of exposures is broken somewhere, so no number below can be trusted until it is found: check that every variant logs its
        exposures the same way, and that no unit is filtered after assignment.
      </p>
    </div>
  );
}

function UnitsCard({ info, results }: { info: ExperimentInfo; results: ExperimentResults }) {
  const rows = splitRows(results.units, new Map(info.variants.map((v) => [v.name, v.weight])));
  const srm = srmState(results.srm);
  return (
    <Card title={`Units (${formatCount(results.units.total)})`} testId="units">
      <table>
        <caption className="visually-hidden">Units exposed per variant, their share and the variant's weight</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Units</th>
            <th scope="col">Share</th>
            <th scope="col">Weight</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.name} data-variant={r.name}>
              <th scope="row">
                {r.name}
                {i === 0 && <span className="sub">control</span>}
              </th>
              <td className="num">{formatCount(r.n)}</td>
              <td className="num">{formatShare(r.observed)}</td>
              <td className="num">{r.expected === undefined ? '—' : formatShare(r.expected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note" data-testid="srm" data-srm={srm}>
        Sample ratio: {SRM_TEXT[srm]} (χ² = {formatValue(results.srm.statistic)}, p = {formatPValue(results.srm.pValue)}; a mismatch is p &lt; 0.001, checked
        once every variant has 8 units).
        {results.units.conflicts > 0 &&
          ` ${formatCount(results.units.conflicts)} exposures named another variant than their unit's first and were not counted.`}
      </p>
    </Card>
  );
}

interface AxisItem {
  seriesId?: string;
  data?: unknown;
}

function LiftCard({ results }: { results: ExperimentResults }) {
  const spec = useMemo(() => experimentLiftChart(results), [results]);
  const overlay = useMemo(() => {
    const entries = results.metrics.flatMap((m) => m.comparisons.map((c) => ({ metric: m.name, c })));
    const several = new Set(entries.map((e) => e.c.variant)).size > 1;
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: AxisItem) => {
          const row = Array.isArray(p.data) ? entries[p.data[1] as number] : undefined;
          if (row === undefined) return '';
          const label = liftRowLabel({ metric: row.metric, variant: row.c.variant }, several);
          return `${escapeHtml(label)}<br>${escapeHtml(formatEffect(row.c.expected, results.difference))} ${escapeHtml(formatInterval(row.c.ci, results.difference))}<br>${escapeHtml(verdictText(row.c))}`;
        },
      },
    };
  }, [results]);
  return (
    <Card title="Lift by metric" testId="lift">
      <EChart
        spec={spec}
        overlay={overlay}
        label="Effect of each treatment on each metric with its interval, against a line at no effect; the numbers are in the tables below."
        testId="lift-chart"
      />
    </Card>
  );
}

function MetricCard({ metric: m, results }: { metric: ExperimentMetricResult; results: ExperimentResults }) {
  const bayesian = results.engine === 'bayesian';
  const byVariant = new Map(m.comparisons.map((c) => [c.variant, c]));
  const mean = (v: number | null) => (v === null ? '—' : m.kind === 'proportion' ? formatPercent(v, 2) : formatValue(v));
  return (
    <Card
      title={`${m.name} (${m.role}, ${m.kind}${m.inverse ? ', lower is better' : ''}${m.source === 'model' ? ', from model traffic' : ''})`}
      testId={`metric-${m.name}`}
    >
      <table data-metric={m.name}>
        <caption className="visually-hidden">
          {m.name}: units and {m.kind === 'proportion' ? 'rate' : 'mean'} per variant, and each treatment against the control
        </caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Units</th>
            <th scope="col">{m.kind === 'proportion' ? 'Rate' : 'Mean'}</th>
            <th scope="col">{results.difference === 'relative' ? 'Lift' : 'Difference'}</th>
            <th scope="col">{`${Number(((1 - results.alpha) * 100).toPrecision(4))} % interval`}</th>
            {bayesian ? <th scope="col">Chance to win</th> : <th scope="col">p-value</th>}
            {bayesian ? <th scope="col">Risk (control / treatment)</th> : m.role === 'goal' && <th scope="col">Adjusted p (Holm)</th>}
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {m.variants.map((v, i) => {
            const c = byVariant.get(v.name);
            return (
              <tr key={v.name} data-variant={v.name} {...(c !== undefined && comparisonData(c))}>
                <th scope="row">
                  {v.name}
                  {i === 0 && <span className="sub">control</span>}
                </th>
                <td className="num">{formatCount(v.n)}</td>
                <td className="num" data-testid="mean">
                  {mean(v.mean)}
                </td>
                {c === undefined ? (
                  <td colSpan={bayesian || m.role === 'goal' ? 5 : 4} className="muted">
                    {i === 0 ? 'the control: each treatment is compared with it' : 'not compared'}
                  </td>
                ) : (
                  <>
                    <td className="num nowrap" data-testid="effect">
                      {c.note === undefined ? formatEffect(c.expected, results.difference) : '—'}
                    </td>
                    <td className="num nowrap" data-testid="interval">
                      {c.note === undefined ? formatInterval(c.ci, results.difference) : '—'}
                    </td>
                    {bayesian ? (
                      <td className="num" data-testid="chance">
                        {formatChance(c.chanceToWin)}
                      </td>
                    ) : (
                      <td className="num" data-testid="p-value">
                        {formatPValue(c.pValue)}
                      </td>
                    )}
                    {bayesian ? (
                      <td className="num" data-testid="risk">
                        {c.risk === undefined ? '—' : `${formatEffect(c.risk[0], results.difference)} / ${formatEffect(c.risk[1], results.difference)}`}
                      </td>
                    ) : (
                      m.role === 'goal' && (
                        <td className="num" data-testid="adjusted-p-value">
                          {formatPValue(c.adjustedPValue)}
                        </td>
                      )
                    )}
                    <td data-testid="verdict">
                      <span className={`verdict verdict-${c.note === undefined ? c.direction : 'none'}`}>{verdictText(c)}</span>
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

/** The comparison's raw numbers on its row, for tools and tests that read the page. */
function comparisonData(c: ExperimentComparison): Record<string, string> {
  const out: Record<string, string> = { 'data-direction': c.direction };
  if (c.note !== undefined) return out;
  out['data-expected'] = String(c.expected);
  out['data-ci-low'] = String(c.ci[0]);
  out['data-ci-high'] = String(c.ci[1]);
  if (c.pValue !== undefined) out['data-p-value'] = String(c.pValue);
  if (c.chanceToWin !== undefined) out['data-chance-to-win'] = String(c.chanceToWin);
  return out;
}

function GuardrailsCard({ results }: { results: ExperimentResults }) {
  const bayesian = results.engine === 'bayesian';
  return (
    <Card title="Guardrails" testId="guardrails">
      <table>
        <caption className="visually-hidden">Each guardrail metric of each treatment: failing when significantly worse than the control</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Variant</th>
            <th scope="col">Status</th>
            <th scope="col">{results.difference === 'relative' ? 'Lift' : 'Difference'}</th>
            <th scope="col">{bayesian ? 'Chance to win' : 'p-value'}</th>
          </tr>
        </thead>
        <tbody>
          {results.guardrails.map((g) => (
            <tr key={`${g.metric}:${g.variant}`} data-guardrail={g.metric} data-variant={g.variant} data-status={g.status}>
              <th scope="row">{g.metric}</th>
              <td>{g.variant}</td>
              <td>
                <span className={`badge ${g.status === 'failing' ? 'badge-alerting' : g.status === 'ok' ? 'badge-ok' : 'badge-no-data'}`}>
                  <span aria-hidden="true">{g.status === 'failing' ? '■' : g.status === 'ok' ? '✓' : '○'}</span> {GUARDRAIL_TEXT[g.status]}
                </span>
              </td>
              <td className="num">{formatEffect(g.expected, results.difference)}</td>
              <td className="num">{bayesian ? formatChance(g.chanceToWin) : formatPValue(g.pValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function PowerCard({ results }: { results: ExperimentResults }) {
  const p = results.power;
  return (
    <Card title="Power of the design" testId="power">
      {p.metric === null ? (
        <EmptyState title="No goal metric">
          <p>Power is judged on the first goal metric; this experiment has none.</p>
        </EmptyState>
      ) : (
        <>
          <p className="note">
            On {p.metric}: the power to detect a {formatPercent(p.targetMde)} relative effect with the units so far, and the smallest relative effect detectable
            with 80 % power (GrowthBook's power calculator, α = {results.alpha}
            {results.sequential ? ', sequential' : ''}).
          </p>
          <table>
            <caption className="visually-hidden">Power and minimum detectable effect of each treatment against the control</caption>
            <thead>
              <tr>
                <th scope="col">Treatment</th>
                <th scope="col">Units (with the control)</th>
                <th scope="col">Power for {formatPercent(p.targetMde)}</th>
                <th scope="col">MDE at 80 % power</th>
              </tr>
            </thead>
            <tbody>
              {p.variants.map((v) => (
                <tr key={v.variant} data-variant={v.variant} data-power={v.power ?? ''} data-mde={v.mde ?? ''}>
                  <th scope="row">{v.variant}</th>
                  <td className="num">{formatCount(v.n)}</td>
                  <td className="num">{formatPercent(v.power)}</td>
                  <td className="num">{formatPercent(v.mde, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

function CumulativeCard({ metric, results }: { metric: string; results: ExperimentResults }) {
  const spec = useMemo(() => experimentCumulativeChart(results, metric), [results, metric]);
  return (
    <Card title={`Cumulative effect on ${metric}`} testId={`cumulative-${metric}`}>
      <EChart
        spec={spec}
        label={`The effect of each treatment on ${metric} on the units exposed up to each time, with its interval; the latest values are in the ${metric} table.`}
        testId="cumulative-chart"
      />
    </Card>
  );
}
