// The hosts and cost API the hosts and cost pages read. A server without them answers with a
// route-404; the calls then report `available: false`, so the pages can say so instead of failing.

import { budgetListSchema, costResponseSchema, hostListSchema, hostSeriesResponseSchema } from '@vigil/wire';
import type { BudgetInfo, CostResponse, HostInfo, HostSeriesResponse, HostSeriesStat } from '@vigil/wire';
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

export function listHosts(api: ApiClient, signal?: AbortSignal): Promise<Offered<HostInfo[]>> {
  return offered(async () => (await api.get('/v1/hosts', hostListSchema, undefined, signal)).hosts);
}

export function getHostSeries(
  api: ApiClient,
  host: string,
  q: { metric: string; from: number; to: number; step: number; stat?: HostSeriesStat },
  signal?: AbortSignal,
): Promise<HostSeriesResponse> {
  return api.get(
    `/v1/hosts/${encodeURIComponent(host)}/series`,
    hostSeriesResponseSchema,
    { metric: q.metric, from: q.from, to: q.to, step: `${Math.round(q.step / 1000)}`, stat: q.stat, limit: 10_000 },
    signal,
  );
}

export function getCost(api: ApiClient, q: { from: number; to: number }, signal?: AbortSignal): Promise<Offered<CostResponse>> {
  return offered(() => api.get('/v1/cost', costResponseSchema, { from: q.from, to: q.to }, signal));
}

export function listBudgets(api: ApiClient, signal?: AbortSignal): Promise<Offered<BudgetInfo[]>> {
  return offered(async () => (await api.get('/v1/budgets', budgetListSchema, undefined, signal)).budgets);
}
