// Models, their time series, drift and reference data: the read API the model pages draw from.

import { driftResponseSchema, modelListSchema, modelSchema, segmentListSchema, seriesResponseSchema, sliceListSchema } from '@vigil/wire';
import type { DriftResponse, ModelInfo, SegmentList, SeriesPoint, SeriesResponse, SliceList } from '@vigil/wire';
import type { ApiClient } from './client.js';

export async function listModels(api: ApiClient, signal?: AbortSignal): Promise<ModelInfo[]> {
  return (await api.get('/v1/models', modelListSchema, undefined, signal)).models;
}

export async function getModel(api: ApiClient, model: string, signal?: AbortSignal): Promise<ModelInfo> {
  return api.get(`/v1/models/${encodeURIComponent(model)}`, modelSchema, undefined, signal);
}

export interface SeriesQuery {
  metric: string;
  from: number;
  to: number;
  /** Step in milliseconds; the server rounds it to whole buckets. */
  step: number;
  feature?: string;
  /** Only these segments (`key:value`, every pair must hold). */
  segments?: readonly string[];
  /** Only events whose features have these values (`feature:value`, every pair must hold). */
  slices?: readonly string[];
  /** Points per request (default the server's most, 10 000); longer answers continue from `next`. */
  pageSize?: number;
}

const PAGE_POINTS = 10_000;

/** All points of a series over [from, to), following the server's `next` when it cuts the answer. */
export async function getSeries(api: ApiClient, model: string, q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
  const path = `/v1/models/${encodeURIComponent(model)}/series`;
  const points: SeriesPoint[] = [];
  let from: string | number = q.from;
  let first: SeriesResponse | undefined;
  for (;;) {
    const page: SeriesResponse = await api.get(
      path,
      seriesResponseSchema,
      {
        metric: q.metric,
        from,
        to: q.to,
        step: `${Math.round(q.step / 1000)}s`,
        feature: q.feature,
        segment: q.segments,
        slice: q.slices,
        limit: q.pageSize ?? PAGE_POINTS,
      },
      signal,
    );
    first ??= page;
    points.push(...page.points);
    if (page.next === null) break;
    from = page.next;
  }
  return { ...first!, points, next: null };
}

/** The server's clock (the demo runs on simulated time, so the browser's clock will not do). */
export async function serverNow(api: ApiClient, model: string, signal?: AbortSignal): Promise<number> {
  const r = await api.get(`/v1/models/${encodeURIComponent(model)}/series`, seriesResponseSchema, { metric: 'volume', step: '1d' }, signal);
  return Date.parse(r.to);
}

/** Drift of the range (of its segments and slices); with `feature`, that feature's entry also holds both distributions and their statistics. */
export async function getDrift(
  api: ApiClient,
  model: string,
  range: { from: number; to: number; segments?: readonly string[]; slices?: readonly string[] },
  signal?: AbortSignal,
  feature?: string,
): Promise<DriftResponse> {
  return api.get(
    `/v1/models/${encodeURIComponent(model)}/drift`,
    driftResponseSchema,
    { from: range.from, to: range.to, segment: range.segments, slice: range.slices, ...(feature !== undefined && { feature }) },
    signal,
  );
}

/** The segment keys of the range's events with their values, the busiest first. */
export async function listSegments(api: ApiClient, model: string, range: { from: number; to: number }, signal?: AbortSignal): Promise<SegmentList> {
  return api.get(`/v1/models/${encodeURIComponent(model)}/segments`, segmentListSchema, { from: range.from, to: range.to }, signal);
}

/** Content types the reference endpoint reads, by file extension. */
export const REFERENCE_FORMATS: Record<string, string> = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

export function referenceContentType(fileName: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : REFERENCE_FORMATS[ext];
}

/** Replaces the model's reference with an uploaded file; the columns name the label and the prediction. */
export async function uploadReference(
  api: ApiClient,
  model: string,
  file: Blob,
  contentType: string,
  columns: { target?: string; prediction?: string },
): Promise<void> {
  await api.call(`/v1/models/${encodeURIComponent(model)}/reference`, {
    method: 'POST',
    raw: file,
    contentType,
    query: { target: columns.target, prediction: columns.prediction },
  });
}

/** Replaces the model's reference with its own traffic (and labels) of a past window. */
export async function referenceFromWindow(api: ApiClient, model: string, window: { from: string; to: string }): Promise<void> {
  await api.call(`/v1/models/${encodeURIComponent(model)}/reference`, { method: 'POST', json: { window } });
}

/** The window's values of its categorical features, the busiest first (the slices ranked by drift: the model needs a reference). */
export async function listSliceValues(api: ApiClient, model: string, range: { from: number; to: number }, signal?: AbortSignal): Promise<SliceList> {
  return api.get(
    `/v1/models/${encodeURIComponent(model)}/slices`,
    sliceListSchema,
    { metric: 'drift', from: range.from, to: range.to, limit: 1000, minSize: 1 },
    signal,
  );
}
