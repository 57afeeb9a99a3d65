// What a project's models cost: the events' own costs (the profiler's per-bucket rollups, in
// nano-dollars) plus their share of the hosts that serve them (core's OpenCost-style allocation,
// bucket by bucket, at the prices of each bucket's time), with the unallocated rest as idle. Answers
// the cost series of a model, the `/v1/cost` breakdown, and budgets' daily spend.

import { allocateHostInterval, hostRates, nanosToUsd, usageShares, versionAt } from '@vigil/core';
import type { CostQuery, CostResponse, SeriesPoint, SeriesQuery, SeriesResponse } from '@vigil/wire';
import { COST_SERIES_METRICS } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import { segmentMatches } from '../queries/segment-filter.js';
import type { SegmentFilter } from '../queries/segment-filter.js';
import type { HostActivityRow, HostRow } from '../storage/infrastructure-store.js';
import type { ModelRow, Store } from '../storage/store.js';
import { servedModelName } from '../infrastructure/host-service.js';
import type { PricingService } from './pricing-service.js';

export interface CostServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly pricing: PricingService;
  /** Width of a bucket. */
  readonly bucketMs: number;
}

/** One bucket's allocation of the project's hosts. */
export interface AllocationResult {
  /** Per bucket start: each model's (by id) infrastructure cost in nano-dollars. */
  readonly byBucket: Map<number, Map<number, bigint>>;
  /** Per host name: its bill and idle part. */
  readonly hosts: Map<string, { bill: bigint; idle: bigint }>;
  /** Per bucket start: the whole bill and the idle part. */
  readonly totals: Map<number, { bill: bigint; idle: bigint }>;
}

interface ServedEntry {
  name: string;
  cpuCores?: number | undefined;
  gpus?: number | undefined;
}

const DAY = 86_400_000;

function servedEntries(json: string): ServedEntry[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((m: unknown) => {
    const name = servedModelName(m);
    if (name === undefined) return [];
    const requests = typeof m === 'object' && m !== null ? (m as { requests?: { cpuCores?: number; gpus?: number } }).requests : undefined;
    return [{ name, cpuCores: requests?.cpuCores, gpus: requests?.gpus }];
  });
}

