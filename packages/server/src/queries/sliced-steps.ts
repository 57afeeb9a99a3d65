// Series steps of a slice: bucket profiles are kept per segment, not per feature value, so a sliced
// series reads the window's raw events (bounded), keeps those of the slice (and segment filter), and
// profiles them per step as the profiler profiles a bucket. The steps then answer every metric as
// merged bucket profiles do.

import { CbpeAccumulator, DatasetProfile, PerformanceAccumulator, nanosToUsd, normalizePrediction, performanceOptions } from '@vigil/core';
import type { ModelSchema } from '@vigil/core';
import type { Calibration } from '../models/reference-data.js';
import { BUCKET_PROFILE_OPTIONS, PROFILE_COLUMNS } from '../profiler/profile-columns.js';
import type { WindowEvent } from '../storage/window-events.js';
import { MergedProfile } from './merged-profile.js';
import { segmentMatches } from './segment-filter.js';
import type { SegmentFilter } from './segment-filter.js';
import type { SliceFilter } from './slice-filter.js';
import type { StepState } from './series.js';

interface StepBuilder {
  t: number;
  profile: DatasetProfile;
  performance: PerformanceAccumulator | null;
  cbpe: CbpeAccumulator | null;
}

/**
 * Steps of `step` ms (aligned to multiples of it) over the events of the slice and segment filter.
 * An event the evaluators cannot read is left out, as the profiler skips it.
 */
export function slicedSteps(
  events: readonly WindowEvent[],
  schema: ModelSchema,
  opts: { step: number; slice: SliceFilter; segment?: SegmentFilter | undefined; calibration: Calibration | null },
): StepState[] {
  const steps = new Map<number, StepBuilder>();
  for (const e of events) {
    if (!segmentMatches(e.segment, opts.segment)) continue;
    let features: Record<string, unknown>;
    let normalized: ReturnType<typeof normalizePrediction>;
    try {
      features = JSON.parse(e.features) as Record<string, unknown>;
      if (!opts.slice.matches(features)) continue;
      normalized = normalizePrediction(JSON.parse(e.prediction), schema);
    } catch {
      continue;
    }
    const t = Math.floor(e.ts / opts.step) * opts.step;
    let b = steps.get(t);
    if (b === undefined) steps.set(t, (b = { t, profile: new DatasetProfile(BUCKET_PROFILE_OPTIONS), performance: null, cbpe: null }));
    // The profiler's row of an event, column for column.
    const row: Record<string, unknown> = {};
    for (const name in features) row[PROFILE_COLUMNS.feature(name)] = features[name];
    row[PROFILE_COLUMNS.score] = normalized.score;
    row[PROFILE_COLUMNS.label] = normalized.label;
    row[PROFILE_COLUMNS.latency] = e.latency_ms;
    row[PROFILE_COLUMNS.cost] = e.cost_nanos === null ? e.cost_usd : nanosToUsd(BigInt(e.cost_nanos));
    if (schema.type === 'binary' && normalized.score !== null && normalized.label !== null && normalized.score >= 0 && normalized.score <= 1) {
      const probability = opts.calibration === null ? normalized.score : opts.calibration.apply(normalized.score);
      (b.cbpe ??= new CbpeAccumulator()).add(probability, normalized.label === schema.positiveClass, normalized.score);
    }
    b.profile.addRow(row);
    if (e.label !== null) {
      try {
        const truth = JSON.parse(e.label) as string | number | boolean;
        const perf = b.performance ?? new PerformanceAccumulator(performanceOptions(schema));
        perf.add({ ...normalized, value: normalized.score }, truth);
        b.performance = perf;
      } catch {
        // A label the evaluators cannot read counts for nothing, as in the profiler.
      }
    }
  }
  return [...steps.values()]
    .sort((a, b) => a.t - b.t)
    .map((b) => ({ t: b.t, rows: b.profile.rowCount, profile: new MergedProfile([b.profile]), performance: b.performance, cbpe: b.cbpe }));
}
