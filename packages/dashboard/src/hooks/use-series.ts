// One series of a model over the page's range.

import type { SeriesResponse } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { getSeries } from '../api/models.js';
import { useSegmentFilter } from '../segments/segment-context.js';
import { useSliceFilter } from '../segments/slice-context.js';
import { useAsync } from './use-async.js';
import type { AsyncState } from './use-async.js';
import type { ResolvedRange } from './use-view.js';

/** One series over the range, of the page's segments and slices (`SegmentFilterProvider`, `SliceFilterProvider`). */
export function useSeries(model: string, metric: string | null, range: ResolvedRange, feature?: string): AsyncState<SeriesResponse | null> {
  const api = useApi();
  const segments = useSegmentFilter();
  const slices = useSliceFilter();
  return useAsync(
    (signal) =>
      metric === null
        ? Promise.resolve(null)
        : getSeries(
            api,
            model,
            { metric, from: range.from, to: range.to, step: range.step, segments, slices, ...(feature !== undefined && { feature }) },
            signal,
          ),
    [api, model, metric, range.from, range.to, range.step, feature, segments.join('\n'), slices.join('\n')],
  );
}

/** Several series at once: done when all are, failed when one fails. */
export function useAll<T>(states: readonly AsyncState<T>[]): AsyncState<T[]> {
  const failed = states.find((s) => s.status === 'error');
  if (failed !== undefined) return failed;
  if (states.some((s) => s.status === 'loading')) return { status: 'loading' };
  return { status: 'done', value: states.map((s) => (s as { value: T }).value) };
}
