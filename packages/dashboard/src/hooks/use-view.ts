// The page's time range and step from the URL, resolved against the server's clock (which is
// simulated in the demo, so the browser's clock would point at the wrong hours).

import { useMemo } from 'react';
import type { ApiClient } from '../api/client.js';
import { serverNow } from '../api/models.js';
import { useLocation } from '../routing/router.js';
import { parseView, resolveRange, stepOf } from '../time/time-range.js';
import type { ViewParams } from '../time/time-range.js';
import { useAsync } from './use-async.js';
import type { AsyncState } from './use-async.js';

export interface ResolvedRange {
  from: number;
  to: number;
  /** Milliseconds per step. */
  step: number;
  /** The step was chosen for the range, not by the viewer (a chart may then pick a coarser one). */
  autoStep: boolean;
}

export function useView(): ViewParams {
  const { search } = useLocation();
  return useMemo(() => parseView(search), [search]);
}

/** Absolute ranges resolve at once; relative ones ask the server for its time (through `model`'s series). */
export function useResolvedRange(api: ApiClient, view: ViewParams, model: string | undefined): AsyncState<ResolvedRange> {
  const key = JSON.stringify(view);
  return useAsync(
    async (signal) => {
      const now = view.range.kind === 'relative' && model !== undefined ? await serverNow(api, model, signal) : Date.now();
      const { from, to } = resolveRange(view.range, now);
      return { from, to, step: stepOf(view, to - from), autoStep: view.step === 'auto' };
    },
    [api, key, model],
  );
}
