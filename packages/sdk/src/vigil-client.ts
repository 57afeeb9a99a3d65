// The interface every Vigil client offers: the HTTP client of createClient and the in-memory
// double of createTestClient, so application code and its tests use the same calls.

import type { LabelValue, PredictionEvent, Timestamp } from '@vigil/wire';
import type { VigilSdkStats } from './diagnostics.js';
import type { ExperimentAssignment } from './experiment-assignment.js';

export interface VigilClient {
  /**
   * Queues one prediction, at a cost to the caller of well under a microsecond: it records the time
   * and keeps a reference. At batch time, off the caller's path, `timestamp` (that time) and `version`
   * (the client's) are filled into a shallow copy when absent — the caller's object is never
   * modified — and the event is validated; an invalid one is dropped and reported. Hand the event
   * over: changing it after this call may change what is sent. Never throws.
   */
  logPrediction(event: PredictionEvent): void;
  /** Queues the ground truth of prediction `id`; `timestamp` defaults to now. Never throws. */
  logLabel(id: string, label: LabelValue, timestamp?: Timestamp): void;
  /** Queues one value of a custom metric (a Prometheus-style name and labels); `timestamp` defaults to now. Never throws. */
  logMetric(name: string, value: number, labels?: Readonly<Record<string, string>>, timestamp?: Timestamp): void;
  /**
   * The unit's variant of `experiment`, assigned here with GrowthBook's hashing (as the server's
   * `GET /v1/experiments/{e}/assign` would), from the experiment's definition, fetched on first use
   * and then cached for a minute (the key needs `read` as well as `ingest`). When the unit is in the
   * experiment its exposure is queued. Never rejects: without a definition, or outside the coverage,
   * or once the experiment stopped, it resolves `{ variant: null, index: -1 }` (serve the default).
   */
  assign(experiment: string, unit: string): Promise<ExperimentAssignment>;
  /** Queues an exposure of `unit` to `variant` (assign() does this itself); `timestamp` defaults to now. Never throws. */
  logExposure(experiment: string, unit: string, variant: string, timestamp?: Timestamp): void;
  /** Queues one outcome of `unit` for an outcome metric of `experiment`; values of a unit add up. `timestamp` defaults to now. Never throws. */
  logOutcome(experiment: string, unit: string, metric: string, value: number, timestamp?: Timestamp): void;
  /**
   * Sends everything logged so far and resolves once each of those events is delivered or dropped
   * (after its retries). Never rejects.
   */
  flush(): Promise<void>;
  /**
   * Stops accepting events, flushes (for at most `shutdownTimeoutMs`; what is left then is dropped
   * and counted) and reports the last drops. Idempotent: later calls return the same promise. Never rejects.
   */
  shutdown(): Promise<void>;
  /** The client's counters now. */
  stats(): VigilSdkStats;
}
