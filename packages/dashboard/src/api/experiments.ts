// The experiments API the experiment pages read: the list (every page of it), one definition, and
// its results. A server without experiments answers these routes with a route-404; the calls then
// report `available: false`, so the pages can say so instead of failing.

import { experimentListSchema, experimentResultsSchema, experimentSchema } from '@vigil/wire';
import type { ExperimentInfo, ExperimentResults } from '@vigil/wire';
import { ApiError } from './client.js';
import type { ApiClient } from './client.js';

export type Offered<T> = { available: true; value: T } | { available: false };

async function offered<T>(call: () => Promise<T>): Promise<Offered<T>> {
  try {
    return { available: true, value: await call() };
  } catch (e) {
    if (e instanceof ApiError && e.isMissingRoute) return { available: false };
    throw e;
  }
}

const path = (experiment: string) => `/v1/experiments/${encodeURIComponent(experiment)}`;

/** Every experiment of the key's project, by name, following the server's `next` page by page. */
export function listExperiments(api: ApiClient, signal?: AbortSignal): Promise<Offered<ExperimentInfo[]>> {
  return offered(async () => {
    const all: ExperimentInfo[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await api.get('/v1/experiments', experimentListSchema, { limit: 1000, after }, signal);
      all.push(...page.experiments);
      if (page.next === null || page.experiments.length === 0) return all;
      after = page.next;
    }
  });
}

export function getExperiment(api: ApiClient, experiment: string, signal?: AbortSignal): Promise<Offered<ExperimentInfo>> {
  return offered(() => api.get(path(experiment), experimentSchema, undefined, signal));
}

export function getExperimentResults(api: ApiClient, experiment: string, signal?: AbortSignal): Promise<ExperimentResults> {
  return api.get(`${path(experiment)}/results`, experimentResultsSchema, undefined, signal);
}
