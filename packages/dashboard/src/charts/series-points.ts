// Turns the API's series answers into what the chart specifications take: points per line,
// points per label value (classes), and the cells of the drift heatmap.

import type { DriftHeatmapCell, TimePoint } from '@vigil/core';
import type { SeriesResponse } from '@vigil/wire';

/** The points of an unlabelled series, in time order. */
export function pointsOf(series: SeriesResponse): TimePoint[] {
  return series.points
    .filter((p) => p.labels === undefined)
    .map((p) => ({ t: Date.parse(p.t), value: p.value, ...(p.lower !== undefined && { lower: p.lower }), ...(p.upper !== undefined && { upper: p.upper }) }))
    .sort((a, b) => a.t - b.t);
}

/** Points split by one label (`class`, `feature`), each line in time order, lines by label value. */
export function pointsByLabel(series: SeriesResponse, label: string): Map<string, TimePoint[]> {
  const out = new Map<string, TimePoint[]>();
  for (const p of series.points) {
    const key = p.labels?.[label];
    if (key === undefined) continue;
    let line = out.get(key);
    if (line === undefined) out.set(key, (line = []));
    line.push({ t: Date.parse(p.t), value: p.value });
  }
  for (const line of out.values()) line.sort((a, b) => a.t - b.t);
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })));
}

/** The last point with a value. */
export function lastValue(points: readonly TimePoint[]): TimePoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.value !== null) return points[i];
  return undefined;
}

export interface DriftGrid {
  /** Column starts, every `step` from the first step with data to the last (gaps stay visible). */
  steps: number[];
  features: string[];
  cells: DriftHeatmapCell[];
}

/**
 * The heatmap's grid from a `metric=drift` series: one cell per (step, feature). The series'
 * methods are distances (normed Wasserstein, Jensen–Shannon), drifted at or above the threshold.
 */
export function driftGrid(series: SeriesResponse, threshold: number, features: readonly string[]): DriftGrid {
  const stepMs = series.step * 1000;
  const cells: DriftHeatmapCell[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const p of series.points) {
    const feature = p.labels?.['feature'];
    if (feature === undefined) continue;
    const t = Date.parse(p.t);
    first = Math.min(first, t);
    last = Math.max(last, t);
    cells.push({ t, feature, score: p.value, threshold });
  }
  const steps: number[] = [];
  if (cells.length > 0) for (let t = first; t <= last; t += stepMs) steps.push(t);
  const named = new Set(features);
  const extra = [...new Set(cells.map((c) => c.feature))].filter((f) => !named.has(f)).sort();
  return { steps, features: [...features, ...extra], cells };
}

export interface LatestDrift {
  t: number;
  drifted: string[];
  tested: number;
}

/** The drifted features of the latest step with drift scores (by the series' own `drifted` label). */
export function latestDrift(series: SeriesResponse): LatestDrift | undefined {
  let t = -Infinity;
  for (const p of series.points) if (p.labels?.['feature'] !== undefined) t = Math.max(t, Date.parse(p.t));
  if (t === -Infinity) return undefined;
  const at = series.points.filter((p) => Date.parse(p.t) === t && p.labels?.['feature'] !== undefined);
  return {
    t,
    drifted: at
      .filter((p) => p.labels?.['drifted'] === 'true')
      .map((p) => p.labels!['feature']!)
      .sort(),
    tested: at.length,
  };
}

/** The points of a per-feature series (`feature_p50`, `missing_share`, `drift`, …) for one feature. */
export function featurePoints(series: SeriesResponse, feature: string): TimePoint[] {
  return series.points
    .filter((p) => p.labels?.['feature'] === feature)
    .map((p) => ({ t: Date.parse(p.t), value: p.value }))
    .sort((a, b) => a.t - b.t);
}
