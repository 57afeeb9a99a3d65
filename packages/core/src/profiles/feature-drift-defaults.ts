// Drift of one feature between two profiles, with Evidently's defaults for large data: normed
// Wasserstein (distance ÷ reference std, threshold 0.1) for numeric features, Jensen–Shannon
// distance (natural log, threshold 0.1) for the others. Series, monitors and /metrics read drift
// from bucket profiles through this one function.

import { jensenShannonDistance } from '@vigil/stats';
import type { FeatureType } from '@vigil/wire';
import type { ColumnProfile } from './column-profile.js';
import { categoricalProfileDrift, numericDriftScore, prepareNumericReference } from './profile-drift.js';
import type { NumericDriftReference } from './profile-drift.js';

/** The method and threshold each kind of feature gets. */
export const PROFILE_DRIFT_DEFAULTS = {
  numeric: { method: 'wasserstein', threshold: 0.1 },
  categorical: { method: 'jensenshannon', threshold: 0.1 },
} as const;

export interface ProfileFeatureDrift {
  feature: string;
  type: FeatureType;
  method: 'wasserstein' | 'jensenshannon';
  score: number;
  threshold: number;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
  psi: number;
}

/** Prepared reference columns: one series compares the same reference with every step. */
const prepared = new WeakMap<ColumnProfile, { n: number; prepared: NumericDriftReference }>();

function preparedReference(column: ColumnProfile): NumericDriftReference {
  const hit = prepared.get(column);
  // A profile that took more values since it was prepared is prepared again.
  if (hit !== undefined && hit.n === column.kll.n) return hit.prepared;
  const p = prepareNumericReference(column);
  prepared.set(column, { n: column.kll.n, prepared: p });
  return p;
}

/** Drift of `feature` (of `type`) from its reference and current columns; null when a side has no values. */
export function profileFeatureDrift(
  reference: ColumnProfile | undefined,
  current: ColumnProfile | undefined,
  feature: string,
  type: FeatureType,
): ProfileFeatureDrift | null {
  if (reference === undefined || current === undefined) return null;
  if (type === 'numeric' && reference.moments.n > 0 && current.moments.n > 0) {
    const { method, threshold } = PROFILE_DRIFT_DEFAULTS.numeric;
    const d = numericDriftScore(preparedReference(reference), current);
    const std = reference.moments.std();
    const score = std > 0 ? d.wasserstein / std : d.wasserstein > 0 ? Infinity : 0;
    return { feature, type, method, score, threshold, drifted: score >= threshold, referenceCount: d.referenceCount, currentCount: d.currentCount, psi: d.psi };
  }
  if (type === 'numeric' || reference.frequent.streamWeight === 0 || current.frequent.streamWeight === 0) return null;
  const { method, threshold } = PROFILE_DRIFT_DEFAULTS.categorical;
  const d = categoricalProfileDrift(reference, current);
  const score = jensenShannonDistance(d.referenceShares, d.currentShares);
  return { feature, type, method, score, threshold, drifted: score >= threshold, referenceCount: d.referenceCount, currentCount: d.currentCount, psi: d.psi };
}
