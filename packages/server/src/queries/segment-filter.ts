// Segment filters (`segment=channel:web`, repeatable, ANDed) against what is stored: a segment's
// canonical JSON (core's `segmentKey`: sorted keys, string values, '' for none) on every event and
// profile part, and label sets (custom metric points, alerts).

import type { SegmentCondition } from '@vigil/wire';

/** A filter; empty or absent filters nothing. */
export type SegmentFilter = readonly SegmentCondition[];

/** Whether `labels` carry every pair of the filter. */
export function labelsMatch(labels: Readonly<Record<string, string>>, filter: SegmentFilter): boolean {
  return filter.every((c) => Object.hasOwn(labels, c.key) && labels[c.key] === c.value);
}

/** Parsed canonical segments: few distinct ones recur across many parts and events. */
const parsed = new Map<string, Readonly<Record<string, string>>>();
const PARSED_KEPT = 10_000;

/** A stored segment (canonical JSON, '' for none) as key/value pairs. */
export function segmentOf(stored: string): Readonly<Record<string, string>> {
  if (stored === '') return {};
  let s = parsed.get(stored);
  if (s === undefined) {
    s = JSON.parse(stored) as Record<string, string>;
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(stored, s);
  }
  return s;
}

/** Whether a stored segment has every key/value of the filter (an empty filter keeps everything). */
export function segmentMatches(stored: string, filter: SegmentFilter | undefined): boolean {
  return filter === undefined || filter.length === 0 || labelsMatch(segmentOf(stored), filter);
}

/**
 * Of the stored segments a window holds, those the filter keeps: what an `in (…)` on the segment
 * column selects. Undefined when the filter keeps all of them (no condition needed).
 */
export function matchingSegments(stored: readonly string[], filter: SegmentFilter | undefined): string[] | undefined {
  if (filter === undefined || filter.length === 0) return undefined;
  const kept = stored.filter((s) => segmentMatches(s, filter));
  return kept.length === stored.length ? undefined : kept;
}
