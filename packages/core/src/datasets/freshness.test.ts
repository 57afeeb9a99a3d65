import { describe, expect, it } from 'vitest';
import { freshnessOf } from './freshness.js';

describe('freshnessOf', () => {
  const t0 = Date.UTC(2026, 0, 1);
  it('is fresh up to the limit and stale strictly past it', () => {
    expect(freshnessOf(t0, t0 + 4000, 4000)).toEqual({ status: 'fresh', ageSeconds: 4, limitSeconds: 4 });
    expect(freshnessOf(t0, t0 + 4001, 4000)).toEqual({ status: 'stale', ageSeconds: 4.001, limitSeconds: 4 });
    expect(freshnessOf(t0, t0 + 6000, 4000).status).toBe('stale');
  });
  it('is unknown before the first batch, and without a limit (the age is still told)', () => {
    expect(freshnessOf(null, t0, 4000)).toEqual({ status: 'unknown', ageSeconds: null, limitSeconds: 4 });
    expect(freshnessOf(t0, t0 + 1500, null)).toEqual({ status: 'unknown', ageSeconds: 1.5, limitSeconds: null });
  });
  it('never reads a negative age (a batch stamped after now)', () => {
    expect(freshnessOf(t0 + 10, t0, 1000)).toEqual({ status: 'fresh', ageSeconds: 0, limitSeconds: 1 });
  });
});
