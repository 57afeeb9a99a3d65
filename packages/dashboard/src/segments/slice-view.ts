// The slice filter of a page, kept in the URL beside the segment filter: `?slice=purpose:crypto`,
// repeatable (every pair must hold), as the API's series and drift take it. The picker keeps one
// value per feature and offers the model's categorical and boolean features.

import type { FeatureType } from '@vigil/wire';
import { isSegmentPair, segmentKeyOf, segmentValueOf } from './segment-view.js';

/** The slice pairs (`feature:value`) of a query string, in order, each once. */
export function parseSlices(search: string): string[] {
  return [...new Set(new URLSearchParams(search).getAll('slice').filter(isSegmentPair))];
}

/** Appends the pairs to `params` as repeated `slice` parameters. */
export function appendSlices(params: URLSearchParams, slices: readonly string[] | undefined): void {
  for (const s of slices ?? []) params.append('slice', s);
}

/** The features a slice may name in the picker: the categorical and boolean ones, by name. */
export function sliceFeatures(features: Readonly<Record<string, FeatureType>>): string[] {
  return Object.entries(features)
    .filter(([, t]) => t === 'categorical' || t === 'boolean')
    .map(([name]) => name)
    .sort();
}

/** The filter with `feature` set to `value` (replacing its earlier value), or without `feature` when `value` is undefined. */
export function withSlice(slices: readonly string[], feature: string, value: string | undefined): string[] {
  const others = slices.filter((s) => segmentKeyOf(s) !== feature);
  return value === undefined ? others : [...others, `${feature}:${value}`];
}

/** `purpose = crypto and member = true`, for the page's text. */
export function describeSlices(slices: readonly string[]): string {
  return slices.map((s) => `${segmentKeyOf(s)} = ${segmentValueOf(s)}`).join(' and ');
}

/**
 * The values to offer for a feature: true and false for a boolean, else the window's values the
 * server ranked (busiest first), plus the one the filter holds if the window lacks it.
 */
export function sliceValueChoices(
  type: FeatureType | undefined,
  ranked: readonly { value: string; size: number }[],
  current: string | undefined,
): { value: string; size: number | null }[] {
  const values: { value: string; size: number | null }[] =
    type === 'boolean' ? ['true', 'false'].map((v) => ({ value: v, size: ranked.find((r) => r.value === v)?.size ?? null })) : [...ranked];
  if (current !== undefined && !values.some((v) => v.value === current)) values.push({ value: current, size: null });
  return values;
}
