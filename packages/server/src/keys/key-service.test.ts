// Issue 15, item 9: unknown keys must not grow memory without limit (the key cache is an LRU), and
// an address that keeps sending bad keys is answered 429 with how long to wait.

import { describe, expect, it } from 'vitest';
import { TooManyRequestsError, UnauthorizedError } from '../errors.js';
import type { Store } from '../storage/store.js';
import { generateKey } from './api-keys.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { KeyService } from './key-service.js';
import { LruMap } from './lru-map.js';

/** A store that knows no keys: every lookup misses. */
const emptyStore = { findKey: async () => undefined } as unknown as Store;
/** Change sequences that never move: cached keys stay valid. */
const still = { current: async () => 0 };
const bearer = () => `Bearer ${generateKey().token}`;

describe('LruMap', () => {
  it('drops the least recently used entry beyond its capacity', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect(m.size).toBe(2);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('c')).toBe(3);
  });
});

describe('AuthFailureLimiter', () => {
  it('blocks an address after `limit` failures until its window ends, others unaffected', () => {
    let now = 0;
    const l = new AuthFailureLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(l.blockedFor('10.0.0.1')).toBeUndefined();
      l.fail('10.0.0.1');
    }
    now = 20_000;
    expect(l.blockedFor('10.0.0.1')).toBe(40_000);
    expect(l.blockedFor('10.0.0.2')).toBeUndefined();
    now = 60_000;
    expect(l.blockedFor('10.0.0.1')).toBeUndefined();
  });
  it('remembers a bounded number of addresses', () => {
    const l = new AuthFailureLimiter({ limit: 3, maxClients: 100 });
    for (let i = 0; i < 1000; i++) l.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(l.size).toBe(100);
  });
  it('is off at limit 0', () => {
    const l = new AuthFailureLimiter({ limit: 0 });
    for (let i = 0; i < 10; i++) l.fail('a');
    expect(l.blockedFor('a')).toBeUndefined();
  });
});

describe('KeyService', () => {
  it('keeps at most cacheSize keys however many unknown keys are tried', async () => {
    const keys = new KeyService({ store: emptyStore, clock: () => 0, cacheSize: 50, authFailureLimit: 0, changes: still });
    for (let i = 0; i < 2000; i++) await expect(keys.authenticate(bearer(), '127.0.0.1')).rejects.toThrow(UnauthorizedError);
    expect(keys.cachedKeys).toBe(50);
  });
  it('answers 429 with a wait once an address has failed too often', async () => {
    let now = 1_000_000;
    const keys = new KeyService({ store: emptyStore, clock: () => 0, authFailureLimit: 5, now: () => now, changes: still });
    for (let i = 0; i < 5; i++) await expect(keys.authenticate(bearer(), '192.0.2.1')).rejects.toThrow(UnauthorizedError);
    const err = await keys.authenticate(bearer(), '192.0.2.1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 60 });
    // Another address is not affected; a missing key is not counted (nothing to look up).
    await expect(keys.authenticate(bearer(), '192.0.2.2')).rejects.toThrow(UnauthorizedError);
    now += 60_000;
    await expect(keys.authenticate(bearer(), '192.0.2.1')).rejects.toThrow(UnauthorizedError);
  });
});
