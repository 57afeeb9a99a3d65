// Picks the segment the page's charts show: one select per segment key the range's events carry
// (`GET /v1/models/{model}/segments`), each value with its events. The choice goes into the URL
// (`?segment=channel:web`), so reloading or sharing the page keeps it.

import { useId } from 'react';
import { useApi } from '../api/api-context.js';
import { listSegments } from '../api/models.js';
import { formatCount } from '../format/format-number.js';
import { useAsync } from '../hooks/use-async.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { navigate, useLocation } from '../routing/router.js';
import { describeSegments, segmentChoices, segmentValue, withSegment } from '../segments/segment-view.js';
import { viewSearch } from '../time/time-range.js';
import type { ViewParams } from '../time/time-range.js';

export function SegmentPicker({ model, view, range }: { model: string; view: ViewParams; range: ResolvedRange | undefined }) {
  const api = useApi();
  const id = useId();
  const { pathname } = useLocation();
  const segments = view.segments ?? [];
  const list = useAsync(
    (signal) => (range === undefined ? Promise.resolve(null) : listSegments(api, model, range, signal)),
    [api, model, range?.from, range?.to],
  );
  const keys = segmentChoices(list.status === 'done' ? list.value : null, segments);
  if (keys.length === 0) return null;
  const go = (next: readonly string[]) => navigate(pathname + viewSearch({ ...view, segments: next }));
  return (
    <form className="range-picker segment-picker" aria-label="Segment" onSubmit={(e) => e.preventDefault()} data-testid="segment-picker">
      {keys.map((k, i) => {
        const current = segmentValue(segments, k.key);
        const values = current === undefined || k.values.some((v) => v.value === current) ? k.values : [...k.values, { value: current, rows: 0 }];
        return (
          <span key={k.key}>
            <label htmlFor={`${id}-${i}`}>Segment {k.key}</label>{' '}
            <select
              id={`${id}-${i}`}
              value={current ?? ''}
              onChange={(e) => go(withSegment(segments, k.key, e.target.value === '' ? undefined : e.target.value))}
            >
              <option value="">all</option>
              {values.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.value} ({formatCount(v.rows)} events)
                </option>
              ))}
            </select>
          </span>
        );
      })}
      {segments.length > 0 && (
        <>
          <p className="range-note" data-testid="segment-note">
            Showing only predictions where {describeSegments(segments)}.
          </p>
          <button type="button" onClick={() => go([])}>
            All segments
          </button>
        </>
      )}
    </form>
  );
}
