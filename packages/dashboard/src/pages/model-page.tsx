// Model: volume, latency, predictions, the drift heatmap (drilling down to a feature), drift over
// the range as the HTML report draws it, and performance with label coverage and the CBPE estimate.

import { useMemo } from 'react';
import { driftHeatmapChart, driftLevel, driftRatio, driftSummaryChart } from '@vigil/core';
import type { DriftSection, TimeSeriesChartOptions, TimeSeriesLine } from '@vigil/core';
import type { DriftResponse, ModelInfo, SeriesResponse } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getDrift, getModel } from '../api/models.js';
import { SERIES_DRIFT_THRESHOLD } from '../charts/drift-threshold.js';
import { EChart } from '../charts/echart.js';
import { driftGrid, pointsByLabel, pointsOf } from '../charts/series-points.js';
import { TimeChart, escapeHtml } from '../charts/time-chart.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { RangePicker } from '../components/range-picker.js';
import { SegmentPicker } from '../components/segment-picker.js';
import { SlicePicker } from '../components/slice-picker.js';
import { formatCount, formatPercent, formatValue } from '../format/format-number.js';
import { formatDateTime, formatStep } from '../format/format-time.js';
import { useAsync } from '../hooks/use-async.js';
import { useAll, useSeries } from '../hooks/use-series.js';
import { useResolvedRange, useView } from '../hooks/use-view.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { Link, navigate } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { SegmentFilterProvider, useSegmentFilter } from '../segments/segment-context.js';
import { SliceFilterProvider, useSliceFilter } from '../segments/slice-context.js';
import { heatmapStep, heatmapStepNote, viewSearch } from '../time/time-range.js';
import { FairnessCard } from './fairness-card.js';
import { ModelHosts } from './hosts-page.js';
import { performanceMetric } from './model-summary.js';

export function ModelPage({ model }: { model: string }) {
  const api = useApi();
  const view = useView();
  const info = useAsync((signal) => getModel(api, model, signal), [api, model]);
  const range = useResolvedRange(api, view, model);
  const search = viewSearch(view);
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to={`/${search}`}>Models</Link> › <span aria-current="page">{model}</span>
      </nav>
      <h1 tabIndex={-1}>{model}</h1>
      {info.status === 'loading' && <Loading what="the model" />}
      {info.status === 'error' && <ErrorNote error={info.error} what="the model" />}
      {info.status === 'done' && <ModelFacts info={info.value} />}
      <ModelHosts model={model} />
      <RangePicker view={view} resolved={range.status === 'done' ? range.value : undefined} />
      <SegmentPicker model={model} view={view} range={range.status === 'done' ? range.value : undefined} />
      <SlicePicker info={info.status === 'done' ? info.value : undefined} view={view} range={range.status === 'done' ? range.value : undefined} />
      {range.status === 'loading' && <Loading what="the time range" />}
      {range.status === 'error' && <ErrorNote error={range.error} what="the server's time" />}
      {info.status === 'done' && range.status === 'done' && (
        <SegmentFilterProvider segments={view.segments}>
          <SliceFilterProvider slices={view.slices}>
            <ModelCharts info={info.value} range={range.value} search={search} />
          </SliceFilterProvider>
        </SegmentFilterProvider>
      )}
    </>
  );
}

function ModelFacts({ info }: { info: ModelInfo }) {
  return (
    <p className="facts">
      {info.type} model · {Object.keys(info.features).length} features · versions {info.versions.length === 0 ? 'none yet' : info.versions.join(', ')} ·
      reference:{' '}
      {info.reference === null
        ? 'none'
        : `${formatCount(info.reference.rows)} rows (${info.reference.source}, ${formatDateTime(Date.parse(info.reference.updatedAt))})`}{' '}
      · <Link to={routePath({ page: 'reference', model: info.name })}>Reference data</Link>
      {info.description !== null && <span className="sub">{info.description}</span>}
    </p>
  );
}

