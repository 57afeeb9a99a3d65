// Hosts: the samples `vigil agent` sends become per-bucket summaries of each metric and label set
// (core's MetricSummary: count, sum, min, max, last and a KLL sketch), merged into what the bucket
// held in one transaction; the list of hosts; and a metric's series, merged per step.

import { MetricSummary, checkEventTimes, segmentKey } from '@vigil/core';
import type { EventTimeWindow } from '@vigil/core';
import type { HostInfo, HostList, HostSamples, HostSamplesResponse, HostSeriesQuery, HostSeriesResponse, SeriesPoint } from '@vigil/wire';
import { timestampToMs } from '@vigil/wire';
import { BadRequestError, NotFoundError, ValidationError } from '../errors.js';
import { describeBatchErrors } from '../ingest/ingest-service.js';
import type { HostActivityRow, HostBucketRow, HostRow, NewHostBucket } from '../storage/infrastructure-store.js';
import type { Store } from '../storage/store.js';

export interface HostServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  /** Width of a bucket (the server's `bucket`). */
  readonly bucketMs: number;
  /** The window around the server's clock that samples' times must lie in (default: any time). */
  readonly eventTimes?: EventTimeWindow | undefined;
}

const DAY = 86_400_000;
/** Most steps one series request may span. */
const MAX_STEPS = 1_000_000;

