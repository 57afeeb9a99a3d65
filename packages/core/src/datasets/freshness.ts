// Whether a dataset is fresh: the age of its newest batch against its limit (its `freshness`, or
// its schedule's period). Time is passed in.

export type FreshnessStatus = 'fresh' | 'stale' | 'unknown';

export interface Freshness {
  /** `unknown` before the first batch, or when the dataset has no limit to judge by. */
  status: FreshnessStatus;
  /** Seconds since the newest batch (never negative); null before the first. */
  ageSeconds: number | null;
  limitSeconds: number | null;
}

/** A dataset is stale once its newest batch is older than the limit (strictly). */
export function freshnessOf(lastUpdateAt: number | null, now: number, limitMs: number | null): Freshness {
  const limitSeconds = limitMs === null ? null : limitMs / 1000;
  if (lastUpdateAt === null) return { status: 'unknown', ageSeconds: null, limitSeconds };
  const ageMs = Math.max(0, now - lastUpdateAt);
  const ageSeconds = ageMs / 1000;
  if (limitMs === null) return { status: 'unknown', ageSeconds, limitSeconds };
  return { status: ageMs > limitMs ? 'stale' : 'fresh', ageSeconds, limitSeconds };
}