function ModelCharts({ info, range, search }: { info: ModelInfo; range: ResolvedRange; search: string }) {
  return (
    <div className="cards">
      <DriftHeatmapCard info={info} range={range} search={search} />
      <VolumeCard info={info} range={range} />
      <LatencyCard info={info} range={range} />
      <PredictionsCard info={info} range={range} />
      <PerformanceCard info={info} range={range} />
      <DriftSummaryCard info={info} range={range} />
      <FairnessCard info={info} />
    </div>
  );
}

const noReference = (model: string) => (
  <EmptyState title="No reference data">
    <p>
      Drift compares live traffic with a reference: the data the model was validated on.{' '}
      <Link to={routePath({ page: 'reference', model })}>Upload one or pick a past window</Link>.
    </p>
  </EmptyState>
);

const noData = (
  <EmptyState title="No predictions in this range">
    <p>Pick a wider range above, or check that your service sends predictions for this model.</p>
  </EmptyState>
);

interface HeatmapRow {
  feature: string;
  worstRatio: number;
  worstScore: number | null;
  worstAt: number | null;
  latestScore: number | null;
}

/** The heatmap's range: with an automatic step, one coarse enough for at most HEATMAP_MAX_COLUMNS columns. */
function heatmapRange(range: ResolvedRange): ResolvedRange {
  return { ...range, step: heatmapStep(range) };
}

function DriftHeatmapCard({ info, range: pageRange, search }: { info: ModelInfo; range: ResolvedRange; search: string }) {
  const range = useMemo(() => heatmapRange(pageRange), [pageRange]);
  const drift = useSeries(info.name, info.reference === null ? null : 'drift', range);
  const view = useMemo(() => (drift.status === 'done' && drift.value !== null ? heatmapOf(drift.value, info) : null), [drift, info]);
  return (
    <Card title="Drift by feature" testId="drift-heatmap">
      {info.reference === null && noReference(info.name)}
      {drift.status === 'loading' && <Loading what="drift scores" />}
      {drift.status === 'error' && <ErrorNote error={drift.error} what="drift scores" />}
      {view !== null && view.rows.length > 0 && view.steps.length === 0 && noData}
      {view !== null && view.steps.length > 0 && (
        <>
          <p className="note" data-testid="heatmap-step">
            {heatmapStepNote(view.stepMs, pageRange.step, pageRange.to - pageRange.from)}
          </p>
          <p className="note">
            Each cell is a feature's drift score in one step against the reference ({formatValue(SERIES_DRIFT_THRESHOLD)} is the threshold of normed Wasserstein
            and Jensen–Shannon). Select a cell, or a feature below, to see the feature.
          </p>
          <EChart
            spec={view.spec}
            overlay={view.overlay}
            label={`Drift heatmap of ${view.rows.length} features over ${view.steps.length} steps; ${view.rows.filter((r) => r.worstRatio >= 1).length} features above the threshold. The same numbers are in the table below.`}
            onClick={(c) => {
              const datum = c.data as number[] | undefined;
              const feature = datum === undefined ? undefined : view.order[datum[1]!];
              if (feature !== undefined) navigate(routePath({ page: 'feature', model: info.name, feature }) + search);
            }}
            testId="drift-heatmap-chart"
          />
          <DriftTable model={info.name} rows={view.rows} search={search} />
        </>
      )}
    </Card>
  );
}

