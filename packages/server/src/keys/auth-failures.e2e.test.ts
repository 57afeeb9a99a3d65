// Issue 15, item 9 over HTTP: an address that sends more bad keys than --auth-failure-limit allows
// is answered 429 with Retry-After, in the API's error shape.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';
import { generateKey } from './api-keys.js';

let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ authFailureLimit: 3 });
});

afterAll(async () => {
  await s.close();
});

describe('failed authentication', () => {
  it('is answered 429 with Retry-After after the limit, per client address', async () => {
    expect((await s.request('GET', '/v1/keys/me')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await s.request('GET', '/v1/models', undefined, generateKey().token)).status).toBe(401);
    const r = await s.request('GET', '/v1/models', undefined, generateKey().token);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});
