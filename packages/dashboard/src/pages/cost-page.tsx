// Cost: the range's bill by model (events' own costs and their share of the hosts, per 1 000
// predictions) and by host (bill and idle), and each budget's burn-down with its forecast.

import type { BudgetInfo, CostResponse } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getCost, listBudgets } from '../api/infrastructure.js';
import { getSeries } from '../api/models.js';
import { TimeChart } from '../charts/time-chart.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { RangePicker } from '../components/range-picker.js';
import { formatCount } from '../format/format-number.js';
import { formatDateTime } from '../format/format-time.js';
import { useAsync } from '../hooks/use-async.js';
import { useResolvedRange, useView } from '../hooks/use-view.js';
import { burnDownOptions } from '../infrastructure/burn-down.js';
import { formatUsd } from '../infrastructure/format-usd.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';

export function CostPage() {
  const api = useApi();
  const view = useView();
  const range = useResolvedRange(api, view, undefined);
  const cost = useAsync(
    (signal) => (range.status === 'done' ? getCost(api, { from: range.value.from, to: range.value.to }, signal) : Promise.resolve(null)),
    [api, range.status === 'done' ? range.value.from : 0, range.status === 'done' ? range.value.to : 0],
  );
  const budgets = useAsync((signal) => listBudgets(api, signal), [api]);
  return (
    <>
      <h1 tabIndex={-1}>Cost</h1>
      <RangePicker view={view} resolved={range.status === 'done' ? range.value : undefined} />
      {(cost.status === 'loading' || range.status === 'loading') && <Loading what="the bill" />}
      {cost.status === 'error' && <ErrorNote error={cost.error} what="the bill" />}
      {cost.status === 'done' && cost.value !== null && !cost.value.available && <EmptyState title="Cost is not offered by this server.">{null}</EmptyState>}
      {cost.status === 'done' && cost.value !== null && cost.value.available && <Bill bill={cost.value.value} />}
      <Card title="Budgets" testId="budgets">
        {budgets.status === 'loading' && <Loading what="budgets" />}
        {budgets.status === 'error' && <ErrorNote error={budgets.error} what="budgets" />}
        {budgets.status === 'done' && budgets.value.available && budgets.value.value.length === 0 && (
          <p>
            No budgets yet: create one with <code>POST /v1/budgets</code> (<a href="/docs">/docs</a>).
          </p>
        )}
        {budgets.status === 'done' && budgets.value.available && budgets.value.value.map((b) => <Budget key={b.name} budget={b} />)}
      </Card>
    </>
  );
}

function Bill({ bill }: { bill: CostResponse }) {
  return (
    <>
      <p data-testid="bill-total">
        Total <b>{formatUsd(bill.totalUsd)}</b>: hosts {formatUsd(bill.infrastructureUsd)}, of which idle {formatUsd(bill.idleUsd)}.
      </p>
      <table className="models" data-testid="cost-by-model">
        <caption>By model</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Predictions</th>
            <th scope="col">Events</th>
            <th scope="col">Hosts</th>
            <th scope="col">Total</th>
            <th scope="col">Per 1 000 predictions</th>
            <th scope="col">By version</th>
          </tr>
        </thead>
        <tbody>
          {bill.models.map((m) => (
            <tr key={m.model} data-model={m.model}>
              <th scope="row">
                <Link to={routePath({ page: 'model', model: m.model })}>{m.model}</Link>
              </th>
              <td>{formatCount(m.predictions)}</td>
              <td>{formatUsd(m.eventsUsd)}</td>
              <td>{formatUsd(m.infrastructureUsd)}</td>
              <td>{formatUsd(m.totalUsd)}</td>
              <td>{formatUsd(m.costPer1kPredictions)}</td>
              <td>{m.versions.map((v) => `${v.version}: ${formatUsd(v.totalUsd)}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {bill.hosts.length > 0 && (
        <table className="models" data-testid="cost-by-host">
          <caption>By host</caption>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Bill</th>
              <th scope="col">Idle</th>
            </tr>
          </thead>
          <tbody>
            {bill.hosts.map((h) => (
              <tr key={h.host}>
                <th scope="row">
                  <Link to={routePath({ page: 'host', host: h.host })}>{h.host}</Link>
                </th>
                <td>{formatUsd(h.billUsd)}</td>
                <td>{formatUsd(h.idleUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Budget({ budget: b }: { budget: BudgetInfo }) {
  const api = useApi();
  const now = Date.now();
  const daily = useAsync(
    (signal) =>
      b.model === null
        ? Promise.resolve(null)
        : getSeries(
            api,
            b.model,
            { metric: 'cost_usd', from: Date.parse(b.periodStart), to: Math.min(now, Date.parse(b.periodEnd)), step: 86_400_000 },
            signal,
          ),
    [api, b.name, b.periodStart],
  );
  return (
    <div className="budget" data-budget={b.name}>
      <p>
        <b>{b.name}</b> ({b.model ?? 'every model'}): spent {formatUsd(b.spentUsd)} of {formatUsd(b.amountUsd)} this {b.period}, forecast{' '}
        {formatUsd(b.forecastUsd)}
        {b.forecastExhaustedAt !== undefined && `, used up by ${formatDateTime(Date.parse(b.forecastExhaustedAt))}`} —{' '}
        <span data-testid="budget-status">{b.status}</span>
      </p>
      {daily.status === 'done' && (
        <TimeChart options={burnDownOptions(b, daily.value, now)} label={`Burn-down of budget ${b.name}`} testId={`burn-down-${b.name}`} />
      )}
      {daily.status === 'error' && <ErrorNote error={daily.error} what="the daily spend" />}
    </div>
  );
}