function heatmapOf(series: SeriesResponse, info: ModelInfo) {
  const grid = driftGrid(series, SERIES_DRIFT_THRESHOLD, Object.keys(info.features));
  const stepMs = series.step * 1000;
  const spec = driftHeatmapChart({ features: grid.features, steps: grid.steps.map((t) => ({ t, label: formatStep(t, stepMs) })), cells: grid.cells });
  const order = (spec.option.yAxis.data ?? []).map(String);
  const rows: HeatmapRow[] = order.map((feature) => {
    const cells = grid.cells.filter((c) => c.feature === feature && c.score !== null).sort((a, b) => a.t - b.t);
    let worst = cells[0];
    for (const c of cells) if (driftRatio(c.score!, c.threshold) > driftRatio(worst!.score!, worst!.threshold)) worst = c;
    return {
      feature,
      worstRatio: worst === undefined ? 0 : driftRatio(worst.score!, worst.threshold),
      worstScore: worst?.score ?? null,
      worstAt: worst?.t ?? null,
      latestScore: cells[cells.length - 1]?.score ?? null,
    };
  });
  const overlay = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: number[] }) => {
        const [x, y, ratio, score] = p.data ?? [];
        const t = grid.steps[x ?? -1];
        return `${escapeHtml(order[y ?? -1] ?? '')} · ${t === undefined ? '' : escapeHtml(formatStep(t, stepMs))}<br>score <b>${formatValue(score)}</b> (${formatValue(ratio)} × the threshold ${formatValue(SERIES_DRIFT_THRESHOLD)})`;
      },
    },
  };
  return { spec, overlay, rows, order, steps: grid.steps, stepMs };
}

