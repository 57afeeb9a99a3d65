// Picks the slice the page's charts show: a categorical or boolean feature of the model and one of
// its values (the window's values, busiest first, from `GET /v1/models/{model}/slices`; a typed value
// when the model has no reference to rank them against). The choice goes into the URL
// (`?slice=purpose:crypto`, repeatable: one value per feature, every pair must hold).

import { useId, useState } from 'react';
import type { ModelInfo } from '@vigil/wire';
import { useApi } from '../api/api-context.js';
import { listSliceValues } from '../api/models.js';
import { formatCount } from '../format/format-number.js';
import { useAsync } from '../hooks/use-async.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { navigate, useLocation } from '../routing/router.js';
import { segmentValue } from '../segments/segment-view.js';
import { describeSlices, sliceFeatures, sliceValueChoices, withSlice } from '../segments/slice-view.js';
import { viewSearch } from '../time/time-range.js';
import type { ViewParams } from '../time/time-range.js';

export function SlicePicker({ info, view, range }: { info: ModelInfo | undefined; view: ViewParams; range: ResolvedRange | undefined }) {
  const api = useApi();
  const id = useId();
  const { pathname } = useLocation();
  const slices = view.slices ?? [];
  const features = info === undefined ? [] : sliceFeatures(info.features);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const ranked = useAsync(
    (signal) => (info === undefined || info.reference === null || range === undefined ? Promise.resolve(null) : listSliceValues(api, info.name, range, signal)),
    [api, info?.name, info?.reference === null, range?.from, range?.to],
  );
  if (info === undefined || features.length === 0) return null;
  const feature =
    picked !== undefined && features.includes(picked)
      ? picked
      : (slices.map((s) => s.slice(0, s.indexOf(':'))).find((f) => features.includes(f)) ?? features[0]!);
  const current = segmentValue(slices, feature);
  const rankedValues =
    ranked.status === 'done' && ranked.value !== null
      ? ranked.value.slices.filter((s) => s.kind === 'feature' && s.key === feature).sort((a, b) => b.size - a.size || (a.value < b.value ? -1 : 1))
      : [];
  const type = info.features[feature];
  const values = sliceValueChoices(type, rankedValues, current);
  const go = (next: readonly string[]) => navigate(pathname + viewSearch({ ...view, slices: next }));
  return (
    <form
      className="range-picker segment-picker slice-picker"
      aria-label="Slice"
      data-testid="slice-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed !== '') go(withSlice(slices, feature, typed));
      }}
    >
      <span>
        <label htmlFor={`${id}-feature`}>Slice by</label>{' '}
        <select id={`${id}-feature`} value={feature} onChange={(e) => setPicked(e.target.value)}>
          {features.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </span>{' '}
      {values.length > 0 ? (
        <span>
          <label htmlFor={`${id}-value`}>{feature} value</label>{' '}
          <select id={`${id}-value`} value={current ?? ''} onChange={(e) => go(withSlice(slices, feature, e.target.value === '' ? undefined : e.target.value))}>
            <option value="">all</option>
            {values.map((v) => (
              <option key={v.value} value={v.value}>
                {v.size === null ? v.value : `${v.value} (${formatCount(v.size)} events)`}
              </option>
            ))}
          </select>
        </span>
      ) : (
        <span>
          <label htmlFor={`${id}-value`}>{feature} value</label> <input id={`${id}-value`} value={typed} onChange={(e) => setTyped(e.target.value)} />{' '}
          <button type="submit">Apply</button>
        </span>
      )}
      {slices.length > 0 && (
        <>
          <p className="range-note" data-testid="slice-note">
            Showing only predictions where {describeSlices(slices)}.
          </p>
          <button type="button" onClick={() => go([])}>
            All values
          </button>
        </>
      )}
    </form>
  );
}
