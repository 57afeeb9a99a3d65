// The interface every Vigil client offers: the HTTP client of createClient and the in-memory
// double of createTestClient, so application code and its tests use the same calls.

import type { LabelValue, PredictionEvent, Timestamp } from '@vigil/wire';
import type { VigilSdkStats } from './diagnostics.js';

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
