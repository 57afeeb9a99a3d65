// The segment filter of a page, kept in the URL beside the range: `?segment=channel:web`,
// repeatable (every pair must hold), as the API's series and drift take it. The picker keeps one
// value per key.

import type { SegmentList } from '@vigil/wire';

/** `key:value` with a non-empty key; the key ends at the first colon. */
export function isSegmentPair(text: string): boolean {
  return text.indexOf(':') > 0;
}

/** The segment pairs of a query string, in order, each once. */
export function parseSegments(search: string): string[] {
  return [...new Set(new URLSearchParams(search).getAll('segment').filter(isSegmentPair))];
}

/** Appends the pairs to `params` as repeated `segment` parameters. */
export function appendSegments(params: URLSearchParams, segments: readonly string[] | undefined): void {
  for (const s of segments ?? []) params.append('segment', s);
}

export function segmentKeyOf(pair: string): string {
  return pair.slice(0, pair.indexOf(':'));
}

export function segmentValueOf(pair: string): string {
  return pair.slice(pair.indexOf(':') + 1);
}

/** The value the filter holds for `key`, or undefined. */
export function segmentValue(segments: readonly string[], key: string): string | undefined {
  const pair = segments.find((s) => segmentKeyOf(s) === key);
  return pair === undefined ? undefined : segmentValueOf(pair);
}

/** The filter with `key` set to `value` (replacing its earlier value), or without `key` when `value` is undefined. */
export function withSegment(segments: readonly string[], key: string, value: string | undefined): string[] {
  const others = segments.filter((s) => segmentKeyOf(s) !== key);
  return value === undefined ? others : [...others, `${key}:${value}`];
}

/** `channel = web and region = eu`, for the page's text. */
export function describeSegments(segments: readonly string[]): string {
  return segments.map((s) => `${segmentKeyOf(s)} = ${segmentValueOf(s)}`).join(' and ');
}

/** The keys to offer: the range's, then any key of the filter the range lacks (so it can be removed). */
export function segmentChoices(list: SegmentList | null, segments: readonly string[]): SegmentList['segments'] {
  const keys = [...(list?.segments ?? [])];
  for (const pair of segments) {
    const key = segmentKeyOf(pair);
    if (!keys.some((k) => k.key === key)) keys.push({ key, values: [], more: 0 });
  }
  return keys;
}