function summaryOf(row: HostBucketRow): MetricSummary {
  return MetricSummary.fromFields({ count: row.count, sum: row.sum, min: row.min, max: row.max, last: row.last, lastAt: row.last_at, sketch: row.sketch });
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A served model's name (the wire takes a name or `{ name, requests }`). */
export function servedModelName(m: unknown): string | undefined {
  if (typeof m === 'string') return m;
  if (typeof m === 'object' && m !== null && typeof (m as { name?: unknown }).name === 'string') return (m as { name: string }).name;
  return undefined;
}

export function hostInfo(row: HostRow): HostInfo {
  const gpus = parseJson<{ index: number; name: string; uuid?: string }[]>(row.gpus, []);
  return {
    name: row.name,
    firstSeen: new Date(row.first_seen).toISOString(),
    lastSeen: new Date(row.last_seen).toISOString(),
    labels: parseJson<Record<string, string>>(row.labels, {}),
    gpus: gpus.map((g) => ({ index: g.index, name: g.name, uuid: g.uuid ?? null })),
    models: parseJson<unknown[]>(row.models, []).flatMap((m) => {
      const name = servedModelName(m);
      return name === undefined ? [] : [name];
    }),
  };
}

export class HostService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly bucketMs: number;
  private readonly eventTimes: EventTimeWindow | undefined;

  constructor(deps: HostServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.bucketMs = deps.bucketMs;
    this.eventTimes = deps.eventTimes;
  }

  private bucketOf(t: number): number {
    return Math.floor(t / this.bucketMs) * this.bucketMs;
  }

  /** Stores one batch of a host's samples; a sample whose time lies outside the server's window refuses the batch, naming it. */
  async ingest(projectId: number, host: string, body: HostSamples): Promise<HostSamplesResponse> {
    const now = this.clock();
    const times = body.samples.map((s) => timestampToMs(s.timestamp));
    if (this.eventTimes !== undefined) {
      const errors = checkEventTimes(times, 'samples', now, this.eventTimes);
      if (errors.length > 0) throw new ValidationError(describeBatchErrors(errors), errors);
    }
    // The batch's own summaries, by bucket, metric and label set.
    const fresh = new Map<string, { bucket: number; metric: string; labels: string; summary: MetricSummary }>();
    const samplesPerBucket = new Map<number, number>();
    let accepted = 0;
    body.samples.forEach((sample, i) => {
      const at = times[i]!;
      const bucket = this.bucketOf(at);
      samplesPerBucket.set(bucket, (samplesPerBucket.get(bucket) ?? 0) + 1);
      for (const p of sample.points) {
        const labels = segmentKey(p.labels);
        const key = `${bucket}\u0000${p.metric}\u0000${labels}`;
        let entry = fresh.get(key);
        if (entry === undefined) fresh.set(key, (entry = { bucket, metric: p.metric, labels, summary: new MetricSummary() }));
        entry.summary.add(p.value, at);
        accepted++;
      }
    });
    const gpus = body.gpus === undefined ? undefined : JSON.stringify([...body.gpus].sort((a, b) => a.index - b.index));
    const models = body.models === undefined ? undefined : JSON.stringify(body.models);
    const labels = body.labels === undefined ? undefined : segmentKey(body.labels) || '{}';
    await this.store.infrastructure.writeSamples(
      projectId,
      host,
      { ...(labels === undefined ? {} : { labels }), ...(gpus === undefined ? {} : { gpus }), ...(models === undefined ? {} : { models }) },
      now,
      { buckets: [...samplesPerBucket.keys()] },
      (existing, row) => {
        const held = new Map(existing.buckets.map((b) => [`${b.bucket_start}\u0000${b.metric}\u0000${b.labels}`, b]));
        const buckets: NewHostBucket[] = [];
        for (const [key, f] of fresh) {
          const old = held.get(key);
          const merged = old === undefined ? f.summary : summaryOf(old).merge(f.summary);
          const fields = merged.toFields();
          buckets.push({
            host_id: row.id,
            metric: f.metric,
            labels: f.labels,
            bucket_start: f.bucket,
            count: fields.count,
            sum: fields.sum,
            min: fields.min,
            max: fields.max,
            last: fields.last,
            last_at: fields.lastAt,
            sketch: fields.sketch,
          });
        }
        const activityHeld = new Map(existing.activity.map((a) => [a.bucket_start, a]));
        const activity: HostActivityRow[] = [...samplesPerBucket].map(([bucket, n]) => ({
          host_id: row.id,
          bucket_start: bucket,
          samples: (activityHeld.get(bucket)?.samples ?? 0) + n,
          models: row.models,
          gpus: row.gpus,
          labels: row.labels,
        }));
        return { buckets, activity };
      },
    );
    return { accepted };
  }

  async list(projectId: number): Promise<HostList> {
    return { hosts: (await this.store.infrastructure.hosts(projectId)).map(hostInfo) };
  }

  async get(projectId: number, name: string): Promise<HostInfo> {
    return hostInfo(await this.resolve(projectId, name));
  }

  private async resolve(projectId: number, name: string): Promise<HostRow> {
    const row = await this.store.infrastructure.hostByName(projectId, name);
    if (row === undefined) throw new NotFoundError(`no host "${name}" in this project (hosts appear when they first send samples)`);
    return row;
  }

  /** A metric of a host over [from, to) (default: the last day) in steps of whole buckets, one point per step and label set. */
  async series(projectId: number, hostName: string, q: HostSeriesQuery): Promise<HostSeriesResponse> {
    const host = await this.resolve(projectId, hostName);
    const to = q.to ?? this.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    const bucket = this.bucketMs;
    const step = Math.max(bucket, Math.round((q.step ?? bucket) / bucket) * bucket);
    if ((to - from) / step > MAX_STEPS)
      throw new BadRequestError('the range holds too many steps; widen step or narrow the range', [
        { path: 'query.step', message: `at least ${Math.ceil((to - from) / MAX_STEPS / 1000)}s` },
      ]);
    const alignedFrom = Math.floor(from / step) * step;
    const rows = await this.store.infrastructure.metricBuckets(host.id, q.metric, alignedFrom, to);
    const steps = new Map<number, Map<string, MetricSummary>>();
    for (const r of rows) {
      if (q.gpu !== undefined && q.gpu !== '' && parseJson<Record<string, string>>(r.labels || '{}', {})['gpu'] !== String(Number(q.gpu))) continue;
      const t = Math.floor(r.bucket_start / step) * step;
      let byLabels = steps.get(t);
      if (byLabels === undefined) steps.set(t, (byLabels = new Map()));
      const s = byLabels.get(r.labels);
      if (s === undefined) byLabels.set(r.labels, summaryOf(r));
      else s.merge(summaryOf(r));
    }
    const points: SeriesPoint[] = [];
    let next: string | null = null;
    for (const t of [...steps.keys()].sort((a, b) => a - b)) {
      const byLabels = steps.get(t)!;
      const ps: SeriesPoint[] = [...byLabels.keys()].sort().map((labels) => {
        const value = byLabels.get(labels)!.value(q.stat);
        const p: SeriesPoint = { t: new Date(t).toISOString(), value: value === null || !Number.isFinite(value) ? null : value };
        if (labels !== '') p.labels = parseJson<Record<string, string>>(labels, {});
        return p;
      });
      if (points.length + ps.length > q.limit) {
        next = new Date(t).toISOString();
        break;
      }
      points.push(...ps);
    }
    return {
      host: host.name,
      metric: q.metric,
      stat: q.stat,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step: step / 1000,
      points,
      next,
    };
  }
}
