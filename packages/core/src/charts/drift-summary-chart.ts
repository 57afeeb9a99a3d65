// Drift summary: one horizontal bar per column on a scale where a longer bar means more drift,
// with the threshold as a dashed line: a drifted column's bar reaches or crosses it.

import { DRIFT_METHODS } from '../report/drift-methods.js';
import type { DriftColumnResult, DriftSection } from '../report/report-model.js';
import { CHART_COLORS } from './chart-option.js';
import type { ChartSpec, SeriesDatum } from './chart-option.js';
import { labelWidth } from './label-width.js';

/**
 * What the bars measure. A p-value is small when a column drifts, so it is drawn as −log10 p
 * (the scale of volcano and Manhattan plots: 2 is p = 0.01); distances are drawn as they are.
 * When a chart mixes p-values and distances, or thresholds, every bar is its column's measure
 * divided by its threshold's (1 = the threshold).
 */
export interface DriftMeasure {
  /** The value axis' title, which names the measure. */
  axisName: string;
  /** Where the threshold line is, on the same scale. */
  threshold: number;
  /** What the threshold line's label says. */
  thresholdLabel: string;
  /** A column's measure: 0 for no evidence of drift, ≥ `threshold` exactly when the column drifted. */
  of(column: DriftColumnResult): number;
}

export function driftMeasure(columns: readonly DriftColumnResult[], correction?: DriftSection['correction']): DriftMeasure {
  const thresholds = new Set(columns.map((c) => c.threshold));
  const [threshold] = thresholds;
  const pValues = columns.filter(isPValue).length;
  const adjusted = correction === undefined ? '' : ` (${correction === 'bh' ? 'Benjamini–Hochberg' : 'Bonferroni'} adjusted)`;
  if (thresholds.size === 1 && threshold !== undefined && pValues === columns.length && threshold > 0 && threshold < 1) {
    return {
      axisName: `−log10 p-value${adjusted}`,
      threshold: negLog10(threshold),
      thresholdLabel: `p = ${formatScore(threshold)}`,
      of: (c) => finite(negLog10(scoreOf(c))),
    };
  }
  if (thresholds.size === 1 && threshold !== undefined && pValues === 0 && threshold > 0) {
    return { axisName: 'drift score (distance)', threshold, thresholdLabel: `threshold ${formatScore(threshold)}`, of: (c) => finite(scoreOf(c)) };
  }
  return {
    axisName: pValues === 0 ? 'score ÷ threshold' : 'score ÷ threshold (p-values: −log10 p ÷ −log10 threshold)',
    threshold: 1,
    thresholdLabel: 'threshold',
    of: (c) => finite(ratioToThreshold(c)),
  };
}

/**
 * Bars stop at this many times the threshold line, so that one column's p = 1e-300 does not press
 * the threshold and every other bar against the axis; past it a column drifted beyond doubt, and
 * its hover text and the table give the number.
 */
export const DRIFT_BAR_CAP = 10;

/** Room for the column labels before they wrap onto a second line (they are never cut). */
const MAX_LABEL_WIDTH = 340;
const ROW_HEIGHT = 22;

