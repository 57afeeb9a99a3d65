// Feature: its drift against the reference in the range with both distributions (the report's
// chart) and their statistics, its drift score over time, its
// distribution over time (median within min–max, mean; the reference's when the reference is a
// past window), and its quality: missing share, values out of the reference's range, new categories.

import { useMemo } from 'react';
import { distributionChart } from '@vigil/core';
import type { TimeSeriesChartOptions, TimeSeriesLine } from '@vigil/core';
import type { FeatureDrift, FeatureStatistics, ModelInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getDrift, getModel, getSeries } from '../api/models.js';
import { SERIES_DRIFT_THRESHOLD } from '../charts/drift-threshold.js';
import { EChart } from '../charts/echart.js';
import { featurePoints } from '../charts/series-points.js';
import { TimeChart } from '../charts/time-chart.js';
import { Card } from '../components/card.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNote, Loading } from '../components/load-state.js';
import { RangePicker } from '../components/range-picker.js';
import { SegmentPicker } from '../components/segment-picker.js';
import { SlicePicker } from '../components/slice-picker.js';
import { formatCount, formatPercent, formatValue } from '../format/format-number.js';
import { useAsync } from '../hooks/use-async.js';
import { useAll, useSeries } from '../hooks/use-series.js';
import { useResolvedRange, useView } from '../hooks/use-view.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { Link } from '../routing/router.js';
import { routePath } from '../routing/routes.js';
import { SegmentFilterProvider, useSegmentFilter } from '../segments/segment-context.js';
import { SliceFilterProvider, useSliceFilter } from '../segments/slice-context.js';
import { viewSearch } from '../time/time-range.js';

export function FeaturePage({ model, feature }: { model: string; feature: string }) {
  const api = useApi();
  const view = useView();
  const info = useAsync((signal) => getModel(api, model, signal), [api, model]);
  const range = useResolvedRange(api, view, model);
  const search = viewSearch(view);
  const type = info.status === 'done' ? info.value.features[feature] : undefined;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to={`/${search}`}>Models</Link> › <Link to={routePath({ page: 'model', model }) + search}>{model}</Link> ›{' '}
        <span aria-current="page">{feature}</span>
      </nav>
      <h1 tabIndex={-1}>{feature}</h1>
      {info.status === 'loading' && <Loading what="the model" />}
      {info.status === 'error' && <ErrorNote error={info.error} what="the model" />}
      {info.status === 'done' && type === undefined && (
        <EmptyState title={`${model} has no feature "${feature}"`}>
          <p>
            Its features are listed on the <Link to={routePath({ page: 'model', model }) + search}>model's page</Link>.
          </p>
        </EmptyState>
      )}
      {info.status === 'done' && type !== undefined && (
        <p className="facts">
          {type} feature of {model}
        </p>
      )}
      <RangePicker view={view} resolved={range.status === 'done' ? range.value : undefined} />
      <SegmentPicker model={model} view={view} range={range.status === 'done' ? range.value : undefined} />
      <SlicePicker info={info.status === 'done' ? info.value : undefined} view={view} range={range.status === 'done' ? range.value : undefined} />
      {range.status === 'loading' && <Loading what="the time range" />}
      {range.status === 'error' && <ErrorNote error={range.error} what="the server's time" />}
      {info.status === 'done' && type !== undefined && range.status === 'done' && (
        <SegmentFilterProvider segments={view.segments}>
          <SliceFilterProvider slices={view.slices}>
            <div className="cards">
              <FeatureDriftCard info={info.value} feature={feature} range={range.value} />
              <DriftOverTimeCard info={info.value} feature={feature} range={range.value} />
              {type === 'numeric' ? <NumericDistributionCard info={info.value} feature={feature} range={range.value} /> : null}
              <QualityCard info={info.value} feature={feature} numeric={type === 'numeric'} range={range.value} />
            </div>
          </SliceFilterProvider>
        </SegmentFilterProvider>
      )}
    </>
  );
}

