// The analysis `vigil experiment analyze` runs: the events' per-bucket sufficient statistics, built
// as the server builds them, through the same `experimentResults` the server answers
// `GET /v1/experiments/{e}/results` with, so a file and the API give one answer.

import { experimentResults } from '@vigil/core';
import type { ExperimentResults } from '@vigil/wire';
import { aggregateExperiment } from './experiment-aggregates.js';
import type { ExposureRecord, OutcomeRecord } from '@vigil/core';
import type { AggregateOptions, EventCounts } from './experiment-aggregates.js';
import type { ExperimentDefinition } from './experiment-config.js';

/** The server's statistics bucket (its `EXPERIMENT_BUCKET_MS`): the cumulative series' resolution. */
export const EXPERIMENT_BUCKET_MS = 3_600_000;
/** CUPED's lookback without one configured (GrowthBook's 14 days, as the server). */
const DEFAULT_LOOKBACK_DAYS = 14;
const DAY_MS = 86_400_000;

export interface ExperimentAnalysis {
  results: ExperimentResults;
  counts: EventCounts;
  /** Metrics read off model traffic, which files do not carry: left out of the results. */
  skippedModelMetrics: string[];
}

export function analyzeExperiment(
  definition: ExperimentDefinition,
  exposures: readonly ExposureRecord[],
  outcomes: readonly OutcomeRecord[],
  options: { now: number; onProgress?: AggregateOptions['onProgress'] },
): ExperimentAnalysis {
  const { config, status } = definition;
  const lookbackMs = (config.cuped?.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * DAY_MS;
  const { arms, stats, counts } = aggregateExperiment(exposures, outcomes, {
    bucketMs: EXPERIMENT_BUCKET_MS,
    lookbackMs,
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
  const results = experimentResults({ name: config.name, status, config, bucketMs: EXPERIMENT_BUCKET_MS, now: options.now, arms, stats });
  return { results, counts, skippedModelMetrics: config.metrics.filter((m) => m.source === 'model').map((m) => m.name) };
}