export function driftSummaryChart(drift: DriftSection): ChartSpec {
  // Drifted columns first, then by name, so the eye lands on what changed.
  const columns = [...drift.columns].sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.name.localeCompare(b.name));
  const measure = driftMeasure(columns, drift.correction);
  const cap = ceilTwoDigits(DRIFT_BAR_CAP * measure.threshold);
  const capped = columns.some((column) => measure.of(column) > cap);
  const labels = columns.map((column) => `${column.name} (${column.method})`);
  const lines = Math.max(1, ...labels.map((label) => Math.ceil(labelWidth(label) / MAX_LABEL_WIDTH)));
  const rowHeight = ROW_HEIGHT + (lines - 1) * 15;
  // Two stacked series, so the legend names the colours; each bar is in one of them, null in the other.
  const side = (drifted: boolean): SeriesDatum[] =>
    columns.map((column, i) =>
      column.drifted === drifted ? { value: significant(Math.min(measure.of(column), cap)), name: hoverText(labels[i] as string, column) } : null,
    );
  return {
    width: 720,
    height: Math.max(180, 124 + columns.length * rowHeight),
    option: {
      animation: false,
      title: {
        text: `Drift: ${drift.numberOfDriftedColumns} of ${drift.numberOfColumns} columns (share ${round(drift.share)})`,
        subtext: drift.datasetDrift ? 'data set drift detected' : 'no data set drift',
        left: 8,
        textStyle: { fontSize: 14 },
      },
      tooltip: { trigger: 'item', formatter: '{b}' },
      legend: { data: ['drifted', 'not drifted'], top: 8, right: 16 },
      // Room above the plot for the threshold line's label, under the title.
      grid: { left: 8, right: 24, top: 84, bottom: 8 },
      xAxis: {
        type: 'value',
        name: capped ? `${measure.axisName}; bars stop at ${formatScore(cap)}` : measure.axisName,
        nameLocation: 'middle',
        nameGap: 28,
        min: 0,
        ...(capped && { max: cap }),
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisLabel: { interval: 0, ...(lines > 1 && { width: MAX_LABEL_WIDTH, overflow: 'break' as const }) },
      },
      series: [
        {
          type: 'bar',
          name: 'drifted',
          stack: 'drift',
          data: side(true),
          itemStyle: { color: CHART_COLORS.drifted },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: CHART_COLORS.threshold, type: 'dashed' },
            // The category axis runs top down, so the line starts at the top.
            label: { show: true, position: 'start', formatter: measure.thresholdLabel },
            data: [{ xAxis: significant(measure.threshold), name: 'threshold' }],
          },
        },
        { type: 'bar', name: 'not drifted', stack: 'drift', data: side(false), itemStyle: { color: CHART_COLORS.stable } },
      ],
    },
  };
}

/** What the method's score is: a p-value (small means drift) or a distance (large means drift). */
function isPValue(column: DriftColumnResult): boolean {
  if (Object.hasOwn(DRIFT_METHODS, column.method)) return DRIFT_METHODS[column.method]?.score === 'pvalue';
  // A method this build does not know (a newer server's): its verdict tells which side drifts.
  const score = scoreOf(column);
  return column.drifted ? score < column.threshold : score > column.threshold;
}

/** The score the verdict was made on: the adjusted p-value when a correction ran. */
function scoreOf(column: DriftColumnResult): number {
  return column.adjustedScore ?? column.score;
}

function ratioToThreshold(column: DriftColumnResult): number {
  const score = scoreOf(column);
  const t = column.threshold;
  if (isPValue(column)) return t > 0 && t < 1 ? negLog10(score) / negLog10(t) : Number(column.drifted);
  return t > 0 ? score / t : Number(column.drifted);
}

/** −log10 p, with p = 0 (an underflow) as the smallest double, so the bar is long but finite. */
function negLog10(p: number): number {
  return -Math.log10(Math.max(p, Number.MIN_VALUE));
}

/** NaN (no score) draws no bar; an infinite distance, a bar as long as any. */
function finite(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(Math.max(value, 0), Number.MAX_VALUE);
}

function hoverText(label: string, column: DriftColumnResult): string {
  const kind = isPValue(column) ? 'p-value' : 'score';
  const adjusted = column.adjustedScore === undefined ? '' : `, adjusted ${formatScore(column.adjustedScore)}`;
  return `${label}: ${kind} ${formatScore(column.score)}${adjusted}, threshold ${formatScore(column.threshold)}, ${column.drifted ? 'drifted' : 'not drifted'}`;
}

/** Three significant digits; tiny p-values in exponent form (1.48e-179). */
function formatScore(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(2).replace(/\.?0+e/, 'e');
  return Number(value.toPrecision(3)).toString();
}

/** Rounded up to two significant digits, so the axis ends on a round number (13.01 → 14). */
function ceilTwoDigits(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value;
  const unit = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Number((Math.ceil(value / unit - 1e-9) * unit).toPrecision(2));
}

/** Four significant digits: short in the spec, and the order of bars and threshold kept. */
function significant(value: number): number {
  return Number(value.toPrecision(4));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