function parseObject<T>(json: string, fallback: T): T {
  try {
    return (JSON.parse(json) as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

export class CostService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly pricing: PricingService;
  private readonly bucketMs: number;

  constructor(deps: CostServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.pricing = deps.pricing;
    this.bucketMs = deps.bucketMs;
  }

  private async projectModels(projectId: number): Promise<ModelRow[]> {
    return (await this.store.allModels()).filter((m) => m.project_id === projectId);
  }

  /**
   * Allocates every priced host of the project over the buckets that start in [from, to): each
   * host is billed for the buckets it reported in, at that bucket's prices, and split among the
   * models it served then by their share of its predictions (max(request, usage) per resource).
   */
  async allocate(projectId: number, from: number, to: number, models?: readonly ModelRow[]): Promise<AllocationResult> {
    const byBucket = new Map<number, Map<number, bigint>>();
    const hostTotals = new Map<string, { bill: bigint; idle: bigint }>();
    const totals = new Map<number, { bill: bigint; idle: bigint }>();
    const hosts = await this.store.infrastructure.hosts(projectId);
    const versions = await this.pricing.versions(projectId);
    if (hosts.length === 0 || versions.length === 0) return { byBucket, hosts: hostTotals, totals };
    const byId = new Map<number, HostRow>(hosts.map((h) => [h.id, h]));
    const activity = await this.store.infrastructure.activity([...byId.keys()], from, to);
    if (activity.length === 0) return { byBucket, hosts: hostTotals, totals };
    const projectModels = models ?? (await this.projectModels(projectId));
    const modelByName = new Map(projectModels.map((m) => [m.name, m]));
    const nameById = new Map(projectModels.map((m) => [m.id, m.name]));
    // Predictions per model and bucket: each model's share of a host's usage.
    const predictions = new Map<number, Map<string, number>>();
    for (const r of await this.store.cost.costBuckets(
      projectModels.map((m) => m.id),
      from,
      to,
    )) {
      const name = nameById.get(r.model_id);
      if (name === undefined) continue;
      let inBucket = predictions.get(r.bucket_start);
      if (inBucket === undefined) predictions.set(r.bucket_start, (inBucket = new Map()));
      inBucket.set(name, (inBucket.get(name) ?? 0) + r.predictions);
    }
    // Mean utilisations per host and bucket: CPU for the host's own price, each GPU for its own.
    const usage = new Map<string, { cpu: number | null; cpuCount: number | null; gpus: Map<number, number> }>();
    for (const r of await this.store.infrastructure.metricSums([...byId.keys()], ['cpu_utilization', 'cpu_count', 'gpu_utilization'], from, to)) {
      const key = `${r.host_id}:${r.bucket_start}`;
      let u = usage.get(key);
      if (u === undefined) usage.set(key, (u = { cpu: null, cpuCount: null, gpus: new Map() }));
      const mean = r.count > 0 ? r.sum / r.count : null;
      if (mean === null) continue;
      if (r.metric === 'cpu_utilization') u.cpu = mean / 100;
      else if (r.metric === 'cpu_count') u.cpuCount = mean;
      else {
        const gpu = Number(parseObject<Record<string, string>>(r.labels || '{}', {})['gpu']);
        if (Number.isInteger(gpu)) u.gpus.set(gpu, mean / 100);
      }
    }
    for (const a of activity) {
      const host = byId.get(a.host_id);
      const version = versionAt(versions, a.bucket_start);
      if (host === undefined || version === undefined) continue;
      const alloc = this.allocateActivity(a, host, version.compiled, usage.get(`${a.host_id}:${a.bucket_start}`), predictions.get(a.bucket_start));
      if (alloc === null) continue;
      let inBucket = byBucket.get(a.bucket_start);
      if (inBucket === undefined) byBucket.set(a.bucket_start, (inBucket = new Map()));
      for (const [name, nanos] of alloc.byModel) {
        const m = modelByName.get(name);
        // A served model the project does not know yet: its share stays unattributed, as idle.
        if (m === undefined) {
          alloc.idle += nanos;
          continue;
        }
        inBucket.set(m.id, (inBucket.get(m.id) ?? 0n) + nanos);
      }
      const h = hostTotals.get(host.name) ?? { bill: 0n, idle: 0n };
      hostTotals.set(host.name, { bill: h.bill + alloc.bill, idle: h.idle + alloc.idle });
      const t = totals.get(a.bucket_start) ?? { bill: 0n, idle: 0n };
      totals.set(a.bucket_start, { bill: t.bill + alloc.bill, idle: t.idle + alloc.idle });
    }
    return { byBucket, hosts: hostTotals, totals };
  }

  private allocateActivity(
    a: HostActivityRow,
    host: HostRow,
    pricing: Parameters<typeof hostRates>[0],
    usage: { cpu: number | null; cpuCount: number | null; gpus: Map<number, number> } | undefined,
    predictions: Map<string, number> | undefined,
  ): { bill: bigint; idle: bigint; byModel: Map<string, bigint> } | null {
    const gpus = parseObject<{ index: number; name: string }[]>(a.gpus, []);
    const labels = parseObject<Record<string, string>>(a.labels, {});
    const rates = hostRates(pricing, { name: host.name, labels, gpus });
    if (rates.hostNanosPerHour === null && rates.gpus.size === 0) return null;
    const served = servedEntries(a.models);
    const shares = usageShares(
      served.map((s) => s.name),
      predictions ?? new Map(),
    );
    const r = allocateHostInterval({
      from: a.bucket_start,
      to: a.bucket_start + this.bucketMs,
      hostNanosPerHour: rates.hostNanosPerHour,
      cpuUsage: usage?.cpu ?? null,
      cpuCount: usage?.cpuCount ?? null,
      gpus: [...rates.gpus].map(([index, nanosPerHour]) => ({ index, nanosPerHour, usage: usage?.gpus.get(index) ?? null })),
      models: served.map((s) => ({ model: s.name, usageShare: shares.get(s.name) ?? 0, cpuCores: s.cpuCores, gpus: s.gpus })),
    });
    return { bill: r.bill, idle: r.idle, byModel: r.byModel };
  }

  /** A cost metric of one model (the series endpoint hands these here). */
  async series(
    projectId: number,
    model: ModelRow,
    q: SeriesQuery,
    range: { from: number; to: number; step: number; alignedFrom: number },
  ): Promise<SeriesResponse> {
    const { from, to, step, alignedFrom } = range;
    const filtered = q.version !== undefined || (q.segment !== undefined && q.segment.length > 0);
    const steps = new Map<number, { predictions: number; all: number; nanos: bigint; input: bigint; output: bigint; infra: bigint }>();
    const stepOf = (t: number) => {
      const s = Math.floor(t / step) * step;
      let e = steps.get(s);
      if (e === undefined) steps.set(s, (e = { predictions: 0, all: 0, nanos: 0n, input: 0n, output: 0n, infra: 0n }));
      return e;
    };
    for (const r of await this.store.cost.costBuckets([model.id], alignedFrom, to)) {
      const e = stepOf(r.bucket_start);
      e.all += r.predictions;
      if (q.version !== undefined && r.version !== q.version) continue;
      if (!segmentMatches(r.segment, q.segment as SegmentFilter | undefined)) continue;
      e.predictions += r.predictions;
      e.nanos += BigInt(r.cost_nanos);
      e.input += BigInt(r.input_tokens);
      e.output += BigInt(r.output_tokens);
    }
    if (q.metric === 'cost_usd' || q.metric === 'cost_per_prediction' || q.metric === 'cost_per_1k_predictions') {
      const alloc = await this.allocate(projectId, alignedFrom, to);
      for (const [bucket, byModel] of alloc.byBucket) {
        const nanos = byModel.get(model.id);
        if (nanos !== undefined) stepOf(bucket).infra += nanos;
      }
      // A version or segment carries the model's infrastructure in proportion to its predictions.
      if (filtered) for (const e of steps.values()) e.infra = e.all === 0 ? 0n : (e.infra * BigInt(e.predictions)) / BigInt(e.all);
    }
    const points: SeriesPoint[] = [];
    let next: string | null = null;
    for (const t of [...steps.keys()].sort((a, b) => a - b)) {
      const e = steps.get(t)!;
      const total = nanosToUsd(e.nanos + e.infra);
      let value: number | null;
      switch (q.metric) {
        case 'cost_usd':
          value = total;
          break;
        case 'cost_per_prediction':
          value = e.predictions === 0 ? null : total / e.predictions;
          break;
        case 'cost_per_1k_predictions':
          value = e.predictions === 0 ? null : (1000 * total) / e.predictions;
          break;
        case 'tokens_input':
          value = Number(e.input);
          break;
        case 'tokens_output':
          value = Number(e.output);
          break;
        default:
          throw new BadRequestError(`unknown metric "${q.metric}"`, [{ path: 'query.metric', message: COST_SERIES_METRICS.join(', ') }], 'UNKNOWN_METRIC');
      }
      if (points.length >= q.limit) {
        next = new Date(t).toISOString();
        break;
      }
      points.push({ t: new Date(t).toISOString(), value });
    }
    return { metric: q.metric, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: step / 1000, points, next };
  }

  /** The window's bill: each model's event and infrastructure cost, each host's bill and idle part. */
  async summary(projectId: number, q: CostQuery): Promise<CostResponse> {
    const to = q.to ?? this.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    const bucketFrom = Math.floor(from / this.bucketMs) * this.bucketMs;
    const models = await this.projectModels(projectId);
    const alloc = await this.allocate(projectId, bucketFrom, to, models);
    const per = new Map(
      models.map((m) => [
        m.id,
        { predictions: 0, events: 0n, infra: 0n, input: 0n, output: 0n, versions: new Map<string, { predictions: number; events: bigint }>() },
      ]),
    );
    for (const r of await this.store.cost.costBuckets(
      models.map((m) => m.id),
      bucketFrom,
      to,
    )) {
      const e = per.get(r.model_id)!;
      e.predictions += r.predictions;
      e.events += BigInt(r.cost_nanos);
      e.input += BigInt(r.input_tokens);
      e.output += BigInt(r.output_tokens);
      const v = e.versions.get(r.version) ?? { predictions: 0, events: 0n };
      e.versions.set(r.version, { predictions: v.predictions + r.predictions, events: v.events + BigInt(r.cost_nanos) });
    }
    for (const byModel of alloc.byBucket.values()) for (const [id, nanos] of byModel) per.get(id)!.infra += nanos;
    let events = 0n;
    let infrastructure = 0n;
    let idle = 0n;
    for (const t of alloc.totals.values()) {
      infrastructure += t.bill;
      idle += t.idle;
    }
    const rows = models
      .filter((m) => {
        const e = per.get(m.id)!;
        return e.predictions > 0 || e.infra > 0n || e.events > 0n;
      })
      .map((m) => {
        const e = per.get(m.id)!;
        events += e.events;
        const total = e.events + e.infra;
        return {
          model: m.name,
          predictions: e.predictions,
          eventsUsd: nanosToUsd(e.events),
          eventsNanos: String(e.events),
          infrastructureUsd: nanosToUsd(e.infra),
          infrastructureNanos: String(e.infra),
          totalUsd: nanosToUsd(total),
          totalNanos: String(total),
          costPer1kPredictions: e.predictions === 0 ? null : (1000 * nanosToUsd(total)) / e.predictions,
          inputTokens: Number(e.input),
          outputTokens: Number(e.output),
          versions: [...e.versions]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([version, v]) => {
              // A version carries the model's infrastructure in proportion to its predictions.
              const infra = e.predictions === 0 ? 0n : (e.infra * BigInt(v.predictions)) / BigInt(e.predictions);
              return { version, predictions: v.predictions, eventsUsd: nanosToUsd(v.events), totalUsd: nanosToUsd(v.events + infra) };
            }),
        };
      })
      .filter((r) => q.model === undefined || r.model === q.model);
    const total = events + infrastructure;
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      totalUsd: nanosToUsd(total),
      totalNanos: String(total),
      infrastructureUsd: nanosToUsd(infrastructure),
      infrastructureNanos: String(infrastructure),
      idleUsd: nanosToUsd(idle),
      idleNanos: String(idle),
      models: rows,
      hosts: [...alloc.hosts]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([host, h]) => ({
          host,
          billUsd: nanosToUsd(h.bill),
          billNanos: String(h.bill),
          allocatedNanos: String(h.bill - h.idle),
          idleUsd: nanosToUsd(h.idle),
          idleNanos: String(h.idle),
        })),
    };
  }

  /**
   * Spend per UTC day over [from, to) in nano-dollars: the events of `models` (all of the project's
   * when undefined) plus their infrastructure share — or, for the whole project, the whole
   * infrastructure bill, idle included.
   */
  async dailySpend(projectId: number, modelName: string | undefined, from: number, to: number): Promise<Map<number, bigint>> {
    const all = await this.projectModels(projectId);
    const models = modelName === undefined ? all : all.filter((m) => m.name === modelName);
    const out = new Map<number, bigint>();
    const add = (t: number, nanos: bigint) => {
      const day = Math.floor(t / DAY) * DAY;
      out.set(day, (out.get(day) ?? 0n) + nanos);
    };
    if (models.length === 0) return out;
    const ids = new Set(models.map((m) => m.id));
    for (const r of await this.store.cost.costBuckets([...ids], from, to)) add(r.bucket_start, BigInt(r.cost_nanos));
    const alloc = await this.allocate(projectId, from, to, all);
    if (modelName === undefined) for (const [bucket, t] of alloc.totals) add(bucket, t.bill);
    else for (const [bucket, byModel] of alloc.byBucket) for (const [id, nanos] of byModel) if (ids.has(id)) add(bucket, nanos);
    return out;
  }

  /** The first bucket any of the models (all of the project's when undefined) had predictions or its hosts reported in. */
  async firstActivity(projectId: number, modelName: string | undefined): Promise<number | undefined> {
    const all = await this.projectModels(projectId);
    const models = modelName === undefined ? all : all.filter((m) => m.name === modelName);
    const first = await this.store.cost.firstCostBucket(models.map((m) => m.id));
    const hosts = await this.store.infrastructure.hosts(projectId);
    const hostFirst = hosts.length === 0 ? undefined : Math.min(...hosts.map((h) => h.first_seen));
    if (first === undefined) return hostFirst;
    return hostFirst === undefined ? first : Math.min(first, hostFirst);
  }
}