function FeatureDriftCard({ info, feature, range }: { info: ModelInfo; feature: string; range: ResolvedRange }) {
  const api = useApi();
  const segments = useSegmentFilter();
  const slices = useSliceFilter();
  const drift = useAsync(
    (signal) =>
      info.reference === null ? Promise.resolve(null) : getDrift(api, info.name, { from: range.from, to: range.to, segments, slices }, signal, feature),
    [api, info.name, info.reference === null, range.from, range.to, feature, segments.join('\n'), slices.join('\n')],
  );
  const f: FeatureDrift | undefined = drift.status === 'done' && drift.value !== null ? drift.value.features.find((x) => x.name === feature) : undefined;
  const spec = useMemo(
    () =>
      f?.distribution === undefined
        ? null
        : distributionChart(
            feature,
            f.distribution,
            f.distribution.kind === 'numeric' ? 'share of each side’s values in each bin' : 'share of each side’s values in each category',
          ),
    [f, feature],
  );
  return (
    <Card title="Reference against current" testId="feature-drift">
      {info.reference === null && (
        <EmptyState title="No reference data">
          <p>
            <Link to={routePath({ page: 'reference', model: info.name })}>Add reference data</Link> to compare this feature with it.
          </p>
        </EmptyState>
      )}
      {drift.status === 'loading' && <Loading what="drift of the range" />}
      {drift.status === 'error' && <ErrorNote error={drift.error} what="drift of the range" />}
      {drift.status === 'done' && drift.value !== null && f === undefined && (
        <EmptyState title="No values of this feature in the range">
          <p>Pick a wider range above.</p>
        </EmptyState>
      )}
      {f !== undefined && drift.status === 'done' && drift.value !== null && (
        <dl className="stats" data-testid="feature-drift-stats" data-drifted={f.drifted}>
          <div>
            <dt>Verdict</dt>
            <dd>
              <span className={`level level-${f.drifted ? 'above' : 'far-below'}`}>{f.drifted ? 'drifted' : 'not drifted'}</span>
            </dd>
          </div>
          <div>
            <dt>Method</dt>
            <dd>{f.method}</dd>
          </div>
          <div>
            <dt>Score</dt>
            <dd>
              {formatValue(f.score)} (threshold {formatValue(f.threshold)})
            </dd>
          </div>
          <div>
            <dt>Reference values</dt>
            <dd>{formatCount(f.referenceCount)}</dd>
          </div>
          <div>
            <dt>Current values</dt>
            <dd>{formatCount(f.currentCount)}</dd>
          </div>
          {f.psiBand !== undefined && (
            <div>
              <dt>PSI band</dt>
              <dd>{f.psiBand}</dd>
            </div>
          )}
          <div>
            <dt>Computed from</dt>
            <dd>{drift.value.basis === 'exact' ? `the ${formatCount(drift.value.rows)} raw events of the range` : 'bucket profiles (sketches)'}</dd>
          </div>
        </dl>
      )}
      {f !== undefined && spec !== null && (
        <div className="side-by-side">
          <EChart
            spec={spec}
            label={`Distribution of ${feature} in the reference and in the range, as shares of each side's values; the statistics are in the table beside it.`}
            testId="feature-distribution-chart"
          />
          {f.statistics !== undefined && <StatisticsTable feature={feature} reference={f.statistics.reference} current={f.statistics.current} />}
        </div>
      )}
    </Card>
  );
}

const STATISTICS: readonly [string, (s: FeatureStatistics) => string][] = [
  ['Values', (s) => formatCount(s.count)],
  ['Missing', (s) => formatPercent(s.missingShare)],
  ['Distinct', (s) => formatCount(s.distinct)],
  ['Mean', (s) => formatValue(s.mean)],
  ['Standard deviation', (s) => formatValue(s.std)],
  ['Minimum', (s) => formatValue(s.min)],
  ['Median', (s) => formatValue(s.median)],
  ['Maximum', (s) => formatValue(s.max)],
];