function DriftTable({ model, rows, search }: { model: string; rows: readonly HeatmapRow[]; search: string }) {
  return (
    <table className="drift-table" data-testid="drift-table">
      <caption>Features by their worst drift in the range (drifted ones first)</caption>
      <thead>
        <tr>
          <th scope="col">Feature</th>
          <th scope="col">Verdict</th>
          <th scope="col">Worst score</th>
          <th scope="col">At</th>
          <th scope="col">Latest score</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const level = driftLevel(r.worstRatio);
          return (
            <tr key={r.feature} data-feature={r.feature} data-worst-ratio={r.worstRatio} data-drifted={r.worstRatio >= 1}>
              <th scope="row">
                <Link to={routePath({ page: 'feature', model, feature: r.feature }) + search}>{r.feature}</Link>
              </th>
              <td>
                <span className={`level level-${level}`}>{r.worstRatio >= 1 ? 'above threshold' : 'below threshold'}</span>
              </td>
              <td className="num">{formatValue(r.worstScore)}</td>
              <td>{r.worstAt === null ? '—' : formatDateTime(r.worstAt)}</td>
              <td className="num">{formatValue(r.latestScore)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function VolumeCard({ info, range }: { info: ModelInfo; range: ResolvedRange }) {
  const volume = useSeries(info.name, 'volume', range);
  const options = useMemo(
    () =>
      volume.status === 'done' && volume.value !== null
        ? {
            title: 'Predictions per step',
            lines: [{ name: 'predictions', bars: true, points: pointsOf(volume.value) }],
            from: range.from,
            to: range.to,
            yMin: 0,
          }
        : null,
    [volume, range],
  );
  return (
    <Card title="Volume" testId="volume">
      {volume.status === 'loading' && <Loading what="volume" />}
      {volume.status === 'error' && <ErrorNote error={volume.error} what="volume" />}
      {options !== null &&
        (options.lines[0]!.points.length === 0 ? (
          noData
        ) : (
          <TimeChart options={options} label="Predictions per step over the range" format={(v) => (v === null ? '—' : formatCount(v))} />
        ))}
    </Card>
  );
}

function LatencyCard({ info, range }: { info: ModelInfo; range: ResolvedRange }) {
  const all = useAll([useSeries(info.name, 'latency_p50', range), useSeries(info.name, 'latency_p95', range), useSeries(info.name, 'latency_p99', range)]);
  const options = useMemo(() => {
    if (all.status !== 'done') return null;
    const [p50, p95, p99] = all.value.map((s) => (s === null ? [] : pointsOf(s)));
    return {
      title: 'Latency',
      yName: 'ms',
      from: range.from,
      to: range.to,
      lines: [
        { name: 'P50', points: p50! },
        { name: 'P95', points: p95! },
        { name: 'P99', points: p99! },
      ],
    };
  }, [all, range]);
  return (
    <Card title="Latency P50 / P95 / P99" testId="latency">
      {all.status === 'loading' && <Loading what="latency" />}
      {all.status === 'error' && <ErrorNote error={all.error} what="latency" />}
      {options !== null &&
        (options.lines.every((l) => l.points.every((p) => p.value === null)) ? (
          <EmptyState title="No latencies in this range">
            <p>
              Send <code>latencyMs</code> with each prediction (the SDK's middleware does) to see them here.
            </p>
          </EmptyState>
        ) : (
          <TimeChart
            options={options}
            label="Latency percentiles (P50, P95, P99) in milliseconds over the range"
            format={(v) => (v === null ? '—' : `${formatValue(v)} ms`)}
          />
        ))}
    </Card>
  );
}

function PredictionsCard({ info, range }: { info: ModelInfo; range: ResolvedRange }) {
  const classes = info.type === 'binary' || info.type === 'multiclass';
  const all = useAll([
    useSeries(info.name, classes ? 'prediction_share' : null, range),
    useSeries(info.name, info.type === 'multiclass' ? null : 'prediction_mean', range),
  ]);
  const options = useMemo(() => {
    if (all.status !== 'done') return null;
    const [share, mean] = all.value;
    const lines =
      share === null || share === undefined
        ? []
        : [...pointsByLabel(share, 'class')].map(([name, points]) => ({ name: `class ${name}`, points, stacked: true }));
    if (mean !== null && mean !== undefined)
      lines.push({ name: info.type === 'regression' ? 'mean prediction' : 'mean score', points: pointsOf(mean), stacked: false });
    return {
      title: classes ? 'Predicted classes (shares) and mean score' : 'Mean prediction',
      lines,
      from: range.from,
      to: range.to,
      ...(classes && { yMin: 0, yMax: 1 }),
    };
  }, [all, range, classes, info.type]);
  return (
    <Card title="Predictions" testId="predictions">
      {all.status === 'loading' && <Loading what="predictions" />}
      {all.status === 'error' && <ErrorNote error={all.error} what="predictions" />}
      {options !== null &&
        (options.lines.every((l) => l.points.length === 0) ? (
          noData
        ) : (
          <TimeChart
            options={options}
            label="Distribution of the model's predictions over the range"
            format={classes ? (v) => formatPercent(v) : formatValue}
          />
        ))}
    </Card>
  );
}

function PerformanceCard({ info, range }: { info: ModelInfo; range: ResolvedRange }) {
  const metric = performanceMetric(info.type);
  const all = useAll([
    useSeries(info.name, metric, range),
    useSeries(info.name, info.type === 'binary' ? 'estimated_accuracy' : null, range),
    useSeries(info.name, metric === null ? null : 'label_coverage', range),
  ]);
  const charts = useMemo(() => {
    if (all.status !== 'done' || metric === null) return null;
    const [realized, estimated, coverage] = all.value;
    const lines: TimeSeriesLine[] = [{ name: `realized ${metric}`, points: realized === null || realized === undefined ? [] : pointsOf(realized) }];
    if (estimated !== null && estimated !== undefined)
      lines.push({ name: 'estimated accuracy (CBPE)', points: pointsOf(estimated), band: true, bandName: 'estimate ± 3 standard errors' });
    const performance: TimeSeriesChartOptions = {
      title: metric === 'accuracy' ? 'Accuracy: realized, and estimated while labels are missing' : `Realized ${metric}`,
      ...(estimated != null && { subtitle: 'band: the estimate ± 3 standard errors (NannyML’s CBPE)' }),
      lines,
      from: range.from,
      to: range.to,
    };
    const coverageOptions: TimeSeriesChartOptions = {
      title: 'Label coverage: share of predictions with a label',
      lines: [{ name: 'label coverage', points: coverage === null || coverage === undefined ? [] : pointsOf(coverage) }],
      from: range.from,
      to: range.to,
      yMin: 0,
      yMax: 1,
      height: 180,
    };
    return { performance, coverage: coverageOptions };
  }, [all, range, metric]);
  return (
    <Card title="Performance" testId="performance">
      {metric === null && (
        <EmptyState title="No performance metric for ranking models yet">
          <p>Vigil charts realized performance of binary, multiclass and regression models.</p>
        </EmptyState>
      )}
      {all.status === 'loading' && <Loading what="performance" />}
      {all.status === 'error' && <ErrorNote error={all.error} what="performance" />}
      {charts !== null && (
        <>
          {charts.performance.lines.every((l) => l.points.every((p) => p.value === null)) && (
            <EmptyState title="No labels yet">
              <p>
                Realized performance needs ground truth: send labels with <code>logLabel(id, label)</code> or <code>POST /v1/models/{info.name}/labels</code> as
                they become known.
              </p>
            </EmptyState>
          )}
          <TimeChart
            options={charts.performance}
            label={`Realized ${metric} and the estimate with its confidence band over the range`}
            format={metric === 'accuracy' ? (v) => formatPercent(v) : formatValue}
          />
          <TimeChart options={charts.coverage} label="Share of predictions with a label over the range" format={(v) => formatPercent(v)} />
        </>
      )}
    </Card>
  );
}

/** Drift of the whole range from the raw events: the chart `vigil report` draws, from the same specification. */
function DriftSummaryCard({ info, range }: { info: ModelInfo; range: ResolvedRange }) {
  const api = useApi();
  const segments = useSegmentFilter();
  const slices = useSliceFilter();
  const drift = useAsync(
    (signal) => (info.reference === null ? Promise.resolve(null) : getDrift(api, info.name, { from: range.from, to: range.to, segments, slices }, signal)),
    [api, info.name, info.reference === null, range.from, range.to, segments.join('\n'), slices.join('\n')],
  );
  const spec = useMemo(
    () => (drift.status === 'done' && drift.value !== null && drift.value.features.length > 0 ? driftSummaryChart(driftSection(drift.value)) : null),
    [drift],
  );
  return (
    <Card title="Drift over the whole range" testId="drift-summary">
      {info.reference === null && noReference(info.name)}
      {drift.status === 'loading' && <Loading what="drift of the range" />}
      {drift.status === 'error' && <ErrorNote error={drift.error} what="drift of the range" />}
      {drift.status === 'done' && drift.value !== null && drift.value.features.length === 0 && noData}
      {spec !== null && drift.status === 'done' && drift.value !== null && (
        <>
          <p className="note">
            {formatCount(drift.value.rows)} predictions against the reference,{' '}
            {drift.value.basis === 'exact' ? 'from the raw events (as vigil report computes it)' : 'from profiles (too many events for the exact test)'}.
          </p>
          <EChart
            spec={spec}
            label={`Drift score of each feature over the whole range against its threshold; ${drift.value.features.filter((f) => f.drifted).length} of ${drift.value.features.length} drifted`}
          />
        </>
      )}
    </Card>
  );
}

const COLUMN_TYPES = new Set(['numerical', 'categorical', 'text', 'datetime', 'boolean']);

/** The drift answer in the report's shape, so the report's chart specification draws it. */
export function driftSection(d: DriftResponse): DriftSection {
  const columns = d.features.map((f) => {
    const type = f.type === 'numeric' ? 'numerical' : COLUMN_TYPES.has(f.type) ? f.type : 'categorical';
    return {
      name: f.name,
      type: type as DriftSection['columns'][number]['type'],
      method: f.method,
      score: f.score,
      threshold: f.threshold,
      drifted: f.drifted,
    };
  });
  const drifted = columns.filter((c) => c.drifted).length;
  return { columns, share: d.share, numberOfDriftedColumns: drifted, numberOfColumns: columns.length, datasetDrift: d.datasetDrift, driftShareThreshold: 0.5 };
}
