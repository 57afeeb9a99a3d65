// Overview: every model with its status, volume, latest drift, performance and open alerts.

import { useApi } from '../api/api-context.js';
import { openAlertsByModel } from '../api/alerts.js';
import type { OpenAlerts } from '../api/alerts.js';
import { listModels } from '../api/models.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { RangePicker } from '../components/range-picker.js';
import { StatusBadge } from '../components/status-badge.js';
import { formatCount, formatPercent, formatValue } from '../format/format-number.js';
import { formatDateTime } from '../format/format-time.js';
import { useAsync } from '../hooks/use-async.js';
import { useResolvedRange, useView } from '../hooks/use-view.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { viewSearch } from '../time/time-range.js';
import type { ModelInfo } from '@vigil/wire';
import { loadModelSummary } from './model-summary.js';

export function OverviewPage() {
  const api = useApi();
  const view = useView();
  const models = useAsync((signal) => listModels(api, signal), [api]);
  const alerts = useAsync((signal) => openAlertsByModel(api, signal), [api]);
  // The auto range starts at the first data of any model.
  const names = models.status === 'done' ? models.value.map((m) => m.name) : undefined;
  const range = useResolvedRange(api, view, names);

  return (
    <>
      <h1 tabIndex={-1}>Models</h1>
      <RangePicker view={view} resolved={range.status === 'done' ? range.value : undefined} />
      {models.status === 'loading' && <Loading what="models" />}
      {models.status === 'error' && <ErrorNote error={models.error} what="models" />}
      {models.status === 'done' && models.value.length === 0 && (
        <EmptyState title="No models yet">
          <p>
            Send predictions from your service with <code>@vigil/sdk</code> (the model is created with its first events when the server runs with{' '}
            <code>--auto-create-models</code>), or create one through the API:
          </p>
          <pre>{`curl -X POST ${window.location.origin}/v1/models -H "authorization: Bearer <key>" \\\n  -H "content-type: application/json" -d '{"name": "my-model", "type": "binary"}'`}</pre>
          <p>
            The API is described at <a href="/docs">/docs</a>. To see Vigil with a living model, run <code>npm start</code> (the demo).
          </p>
        </EmptyState>
      )}
      {alerts.status === 'done' && alerts.value === null && (
        <p className="note">Alerting is not configured on this server: statuses are judged from drift and performance.</p>
      )}
      {models.status === 'done' && models.value.length > 0 && range.status === 'loading' && <Loading what="the time range" />}
      {alerts.status === 'loading' && <Loading what="open alerts" />}
      {models.status === 'done' && models.value.length > 0 && range.status === 'error' && <ErrorNote error={range.error} what="the server's time" />}
      {alerts.status === 'error' && <ErrorNote error={alerts.error} what="open alerts" />}
      {/* Rows wait for the alerts, so each row loads its numbers once, with its status inputs complete. */}
      {models.status === 'done' && models.value.length > 0 && range.status === 'done' && alerts.status !== 'loading' && (
        <table className="models" data-testid="models-table">
          <caption className="visually-hidden">Models, their status and latest numbers in the selected range</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Predictions</th>
              <th scope="col">Latest drift</th>
              <th scope="col">Performance</th>
              <th scope="col">Open alerts</th>
            </tr>
          </thead>
          <tbody>
            {models.value.map((m) => (
              <ModelRow key={m.name} model={m} range={range.value} alerts={alerts.status === 'done' ? alerts.value : null} search={viewSearch(view)} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ModelRow({ model, range, alerts, search }: { model: ModelInfo; range: ResolvedRange; alerts: Map<string, OpenAlerts> | null; search: string }) {
  const api = useApi();
  const open = alerts === null ? null : (alerts.get(model.name) ?? { firing: 0, pending: 0 });
  const summary = useAsync(
    (signal) => loadModelSummary(api, model, range, open, signal),
    [api, model.name, range.from, range.to, range.step, open?.firing, open?.pending],
  );
  const link = routePath({ page: 'model', model: model.name }) + search;
  return (
    <tr data-model={model.name}>
      <th scope="row">
        <Link to={link}>{model.name}</Link>
        <span className="sub">{model.type}</span>
      </th>
      {summary.status === 'loading' && (
        <td colSpan={5}>
          <Loading what={`${model.name}'s numbers`} />
        </td>
      )}
      {summary.status === 'error' && (
        <td colSpan={5}>
          <ErrorNote error={summary.error} what={`${model.name}'s numbers`} />
        </td>
      )}
      {summary.status === 'done' && (
        <>
          <td>
            <StatusBadge status={summary.value.verdict.status} reasons={summary.value.verdict.reasons} />
            <span className="sub">{summary.value.verdict.reasons[0]}</span>
          </td>
          <td className="num">{formatCount(summary.value.rows)}</td>
          <td>
            {model.reference === null ? (
              <Link to={routePath({ page: 'reference', model: model.name })}>Add reference data to see drift</Link>
            ) : summary.value.drift === undefined ? (
              '—'
            ) : (
              <>
                {summary.value.drift.drifted.length} of {summary.value.drift.tested} drifted
                {summary.value.drift.drifted.length > 0 && <span className="sub">{summary.value.drift.drifted.join(', ')}</span>}
                <span className="sub">at {formatDateTime(summary.value.drift.t)}</span>
              </>
            )}
          </td>
          <td>
            {summary.value.metric === null ? (
              '—'
            ) : summary.value.metric === 'accuracy' ? (
              <>
                accuracy {formatPercent(summary.value.realized)}
                {summary.value.estimated !== null && <span className="sub">estimated {formatPercent(summary.value.estimated)}</span>}
                <span className="sub">labels {formatPercent(summary.value.coverage, 0)}</span>
              </>
            ) : (
              <>
                {summary.value.metric} {formatValue(summary.value.realized)}
                <span className="sub">labels {formatPercent(summary.value.coverage, 0)}</span>
              </>
            )}
          </td>
          <td className="num">
            {open === null ? (
              <span title="alerting is not configured on this server">—</span>
            ) : (
              <Link to={routePath({ page: 'alerts' })}>
                {open.firing} firing{open.pending > 0 ? `, ${open.pending} pending` : ''}
              </Link>
            )}
          </td>
        </>
      )}
    </tr>
  );
}
