// The time range a page shows and the step of its series, kept in the URL's query string:
// `?range=24h` (relative to the server's clock) or `?from=…&to=…` (absolute), and `&step=1h`;
// the model and feature pages add their segment filter, `&segment=channel:web`.
// The default, `?range=auto`, is the last 24 hours from the first prediction in them on.

import { appendSegments, parseSegments } from '../segments/segment-view.js';
import { appendSlices, parseSlices } from '../segments/slice-view.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGE_PRESETS = [
  { id: '1h', label: 'Last hour', ms: HOUR },
  { id: '6h', label: 'Last 6 hours', ms: 6 * HOUR },
  { id: '24h', label: 'Last 24 hours', ms: DAY },
  { id: '7d', label: 'Last 7 days', ms: 7 * DAY },
  { id: '30d', label: 'Last 30 days', ms: 30 * DAY },
] as const;

/**
 * The default range: the last 24 hours, but starting at the first prediction in them, so that a
 * model with a few hours of data fills the charts instead of being squeezed to their right edge.
 * The end stays at "now", so traffic that stopped shows as the gap it is.
 */
export const AUTO_PRESET = { id: 'auto', label: 'Auto: last 24 hours, from the first data', ms: DAY } as const;

export const DEFAULT_PRESET = AUTO_PRESET.id;

/** What the range picker offers, the default first. */
export const RANGE_CHOICES = [AUTO_PRESET, ...RANGE_PRESETS] as const;

/** An auto range is never narrower than this (one prediction is not a range). */
export const AUTO_MIN_MS = HOUR;

/** The step at which the dashboard looks for the first data of an auto range. */
export const DATA_PROBE_STEP = 5 * MINUTE;

/** Steps a person reads easily; the automatic step is the finest that keeps the columns few. */
export const NICE_STEPS = [5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY] as const;

/** Steps offered in the picker besides "auto". */
export const STEP_CHOICES = [5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, DAY] as const;

/** At most this many steps in a range by default: about one per 5 px of a wide chart. */
export const MAX_COLUMNS = 240;

export type RangeSpec = { kind: 'relative'; preset: string; ms: number } | { kind: 'absolute'; from: number; to: number };

export interface ViewParams {
  range: RangeSpec;
  /** Milliseconds, or chosen from the range. */
  step: number | 'auto';
  /** `?segment=key:value` pairs (segments/segment-view.ts); absent when the view shows every segment. */
  segments?: readonly string[];
  /** `?slice=feature:value` pairs (segments/slice-view.ts); absent when the view shows every value. */
  slices?: readonly string[];
}

const UNITS: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY };

/** `15m`, `1h`, `7d` → milliseconds; undefined when malformed. */
export function parseDurationText(text: string): number | undefined {
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = Number(m[1]) * UNITS[m[2]!]!;
  return ms > 0 ? ms : undefined;
}

