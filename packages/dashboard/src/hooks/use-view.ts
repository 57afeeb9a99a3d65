// The page's time range and step from the URL, resolved against the server's clock (which is
// simulated in the demo, so the browser's clock would point at the wrong hours); the default
// (auto) range then starts at the first data of its models.

import { useMemo } from 'react';
import type { ApiClient } from '../api/client.js';
import { getSeries, serverNow } from '../api/models.js';
import { useLocation } from '../routing/router.js';
import { DATA_PROBE_STEP, firstDataAt, fitToData, fitsToData, parseView, resolveRange, stepOf } from '../time/time-range.js';
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

/**
 * Absolute ranges resolve at once; relative ones ask the server for its time (through the first
 * model's series), and the auto range also for the models' volume, to start at their first data.
 */
export function useResolvedRange(api: ApiClient, view: ViewParams, model: string | readonly string[] | undefined): AsyncState<ResolvedRange> {
  const key = JSON.stringify(view);
  const models = model === undefined ? [] : typeof model === 'string' ? [model] : model;
  const modelsKey = models.join('\n');
  return useAsync(
    async (signal) => {
      const now = view.range.kind === 'relative' && models.length > 0 ? await serverNow(api, models[0]!, signal) : Date.now();
      let { from, to } = resolveRange(view.range, now);
      if (fitsToData(view.range) && models.length > 0) {
        const volumes = await Promise.all(models.map((m) => getSeries(api, m, { metric: 'volume', from, to, step: DATA_PROBE_STEP }, signal)));
        ({ from, to } = fitToData({ from, to }, firstDataAt(volumes.flatMap((v) => v.points))));
      }
      return { from, to, step: stepOf(view, to - from), autoStep: view.step === 'auto' };
    },
    [api, key, modelsKey],
  );
}
