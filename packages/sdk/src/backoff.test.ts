import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfterMs, sleep } from './backoff.js';

describe('backoffDelayMs', () => {
  it('draws uniformly below a ceiling that doubles per attempt and stops at the cap', () => {
    // random() = 0.5 gives half the ceiling: 100·2^(n−1)/2, capped at 1000/2.
    const half = (n: number) => backoffDelayMs(n, 100, 1000, () => 0.5);
    expect([1, 2, 3, 4, 5, 6].map(half)).toEqual([50, 100, 200, 400, 500, 500]);
    // Full jitter: the whole range [0, ceiling) is reachable.
    expect(backoffDelayMs(3, 100, 1000, () => 0)).toBe(0);
    expect(backoffDelayMs(3, 100, 1000, () => 0.999999)).toBe(399);
  });

  it('stays within [0, ceiling) with the real random source', () => {
    for (let i = 0; i < 1000; i++) {
      const d = backoffDelayMs(4, 10, 10_000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(80);
    }
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 10, 27, 10, 0, 0);
  it('reads delay-seconds, including fractions some servers send', () => {
    expect(parseRetryAfterMs('0', now)).toBe(0);
    expect(parseRetryAfterMs('1', now)).toBe(1000);
    expect(parseRetryAfterMs(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });
  it('gives up on absent or unreadable values', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts', async () => {
    const c = new AbortController();
    const t0 = performance.now();
    const p = sleep(10_000, c.signal);
    setTimeout(() => c.abort(), 10);
    await p;
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(c.signal.aborted).toBe(true);
  });
});
