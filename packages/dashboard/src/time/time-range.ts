// The time range a page shows and the step of its series, kept in the URL's query string:
// `?range=24h` (relative to the server's clock) or `?from=…&to=…` (absolute), and `&step=1h`.

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

export const DEFAULT_PRESET = '24h';

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
  const stepText = q.get('step');
  const stepMs = stepText === null || stepText === 'auto' ? undefined : parseDurationText(stepText);
  const step = stepMs ?? 'auto';
  const from = parseTime(q.get('from'));
  const to = parseTime(q.get('to'));
  if (from !== undefined && to !== undefined && from < to) return { range: { kind: 'absolute', from, to }, step };
  const preset = RANGE_PRESETS.find((p) => p.id === q.get('range')) ?? RANGE_PRESETS.find((p) => p.id === DEFAULT_PRESET)!;
  return { range: { kind: 'relative', preset: preset.id, ms: preset.ms }, step };
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
  return `?${q.toString()}`;
}

export function resolveRange(range: RangeSpec, now: number): { from: number; to: number } {
  return range.kind === 'absolute' ? { from: range.from, to: range.to } : { from: now - range.ms, to: now };
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
