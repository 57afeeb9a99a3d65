// The defaults the SDK fills into what the caller logs, shared by the HTTP client and the test double
// so both record exactly the same events. The caller's objects are copied, never written to.

import type { LabelValue, PredictionEvent, Timestamp } from '@vigil/wire';

/**
 * `event` with `timestamp` (`loggedAt`) and `version` (the client's) filled when absent: a shallow
 * copy when something is filled, else the event itself (never modified either way).
 */
export function withPredictionDefaults(event: PredictionEvent, version: string | undefined, loggedAt: number): PredictionEvent {
  const needsTime = event.timestamp === undefined;
  const needsVersion = version !== undefined && event.version === undefined;
  if (!needsTime && !needsVersion) return event;
  const e = { ...event };
  if (needsTime) e.timestamp = loggedAt;
  if (needsVersion) e.version = version;
  return e;
}

export function makeLabelEvent(
  id: string,
  label: LabelValue,
  timestamp: Timestamp | undefined,
  now: number,
): { id: string; label: LabelValue; timestamp: Timestamp } {
  return { id, label, timestamp: timestamp ?? now };
}

export function makeMetricEvent(
  name: string,
  value: number,
  labels: Readonly<Record<string, string>> | undefined,
  timestamp: Timestamp | undefined,
  now: number,
): { name: string; value: number; timestamp: Timestamp; labels?: Record<string, string> } {
  return labels === undefined ? { name, value, timestamp: timestamp ?? now } : { name, value, timestamp: timestamp ?? now, labels: { ...labels } };
}