function StatisticsTable({ feature, reference, current }: { feature: string; reference: FeatureStatistics; current: FeatureStatistics }) {
  const rows = STATISTICS.filter(([name]) => reference.mean !== null || current.mean !== null || ['Values', 'Missing', 'Distinct'].includes(name));
  return (
    <table className="stats-table" data-testid="feature-statistics">
      <caption>Statistics of {feature}: reference and the range</caption>
      <thead>
        <tr>
          <th scope="col">Statistic</th>
          <th scope="col">Reference</th>
          <th scope="col">Current</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, format]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="num">{format(reference)}</td>
            <td className="num">{format(current)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DriftOverTimeCard({ info, feature, range }: { info: ModelInfo; feature: string; range: ResolvedRange }) {
  const drift = useSeries(info.name, info.reference === null ? null : 'drift', range, feature);
  const options = useMemo((): TimeSeriesChartOptions | null => {
    if (drift.status !== 'done' || drift.value === null) return null;
    const method = drift.value.points.find((p) => p.labels?.['method'] !== undefined)?.labels?.['method'];
    const points = featurePoints(drift.value, feature);
    return {
      title: `Drift score${method === undefined ? '' : ` (${method})`}`,
      lines: [{ name: 'drift score', points }],
      threshold: { value: SERIES_DRIFT_THRESHOLD, name: 'threshold' },
      from: range.from,
      to: range.to,
      yMin: 0,
    };
  }, [drift, range]);
  return (
    <Card title="Drift score over time" testId="feature-drift-over-time">
      {drift.status === 'loading' && <Loading what="drift scores" />}
      {drift.status === 'error' && <ErrorNote error={drift.error} what="drift scores" />}
      {options !== null &&
        (options.lines[0]!.points.length === 0 ? (
          <EmptyState title="No drift scores in this range">
            <p>Pick a wider range above.</p>
          </EmptyState>
        ) : (
          <TimeChart options={options} label={`Drift score of ${feature} in each step, against the threshold ${SERIES_DRIFT_THRESHOLD}`} />
        ))}
    </Card>
  );
}

/** `window <from>..<to>`: the source the server records for a reference taken from a past window. */
function referenceWindow(source: string): { from: number; to: number } | undefined {
  const m = /^window (\S+)\.\.(\S+)$/.exec(source);
  if (m === null) return undefined;
  const from = Date.parse(m[1]!);
  const to = Date.parse(m[2]!);
  return Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to } : undefined;
}

function NumericDistributionCard({ info, feature, range }: { info: ModelInfo; feature: string; range: ResolvedRange }) {
  const api = useApi();
  const all = useAll([
    useSeries(info.name, 'feature_mean', range, feature),
    useSeries(info.name, 'feature_std', range, feature),
    useSeries(info.name, 'feature_p50', range, feature),
  ]);
  const window = info.reference === null ? undefined : referenceWindow(info.reference.source);
  const reference = useAsync(
    async (signal) => {
      if (window === undefined) return null;
      // The whole reference window as one step: its median and mean.
      const q = { from: window.from, to: window.to, step: Math.max(window.to - window.from, 60_000), feature };
      const [p50, mean] = await Promise.all([
        getSeries(api, info.name, { metric: 'feature_p50', ...q }, signal),
        getSeries(api, info.name, { metric: 'feature_mean', ...q }, signal),
      ]);
      return { p50: p50.points[0]?.value ?? null, mean: mean.points[0]?.value ?? null };
    },
    [api, info.name, feature, window?.from, window?.to],
  );
  const options = useMemo((): TimeSeriesChartOptions | null => {
    if (all.status !== 'done') return null;
    const [mean, std, p50] = all.value.map((s) => (s === null ? [] : featurePoints(s, feature)));
    const sd = new Map(std!.map((p) => [p.t, p.value]));
    // The band is mean ± 1 standard deviation: where most values of a step lie, unlike min–max, which one outlier stretches.
    const lines: TimeSeriesLine[] = [
      {
        name: 'mean',
        points: mean!.map((p) => {
          const d = sd.get(p.t);
          return { ...p, lower: p.value === null || d == null ? null : p.value - d, upper: p.value === null || d == null ? null : p.value + d };
        }),
        band: true,
        bandName: 'mean ± 1 standard deviation',
      },
      { name: 'median', points: p50! },
    ];
    if (reference.status === 'done' && reference.value !== null) {
      const flat = (v: number | null) =>
        v === null
          ? []
          : [
              { t: range.from, value: v },
              { t: range.to, value: v },
            ];
      lines.push({ name: 'reference median', points: flat(reference.value.p50), dash: 'dashed', color: '#7f8c9a' });
      lines.push({ name: 'reference mean', points: flat(reference.value.mean), dash: 'dotted', color: '#7f8c9a' });
    }
    return { title: `${feature} in each step`, lines, from: range.from, to: range.to, height: 280 };
  }, [all, reference, range, feature]);
  return (
    <Card title="Distribution over time" testId="feature-distribution">
      {all.status === 'loading' && <Loading what="the distribution" />}
      {all.status === 'error' && <ErrorNote error={all.error} what="the distribution" />}
      {window === undefined && info.reference !== null && (
        <p className="note">
          The reference is an uploaded file ({info.reference.source}); its score against the current data is above. Reference lines are drawn when the reference
          is a past window.
        </p>
      )}
      {options !== null && (
        <TimeChart
          options={options}
          label={`Mean (with one standard deviation either side) and median of ${feature} in each step${window === undefined ? '' : ', with the reference window’s median and mean'}`}
        />
      )}
    </Card>
  );
}

function QualityCard({ info, feature, numeric, range }: { info: ModelInfo; feature: string; numeric: boolean; range: ResolvedRange }) {
  const hasReference = info.reference !== null;
  const all = useAll([
    useSeries(info.name, 'missing_share', range, feature),
    useSeries(info.name, numeric && hasReference ? 'out_of_range_share' : null, range, feature),
    useSeries(info.name, !numeric && hasReference ? 'new_categories' : null, range, feature),
  ]);
  const charts = useMemo(() => {
    if (all.status !== 'done') return null;
    const [missing, outOfRange, newCategories] = all.value;
    const shares: TimeSeriesLine[] = [{ name: 'missing share', points: missing === null || missing === undefined ? [] : featurePoints(missing, feature) }];
    if (outOfRange !== null && outOfRange !== undefined) shares.push({ name: 'out of the reference range', points: featurePoints(outOfRange, feature) });
    return {
      shares: {
        title: numeric ? 'Missing values and values outside the reference’s range' : 'Missing values',
        lines: shares,
        from: range.from,
        to: range.to,
        yMin: 0,
        height: 200,
      } satisfies TimeSeriesChartOptions,
      categories:
        newCategories === null || newCategories === undefined
          ? null
          : ({
              title: 'Categories the reference never saw',
              lines: [{ name: 'new categories', points: featurePoints(newCategories, feature), bars: true }],
              from: range.from,
              to: range.to,
              yMin: 0,
              height: 200,
            } satisfies TimeSeriesChartOptions),
    };
  }, [all, range, numeric, feature]);
  return (
    <Card title="Quality" testId="feature-quality">
      {all.status === 'loading' && <Loading what="quality" />}
      {all.status === 'error' && <ErrorNote error={all.error} what="quality" />}
      {charts !== null && (
        <>
          <TimeChart
            options={charts.shares}
            label={`Share of ${feature} missing${numeric ? ' and outside the reference range' : ''} in each step`}
            format={(v) => formatPercent(v)}
          />
          {charts.categories !== null && (
            <TimeChart
              options={charts.categories}
              label={`Number of categories of ${feature} the reference never saw, in each step`}
              format={(v) => formatValue(v)}
            />
          )}
        </>
      )}
    </Card>
  );
}
