// The per-bucket sufficient statistics of an experiment built from its exposure and outcome events,
// with the server's semantics (packages/server/src/storage/experiments-store.ts), so that the same
// `experimentResults` gives the same answer on files as the server on the same events:
// - a unit's first exposure (in time, then file order) fixes its variant and time; a later one to
//   the same variant is a repeat, to another variant a conflict (counted, the unit stays);
// - an outcome at or after its unit's exposure adds v to the unit's value y, in the bucket of the
//   outcome's time: Σx += v, Σx² += (y + v)² − y², positives by the sign change of y;
// - one in the `lookbackMs` before the exposure adds to the unit's CUPED covariate, in the bucket
//   of the exposure; earlier ones, and outcomes of units never exposed, do not count.
// A unit with no outcome is in its variant's n with the value 0.

import type { ArmAggregate, ExposureRecord, OutcomeRecord, StatsAggregate } from '@vigil/core';

/** Units first exposed per bucket and variant (the server's `experiment_arms` rows), built up in place. */
export type ArmRow = { -readonly [K in keyof ArmAggregate]: ArmAggregate[K] };

/** One bucket's changes to a metric's sums per variant (the server's `experiment_stats` rows), built up in place. */
export type StatsRow = { -readonly [K in keyof StatsAggregate]: StatsAggregate[K] };

export interface EventCounts {
  exposures: number;
  /** Units exposed (first exposures). */
  units: number;
  repeated: number;
  conflicts: number;
  /** Outcomes at or after their unit's exposure: they count. */
  accepted: number;
  /** Outcomes before their unit's exposure (within the lookback they are CUPED covariates). */
  beforeExposure: number;
  /** Outcomes of units never exposed. */
  unexposed: number;
}

export interface ExperimentAggregates {
  arms: ArmRow[];
  stats: StatsRow[];
  counts: EventCounts;
}

export interface AggregateOptions {
  /** Width of the statistics buckets (the server's is an hour). */
  bucketMs: number;
  /** CUPED's lookback before a unit's exposure. */
  lookbackMs: number;
  /** Called every so many events, for a progress bar: events done of all. */
  onProgress?: (done: number, total: number) => void;
}

/** Indices of `xs` in time order, stable: the order a server given the same events in that order would take them in. */
function timeOrder(ts: (i: number) => number, length: number): Uint32Array {
  const order = new Uint32Array(length);
  let sorted = true;
  for (let i = 0; i < length; i++) {
    order[i] = i;
    if (i > 0 && ts(i - 1) > ts(i)) sorted = false;
  }
  if (!sorted) order.sort((a, b) => ts(a) - ts(b) || a - b);
  return order;
}

interface UnitState {
  variant: number;
  exposedAt: number;
  /** Per metric: [value, covariate]. */
  values: Map<string, [number, number]> | undefined;
}

const PROGRESS_EVERY = 65_536;

export function aggregateExperiment(exposures: readonly ExposureRecord[], outcomes: readonly OutcomeRecord[], options: AggregateOptions): ExperimentAggregates {
  const { bucketMs, lookbackMs } = options;
  const bucket = (ts: number) => Math.floor(ts / bucketMs) * bucketMs;
  const total = exposures.length + outcomes.length;
  const progress = options.onProgress;
  const arms = new Map<string, ArmRow>();
  const stats = new Map<string, StatsRow>();
  const arm = (ts: number, variant: number): ArmRow => {
    const b = bucket(ts);
    const key = `${b}:${variant}`;
    let a = arms.get(key);
    if (a === undefined) arms.set(key, (a = { bucket_start: b, variant, units: 0, exposures: 0, conflicts: 0 }));
    return a;
  };
  const stat = (ts: number, variant: number, metric: string): StatsRow => {
    const b = bucket(ts);
    const key = `${b}:${variant}:${metric}`;
    let s = stats.get(key);
    if (s === undefined)
      stats.set(key, (s = { bucket_start: b, variant, metric, sum: 0, sum_squares: 0, positives: 0, pre_sum: 0, pre_sum_squares: 0, cross_sum: 0 }));
    return s;
  };
  const counts: EventCounts = { exposures: exposures.length, units: 0, repeated: 0, conflicts: 0, accepted: 0, beforeExposure: 0, unexposed: 0 };

  const units = new Map<string, UnitState>();
  const exposureOrder = timeOrder((i) => exposures[i]!.ts, exposures.length);
  for (let k = 0; k < exposureOrder.length; k++) {
    const e = exposures[exposureOrder[k]!]!;
    arm(e.ts, e.variant).exposures++;
    const u = units.get(e.unit);
    if (u === undefined) {
      units.set(e.unit, { variant: e.variant, exposedAt: e.ts, values: undefined });
      arm(e.ts, e.variant).units++;
      counts.units++;
    } else if (u.variant === e.variant) counts.repeated++;
    else {
      arm(e.ts, e.variant).conflicts++;
      counts.conflicts++;
    }
    if (progress !== undefined && k % PROGRESS_EVERY === 0) progress(k, total);
  }

  const outcomeOrder = timeOrder((i) => outcomes[i]!.ts, outcomes.length);
  for (let k = 0; k < outcomeOrder.length; k++) {
    const o = outcomes[outcomeOrder[k]!]!;
    if (progress !== undefined && k % PROGRESS_EVERY === 0) progress(exposures.length + k, total);
    const u = units.get(o.unit);
    if (u === undefined) {
      counts.unexposed++;
      continue;
    }
    const values = (u.values ??= new Map());
    let yx = values.get(o.metric);
    if (yx === undefined) values.set(o.metric, (yx = [0, 0]));
    const v = o.value;
    if (o.ts >= u.exposedAt) {
      const d = stat(o.ts, u.variant, o.metric);
      const y = yx[0];
      const next = y + v;
      d.sum += v;
      d.sum_squares += v * (2 * y + v);
      d.positives += (next > 0 ? 1 : 0) - (y > 0 ? 1 : 0);
      d.cross_sum += v * yx[1];
      yx[0] = next;
      counts.accepted++;
    } else {
      if (o.ts >= u.exposedAt - lookbackMs) {
        const d = stat(u.exposedAt, u.variant, o.metric);
        const x = yx[1];
        d.pre_sum += v;
        d.pre_sum_squares += v * (2 * x + v);
        d.cross_sum += v * yx[0];
        yx[1] = x + v;
      }
      counts.beforeExposure++;
    }
  }
  progress?.(total, total);
  const byBucket = <T extends { bucket_start: number; variant: number }>(a: T, b: T) => a.bucket_start - b.bucket_start || a.variant - b.variant;
  return { arms: [...arms.values()].sort(byBucket), stats: [...stats.values()].sort(byBucket), counts };
}
