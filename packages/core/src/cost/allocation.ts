// Infrastructure cost allocation after OpenCost (spec v0.1 and pkg/costmodel): a resource's cost
// over an interval is rate × duration; each workload (here, a model a host serves) is charged for
// max(request, usage) of it; what no workload is charged for is idle. Sums are integer nano-dollars
// and every split rounds down, with idle taking the remainder, so attributed + idle = the bill exactly.

import { mulDivFloor } from './money.js';

const HOUR_MS = 3_600_000n;
/** Resolution of fractions in the split (10⁻¹²). */
const FRACTION_SCALE = 1_000_000_000_000n;

/**
 * What a resource priced at `nanosPerHour` costs over [from, to) (epoch ms): ⌊rate·to/h⌋ − ⌊rate·from/h⌋.
 * Each interval rounds against the same clock, so adjacent intervals add up to the whole one exactly.
 */
export function intervalCostNanos(nanosPerHour: bigint, from: number, to: number): bigint {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from <= to)) throw new RangeError(`not an interval of epoch ms: [${from}, ${to})`);
  return mulDivFloor(nanosPerHour, BigInt(to), HOUR_MS) - mulDivFloor(nanosPerHour, BigInt(from), HOUR_MS);
}

export interface WorkloadShare {
  readonly model: string;
  /** This model's part of the resource's measured usage (its share of the host's traffic), 0–1. */
  readonly usageShare: number;
  /** What it reserves of the resource, as a fraction of the resource (OpenCost's request); none when unknown. */
  readonly request?: number | undefined;
}

export interface ResourceAllocation {
  readonly bill: bigint;
  readonly byModel: ReadonlyMap<string, bigint>;
  readonly idle: bigint;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/**
 * Splits one resource's bill: model m is charged max(request_m, usage × usageShare_m) of it (if those
 * add up past the whole resource, in proportion to them), rounded down to the nano-dollar; the rest
 * is idle. `usage` is the resource's utilisation (0–1); null (not measured) charges requests only.
 */
export function allocateResource(bill: bigint, usage: number | null, workloads: readonly WorkloadShare[]): ResourceAllocation {
  const u = usage === null ? 0 : clamp01(usage);
  const raw = workloads.map((w) => Math.max(clamp01(w.request ?? 0), u * clamp01(w.usageShare)));
  const sum = raw.reduce((a, b) => a + b, 0);
  const scale = sum > 1 ? 1 / sum : 1;
  const byModel = new Map<string, bigint>();
  let charged = 0n;
  workloads.forEach((w, i) => {
    // Fractions become integers out of 10¹², rounded down, so they never add up to more than 1.
    const f = BigInt(Math.floor(raw[i]! * scale * Number(FRACTION_SCALE)));
    const cost = mulDivFloor(bill, f, FRACTION_SCALE);
    byModel.set(w.model, (byModel.get(w.model) ?? 0n) + cost);
    charged += cost;
  });
  return { bill, byModel, idle: bill - charged };
}

export interface HostInterval {
  readonly from: number;
  readonly to: number;
  /** The host's own price per hour (null: not priced). */
  readonly hostNanosPerHour: bigint | null;
  /** CPU utilisation over the interval, 0–1 (null: not measured), by which the host's own price is split. */
  readonly cpuUsage: number | null;
  /** The host's logical CPUs (to turn CPU requests in cores into fractions). */
  readonly cpuCount: number | null;
  /** Each priced GPU: its price per hour and utilisation, 0–1. */
  readonly gpus: readonly { readonly index: number; readonly nanosPerHour: bigint; readonly usage: number | null }[];
  /** The models served, with their share of the host's usage and what they request. */
  readonly models: readonly {
    readonly model: string;
    readonly usageShare: number;
    readonly cpuCores?: number | undefined;
    readonly gpus?: number | undefined;
  }[];
}

export interface HostAllocation {
  readonly bill: bigint;
  readonly byModel: Map<string, bigint>;
  readonly idle: bigint;
}

/** Allocates one host's bill over one interval: its own price by CPU usage, each GPU's by that GPU's usage. */
export function allocateHostInterval(h: HostInterval): HostAllocation {
  const byModel = new Map<string, bigint>();
  let bill = 0n;
  let idle = 0n;
  const add = (a: ResourceAllocation) => {
    bill += a.bill;
    idle += a.idle;
    for (const [m, c] of a.byModel) byModel.set(m, (byModel.get(m) ?? 0n) + c);
  };
  if (h.hostNanosPerHour !== null) {
    const cpuRequest = (cores: number | undefined) => (cores === undefined || h.cpuCount === null || h.cpuCount <= 0 ? undefined : cores / h.cpuCount);
    add(
      allocateResource(
        intervalCostNanos(h.hostNanosPerHour, h.from, h.to),
        h.cpuUsage,
        h.models.map((m) => ({ model: m.model, usageShare: m.usageShare, request: cpuRequest(m.cpuCores) })),
      ),
    );
  }
  const gpuCount = h.gpus.length;
  for (const g of h.gpus) {
    // A model that requests k of the host's n GPUs reserves k/n of each.
    add(
      allocateResource(
        intervalCostNanos(g.nanosPerHour, h.from, h.to),
        g.usage,
        h.models.map((m) => ({ model: m.model, usageShare: m.usageShare, request: m.gpus === undefined || gpuCount === 0 ? undefined : m.gpus / gpuCount })),
      ),
    );
  }
  return { bill, byModel, idle };
}

/**
 * Each model's share of a host's usage from its predictions in the interval; models without any
 * share equally when no model had traffic (or the counts are unknown).
 */
export function usageShares(models: readonly string[], predictions: ReadonlyMap<string, number>): Map<string, number> {
  const total = models.reduce((n, m) => n + (predictions.get(m) ?? 0), 0);
  return new Map(models.map((m) => [m, total > 0 ? (predictions.get(m) ?? 0) / total : 1 / models.length]));
}
