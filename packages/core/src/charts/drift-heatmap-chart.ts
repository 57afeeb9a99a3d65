// Drift heatmap: features (rows) × time steps (columns), each cell coloured by its drift score as a
// multiple of the threshold, in four colour-blind-safe levels, so drifted cells stand out at a glance.

import { CHART_COLORS } from './chart-option.js';
import type { ChartSpec } from './chart-option.js';

export type DriftLevel = 'far-below' | 'near' | 'above' | 'far-above';

/** The heatmap's colour levels, by the score's ratio to its threshold (≥ 1: drifted). */
export const DRIFT_LEVELS: readonly { level: DriftLevel; gte?: number; lt?: number; label: string; color: string }[] = [
  { level: 'far-below', lt: 0.5, label: 'under ½ threshold', color: CHART_COLORS.driftFarBelow },
  { level: 'near', gte: 0.5, lt: 1, label: '½ threshold to threshold', color: CHART_COLORS.driftNear },
  { level: 'above', gte: 1, lt: 2, label: 'threshold to 2×', color: CHART_COLORS.driftAbove },
  { level: 'far-above', gte: 2, label: '2× threshold or more', color: CHART_COLORS.driftFarAbove },
];

/** Ratios are capped here so an infinite score (a constant reference) still has a finite colour. */
export const MAX_DRIFT_RATIO = 1000;

/**
 * A drift score as a multiple of its threshold: ≥ 1 exactly when the feature counts as drifted.
 * Distances drift when the score reaches the threshold (score ÷ threshold); p-value tests drift
 * when the p-value falls below it (`lowerIsDrift`: threshold ÷ score).
 */
export function driftRatio(score: number, threshold: number, lowerIsDrift = false): number {
  if (Number.isNaN(score)) return 0;
  const [num, den] = lowerIsDrift ? [threshold, score] : [score, threshold];
  if (!(den > 0)) return num > 0 ? MAX_DRIFT_RATIO : 0;
  return Math.min(MAX_DRIFT_RATIO, num / den);
}

export function driftLevel(ratio: number): DriftLevel {
  if (ratio >= 2) return 'far-above';
  if (ratio >= 1) return 'above';
  if (ratio >= 0.5) return 'near';
  return 'far-below';
}

export interface DriftHeatmapCell {
  /** Start of the step, epoch milliseconds (one of `steps[].t`). */
  t: number;
  feature: string;
  /** Null: no data for this feature in this step (the cell stays empty). */
  score: number | null;
  threshold: number;
  lowerIsDrift?: boolean;
}

export interface DriftHeatmapInput {
  features: readonly string[];
  /** Columns in time order; labels are formatted by the caller (in the viewer's time zone). */
  steps: readonly { t: number; label: string }[];
  cells: readonly DriftHeatmapCell[];
  title?: string;
  width?: number;
}

/**
 * Rows are ordered with the features that drifted in any step first, then by name, so the eye
 * lands on what changed (as the drift summary does). Each datum is
 * `[column, row, ratio to threshold, score]`; the colour reads the ratio.
 */
export function driftHeatmapChart(input: DriftHeatmapInput): ChartSpec {
  const column = new Map(input.steps.map((s, i) => [s.t, i]));
  const worst = new Map<string, number>(input.features.map((f) => [f, 0]));
  const cells: { x: number; feature: string; ratio: number; score: number }[] = [];
  for (const c of input.cells) {
    const x = column.get(c.t);
    if (x === undefined || c.score === null || !worst.has(c.feature)) continue;
    const ratio = driftRatio(c.score, c.threshold, c.lowerIsDrift);
    cells.push({ x, feature: c.feature, ratio, score: c.score });
    if (ratio > worst.get(c.feature)!) worst.set(c.feature, ratio);
  }
  const rows = [...input.features].sort((a, b) => Number(worst.get(b)! >= 1) - Number(worst.get(a)! >= 1) || a.localeCompare(b));
  const row = new Map(rows.map((f, i) => [f, i]));
  const data = cells.map((c) => [c.x, row.get(c.feature)!, round(c.ratio, 1000), Number.isFinite(c.score) ? round(c.score, 1e4) : MAX_DRIFT_RATIO]);
  const drifted = rows.filter((f) => worst.get(f)! >= 1).length;
  return {
    width: input.width ?? 960,
    height: Math.max(200, 116 + rows.length * 18),
    option: {
      animation: false,
      title: {
        text: input.title ?? 'Drift by feature over time',
        subtext: `${drifted} of ${rows.length} features above the threshold in some step`,
        left: 8,
        textStyle: { fontSize: 13 },
        subtextStyle: { fontSize: 11 },
      },
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 16, top: 84, bottom: 28 },
      xAxis: { type: 'category', data: input.steps.map((s) => s.label), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'category', data: rows, inverse: true },
      visualMap: {
        type: 'piecewise',
        dimension: 2,
        pieces: DRIFT_LEVELS.map(({ gte, lt, label, color }) => ({ ...(gte !== undefined && { gte }), ...(lt !== undefined && { lt }), label, color })),
        orient: 'horizontal',
        left: 8,
        top: 48,
        itemWidth: 14,
        itemHeight: 10,
      },
      series: [
        {
          type: 'heatmap',
          name: 'drift',
          data,
          // Drawn in one pass: progressive rendering spreads a few thousand cells over many frames.
          progressive: 0,
          // Cell borders only while cells are wide enough to keep most of their colour.
          ...(input.steps.length <= 60 && { itemStyle: { borderColor: '#ffffff', borderWidth: 1 } }),
        },
      ],
    },
  };
}

function round(value: number, scale: number): number {
  return Math.round(value * scale) / scale;
}
