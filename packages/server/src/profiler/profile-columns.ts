// How a bucket profile is laid out: its sketch sizes and the names of its columns.

/** Sketch sizes of bucket profiles: smaller than batch reports', since there are many buckets. */
export const BUCKET_PROFILE_OPTIONS = { kllK: 256, hllP: 10, lgMaxMapSize: 8 } as const;

/** Column names inside a bucket profile: features are `f.<name>`; the rest are Vigil's own. */
export const PROFILE_COLUMNS = {
  feature: (name: string) => `f.${name}`,
  score: 'p.score',
  label: 'p.label',
  latency: 'm.latency_ms',
  cost: 'm.cost_usd',
} as const;
