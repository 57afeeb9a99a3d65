// Hosts: every machine that reports to the project (its GPUs, the models it serves, when it was
// last heard from), and a host's CPU, memory and per-GPU utilisation, memory, power and temperature.

import type { HostInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getHostSeries, listHosts } from '../api/infrastructure.js';
import { TimeChart } from '../charts/time-chart.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { RangePicker } from '../components/range-picker.js';
import { formatDateTime } from '../format/format-time.js';
import { useAsync } from '../hooks/use-async.js';
import { useResolvedRange, useView } from '../hooks/use-view.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { HOST_CHARTS, hostChartOptions } from '../infrastructure/host-charts.js';
import type { HostChart } from '../infrastructure/host-charts.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { viewSearch } from '../time/time-range.js';

const UNAVAILABLE = 'Hosts are not offered by this server.';

export function HostsPage() {
  const api = useApi();
  const hosts = useAsync((signal) => listHosts(api, signal), [api]);
  return (
    <>
      <h1 tabIndex={-1}>Hosts</h1>
      {hosts.status === 'loading' && <Loading what="hosts" />}
      {hosts.status === 'error' && <ErrorNote error={hosts.error} what="hosts" />}
      {hosts.status === 'done' && !hosts.value.available && <EmptyState title={UNAVAILABLE}>{null}</EmptyState>}
      {hosts.status === 'done' && hosts.value.available && hosts.value.value.length === 0 && (
        <EmptyState title="No hosts yet">
          <p>Run the agent on each machine that serves a model; it reports CPU, memory, disks, network and every GPU through nvidia-smi:</p>
          <pre>{`vigil agent --url ${window.location.origin} --key <ingest key> --model <model> --interval 15s`}</pre>
        </EmptyState>
      )}
      {hosts.status === 'done' && hosts.value.available && hosts.value.value.length > 0 && <HostsTable hosts={hosts.value.value} />}
    </>
  );
}

function HostsTable({ hosts }: { hosts: readonly HostInfo[] }) {
  return (
    <table className="models" data-testid="hosts-table">
      <caption className="visually-hidden">Hosts, their GPUs, the models they serve and when they last reported</caption>
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">GPUs</th>
          <th scope="col">Models</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {hosts.map((h) => (
          <tr key={h.name} data-host={h.name}>
            <th scope="row">
              <Link to={routePath({ page: 'host', host: h.name })}>{h.name}</Link>
            </th>
            <td>{h.gpus.length === 0 ? '—' : h.gpus.map((g) => `${g.index}: ${g.name}`).join(', ')}</td>
            <td>
              {h.models.length === 0
                ? '—'
                : h.models.map((m, i) => (
                    <span key={m}>
                      {i > 0 && ', '}
                      <Link to={routePath({ page: 'model', model: m })}>{m}</Link>
                    </span>
                  ))}
            </td>
            <td>{formatDateTime(Date.parse(h.lastSeen))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HostPage({ host }: { host: string }) {
  const api = useApi();
  const view = useView();
  const range = useResolvedRange(api, view, undefined);
  const hosts = useAsync((signal) => listHosts(api, signal), [api]);
  const info = hosts.status === 'done' && hosts.value.available ? hosts.value.value.find((h) => h.name === host) : undefined;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to={`/hosts${viewSearch(view)}`}>Hosts</Link> › <span aria-current="page">{host}</span>
      </nav>
      <h1 tabIndex={-1}>{host}</h1>
      {info !== undefined && (
        <p className="sub" data-testid="host-facts">
          {info.gpus.length} GPU{info.gpus.length === 1 ? '' : 's'}
          {info.models.length > 0 && `, serving ${info.models.join(', ')}`}; last seen {formatDateTime(Date.parse(info.lastSeen))}
        </p>
      )}
      <RangePicker view={view} resolved={range.status === 'done' ? range.value : undefined} />
      {range.status === 'loading' && <Loading what="the time range" />}
      {range.status === 'error' && <ErrorNote error={range.error} what="the time range" />}
      {range.status === 'done' && (
        <div className="charts">
          {HOST_CHARTS.filter((c) => !c.metric.startsWith('gpu_') || info === undefined || info.gpus.length > 0).map((c) => (
            <HostMetricChart key={c.metric} host={host} chart={c} range={range.value} />
          ))}
        </div>
      )}
    </>
  );
}

function HostMetricChart({ host, chart, range }: { host: string; chart: HostChart; range: ResolvedRange }) {
  const api = useApi();
  const series = useAsync(
    (signal) => getHostSeries(api, host, { metric: chart.metric, from: range.from, to: range.to, step: range.step }, signal),
    [api, host, chart.metric, range.from, range.to, range.step],
  );
  if (series.status === 'loading') return <Loading what={chart.title} />;
  if (series.status === 'error') return <ErrorNote error={series.error} what={chart.title} />;
  return (
    <TimeChart
      options={hostChartOptions(chart, series.value, range)}
      label={`${chart.title} of ${host} (${chart.unit})`}
      testId={`host-chart-${chart.metric}`}
    />
  );
}

/** On a model's page: the hosts that serve it (as their agents say), each linked to its charts. */
export function ModelHosts({ model }: { model: string }) {
  const api = useApi();
  const hosts = useAsync((signal) => listHosts(api, signal), [api]);
  if (hosts.status !== 'done' || !hosts.value.available) return null;
  const serving = hosts.value.value.filter((h) => h.models.includes(model));
  if (serving.length === 0) return null;
  return (
    <p className="sub" data-testid="model-hosts">
      Served by{' '}
      {serving.map((h, i) => (
        <span key={h.name}>
          {i > 0 && ', '}
          <Link to={routePath({ page: 'host', host: h.name })}>{h.name}</Link>
          {h.gpus.length > 0 && ` (${h.gpus.length} GPU${h.gpus.length === 1 ? '' : 's'})`}
        </span>
      ))}
      .
    </p>
  );
}
