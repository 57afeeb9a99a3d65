// A model's status on the overview: alerting when an alert fires; otherwise judged from the
// numbers the page already has (drift share, realized against estimated performance), so the
// overview says something useful on a server without monitors.

import { formatPercent } from '../format/format-number.js';

export type ModelStatus = 'ok' | 'warning' | 'alerting' | 'no-data';

export interface StatusInputs {
  /** Predictions in the range. */
  rows: number;
  /** Features drifted in the latest step with data, and features tested there. */
  driftedFeatures: number;
  testedFeatures: number;
  /** Latest realized and estimated (CBPE) accuracy of the same step; null when unknown. */
  realized: number | null;
  estimated: number | null;
  /** Open alerts of the model; null when the server has no alerting. */
  alerts: { firing: number; pending: number } | null;
}

export interface StatusVerdict {
  status: ModelStatus;
  /** Why, in words, most important first. */
  reasons: string[];
}

/** Evidently's data-set drift rule: at least half of the features drifted. */
export const DATASET_DRIFT_SHARE = 0.5;
/** Realized this far below the estimate means the model is wrong in a way its scores do not show (a concept change). */
export const PERFORMANCE_GAP_ALERT = 0.05;
export const PERFORMANCE_GAP_WARN = 0.02;

export function modelStatus(i: StatusInputs): StatusVerdict {
  const reasons: string[] = [];
  const firing = i.alerts?.firing ?? 0;
  const pending = i.alerts?.pending ?? 0;
  if (firing > 0) reasons.push(`${firing} firing alert${firing === 1 ? '' : 's'}`);
  if (pending > 0) reasons.push(`${pending} pending alert${pending === 1 ? '' : 's'}`);
  const share = i.testedFeatures > 0 ? i.driftedFeatures / i.testedFeatures : 0;
  if (i.driftedFeatures > 0) reasons.push(`${i.driftedFeatures} of ${i.testedFeatures} features drifted`);
  const gap = i.realized !== null && i.estimated !== null ? i.estimated - i.realized : null;
  if (gap !== null && gap >= PERFORMANCE_GAP_WARN) {
    reasons.push(`realized accuracy ${formatPercent(i.realized)} is ${(gap * 100).toFixed(1)} points below the estimate ${formatPercent(i.estimated)}`);
  }
  if (firing > 0) return { status: 'alerting', reasons };
  if (i.rows === 0) return { status: 'no-data', reasons: ['no predictions in this range', ...reasons] };
  const severe = share >= DATASET_DRIFT_SHARE || (gap !== null && gap >= PERFORMANCE_GAP_ALERT);
  const notable = i.driftedFeatures > 0 || (gap !== null && gap >= PERFORMANCE_GAP_WARN) || pending > 0;
  // With alerting on the server, only a firing alert is "alerting"; without it, severe numbers are.
  if (severe && i.alerts === null) return { status: 'alerting', reasons };
  if (severe || notable) return { status: 'warning', reasons };
  return { status: 'ok', reasons: ['no drifted features, performance as estimated'] };
}
