// What the overview shows per model, from a handful of series over the page's range.

import type { ModelInfo } from '@vigil/wire';
import type { ApiClient } from '../api/client.js';
import type { OpenAlerts } from '../api/alerts.js';
import { getSeries } from '../api/models.js';
import { lastValue, latestDrift, pointsOf } from '../charts/series-points.js';
import type { LatestDrift } from '../charts/series-points.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { modelStatus } from '../status/model-status.js';
import type { StatusVerdict } from '../status/model-status.js';

export interface ModelSummary {
  rows: number;
  drift: LatestDrift | undefined;
  /** The performance metric the model's type is judged by. */
  metric: string | null;
  realized: number | null;
  estimated: number | null;
  coverage: number | null;
  verdict: StatusVerdict;
}

/** The realized metric by model type: accuracy for classifiers, mean absolute error for regression. */
export function performanceMetric(type: ModelInfo['type']): string | null {
  if (type === 'binary' || type === 'multiclass') return 'accuracy';
  if (type === 'regression') return 'mae';
  return null;
}

export async function loadModelSummary(
  api: ApiClient,
  model: ModelInfo,
  range: ResolvedRange,
  alerts: OpenAlerts | null,
  signal: AbortSignal,
): Promise<ModelSummary> {
  const series = (metric: string) => getSeries(api, model.name, { metric, from: range.from, to: range.to, step: range.step }, signal);
  const metric = performanceMetric(model.type);
  const hasReference = model.reference !== null;
  const [volume, drift, realized, estimated, coverage] = await Promise.all([
    series('volume'),
    hasReference ? series('drift') : null,
    metric === null ? null : series(metric),
    model.type === 'binary' ? series('estimated_accuracy') : null,
    metric === null ? null : series('label_coverage'),
  ]);
  const rows = pointsOf(volume).reduce((sum, p) => sum + (p.value ?? 0), 0);
  const latest = drift === null ? undefined : latestDrift(drift);
  // Compare realized and estimated on the latest step that has labels: later steps wait for theirs.
  const real = realized === null ? undefined : lastValue(pointsOf(realized));
  const estimate = real === undefined || estimated === null ? undefined : pointsOf(estimated).find((p) => p.t === real.t);
  const cover = real === undefined || coverage === null ? undefined : pointsOf(coverage).find((p) => p.t === real.t);
  const summary = {
    rows,
    drift: latest,
    metric,
    realized: real?.value ?? null,
    estimated: metric === 'accuracy' ? (estimate?.value ?? null) : null,
    coverage: cover?.value ?? null,
  };
  const verdict = modelStatus({
    rows,
    driftedFeatures: latest?.drifted.length ?? 0,
    testedFeatures: latest?.tested ?? 0,
    realized: summary.metric === 'accuracy' ? summary.realized : null,
    estimated: summary.estimated,
    alerts,
  });
  return { ...summary, verdict };
}