/** Milliseconds → the largest whole unit: 90 min is `90m`, 2 h is `2h`, 1 d is `1d`. */
export function formatDurationText(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${Math.round(ms / MINUTE)}m`;
}

function parseTime(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export function parseView(search: string): ViewParams {
  const q = new URLSearchParams(search);
  const segments = parseSegments(search);
  const slices = parseSlices(search);
  const withSegments = (view: ViewParams): ViewParams => ({ ...view, ...(segments.length > 0 && { segments }), ...(slices.length > 0 && { slices }) });
  const stepText = q.get('step');
  const stepMs = stepText === null || stepText === 'auto' ? undefined : parseDurationText(stepText);
  const step = stepMs ?? 'auto';
  const from = parseTime(q.get('from'));
  const to = parseTime(q.get('to'));
  if (from !== undefined && to !== undefined && from < to) return withSegments({ range: { kind: 'absolute', from, to }, step });
  const preset = RANGE_CHOICES.find((p) => p.id === (q.get('range') ?? DEFAULT_PRESET)) ?? AUTO_PRESET;
  return withSegments({ range: { kind: 'relative', preset: preset.id, ms: preset.ms }, step });
}

/** The query string of a view (with its leading `?`), as `parseView` reads it. */
export function viewSearch(view: ViewParams): string {
  const q = new URLSearchParams();
  if (view.range.kind === 'relative') q.set('range', view.range.preset);
  else {
    q.set('from', new Date(view.range.from).toISOString());
    q.set('to', new Date(view.range.to).toISOString());
  }
  if (view.step !== 'auto') q.set('step', formatDurationText(view.step));
  appendSegments(q, view.segments);
  appendSlices(q, view.slices);
  return `?${q.toString()}`;
}

export function resolveRange(range: RangeSpec, now: number): { from: number; to: number } {
  return range.kind === 'absolute' ? { from: range.from, to: range.to } : { from: now - range.ms, to: now };
}

/** Whether the range starts at its first data (the auto preset). */
export function fitsToData(range: RangeSpec): boolean {
  return range.kind === 'relative' && range.preset === AUTO_PRESET.id;
}

/** Start of the first step with a positive value (volume points), or undefined when there is none. */
export function firstDataAt(points: readonly { t: string; value: number | null }[]): number | undefined {
  let first: number | undefined;
  for (const p of points) {
    if (p.value === null || !(p.value > 0)) continue;
    const t = Date.parse(p.t);
    if (first === undefined || t < first) first = t;
  }
  return first;
}

/**
 * An auto range from its first data on: [max(from, firstData), to], at least `minMs` wide (never
 * before `from`). Without data it stays whole, so the page says there is none in the whole range.
 */
export function fitToData(range: { from: number; to: number }, firstData: number | undefined, minMs = AUTO_MIN_MS): { from: number; to: number } {
  if (firstData === undefined || firstData <= range.from) return range;
  return { from: Math.max(range.from, Math.min(firstData, range.to - minMs)), to: range.to };
}

/**
 * At most this many columns in the drift heatmap by default: a cell stays wide enough to see and
 * select (the feature page shows drift at the page's own step).
 */
export const HEATMAP_MAX_COLUMNS = 60;

/** The finest nice step that keeps the range within `maxColumns` steps. */
export function autoStep(rangeMs: number, maxColumns = MAX_COLUMNS): number {
  return NICE_STEPS.find((s) => rangeMs / s <= maxColumns) ?? NICE_STEPS[NICE_STEPS.length - 1]!;
}

export function stepOf(view: ViewParams, rangeMs: number): number {
  return view.step === 'auto' ? autoStep(rangeMs) : view.step;
}

/**
 * The drift heatmap's step: with an automatic step, one coarse enough for at most
 * HEATMAP_MAX_COLUMNS columns; a step the viewer picked applies as it is.
 */
export function heatmapStep(range: { from: number; to: number; step: number; autoStep: boolean }): number {
  return range.autoStep ? Math.max(range.step, autoStep(range.to - range.from, HEATMAP_MAX_COLUMNS)) : range.step;
}

/**
 * What the heatmap says about its cells, beside it: the step in use (`cellMs`, from the series
 * answer, as the server may round a step up to whole buckets), and why it is not the step the
 * page's other charts use and the step picker names (`pageMs`) when it is not.
 */
export function heatmapStepNote(cellMs: number, pageMs: number, rangeMs: number): string {
  const cell = `Step: ${formatDurationText(cellMs)}`;
  if (cellMs === pageMs) return `${cell}.`;
  if (cellMs > pageMs && rangeMs / pageMs > HEATMAP_MAX_COLUMNS)
    return `${cell}, coarser than the page's ${formatDurationText(pageMs)}, so that the range fits in ${HEATMAP_MAX_COLUMNS} columns.`;
  return `${cell} (the page's: ${formatDurationText(pageMs)}).`;
}
