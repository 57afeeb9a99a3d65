// Issue 15, item 12: matcher regexes are user input and run on every alert list, so they must run in
// linear time. `(a+)+b` against 27 a's backtracks for seconds on a backtracking engine.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertListSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MODEL = 'a'.repeat(27);
let now = Date.UTC(2026, 10, 27, 12);
let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({}, { clock: () => now });
  expect((await s.request('POST', '/v1/models', { name: MODEL, type: 'regression' })).status).toBe(201);
  // A volume monitor that fires at once: no traffic at all in the window.
  const monitor = { name: 'no-traffic', model: MODEL, type: 'volume', min: 1, window: '5m', interval: '30s' };
  expect((await s.request('POST', '/v1/monitors', monitor)).status).toBe(201);
  await s.services.alerting.tick(now);
  now += 30_000;
  await s.services.alerting.tick(now);
  const silence = { matchers: ['model=~"(a+)+b"'], duration: '1h', createdBy: 'me', comment: 'ReDoS probe' };
  expect((await s.request('POST', '/v1/silences', silence)).status).toBe(201);
});

afterAll(async () => {
  await s.close();
});

describe('a silence with a pathological regex', () => {
  it('lets GET /v1/alerts answer in under 100 ms, judging the silence as RE2 does', async () => {
    const start = performance.now();
    const r = await s.request('GET', '/v1/alerts');
    const elapsed = performance.now() - start;
    expect(r.status).toBe(200);
    const alerts = alertListSchema.parse(r.body).alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ model: MODEL, silenced: false });
    expect(elapsed).toBeLessThan(100);
  });
});
