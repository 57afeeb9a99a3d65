// Heavy reads never starve ingest (issue 15, item 13): series and drift wait their turn at the query
// gate (one at a time, a bounded queue: 429 with Retry-After past it), and ingest answers 503 with
// Retry-After while the profiler is further behind than `ingestMaxProfilerLag`, until it catches up.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '@vigil/wire';
import { createTestServer, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const T0 = Date.UTC(2026, 10, 27, 12);
const now = T0;
let s: TestServer;
/** Heavy reads may take 5 % of the time here: each read makes the next wait 19 times as long, so a burst queues. */
let slow: TestServer;
let seq = 0;

const events = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${seq++}`,
    timestamp: now - 30 * 60_000 + i * 1000,
    features: { x: (i % 17) / 17, g: i % 2 ? 'a' : 'b' },
    prediction: (i % 10) / 10,
  }));

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m', ingestMaxProfilerLag: 100 }, { clock: () => now });
  expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', g: 'categorical' } })).status).toBe(201);
  const rows = Array.from({ length: 500 }, (_, i) => ({ x: (i % 13) / 13, g: i % 3 ? 'a' : 'b' }));
  expect((await s.request('POST', '/v1/models/m/reference', { rows })).status).toBe(201);
  slow = await createTestServer({ bucket: '1m', queryShare: 0.05 }, { clock: () => now });
  expect((await slow.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', g: 'categorical' } })).status).toBe(201);
  expect((await slow.request('POST', '/v1/models/m/reference', { rows })).status).toBe(201);
  expect((await slow.request('POST', '/v1/models/m/predictions', { events: events(300) })).status).toBe(200);
  await profileAll(slow, now);
  // The burst below is about queueing at steady state: a first drift read also loads its code, and
  // at a 5 % share a 0.6 s read would hold every later one past its 10 s budget. Warm both read
  // paths once, each time letting the gate's pause after the read (19 times its length) pass.
  for (const path of [`/v1/models/m/drift?from=${now - 3_600_000}`, '/v1/models/m/series?metric=volume']) {
    const started = performance.now();
    expect((await slow.request('GET', path)).status).toBe(200);
    await new Promise((r) => setTimeout(r, (performance.now() - started) * 19 + 100));
  }
}, 120_000);
afterAll(async () => {
  await s.close();
  await slow.close();
});

describe('heavy reads and ingest', () => {
  it('answers ingest 503 with Retry-After while the profiler is too far behind, and takes it again once it caught up', async () => {
    expect((await s.request('POST', '/v1/models/m/predictions', { events: events(150) })).status).toBe(200);
    const refused = await s.request('POST', '/v1/models/m/predictions', { events: events(10) });
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const { error } = errorResponseSchema.parse(refused.body);
    expect(error.code).toBe('PROFILER_BEHIND');
    expect(error.message).toContain('ingestMaxProfilerLag');
    await profileAll(s, now);
    expect((await s.request('POST', '/v1/models/m/predictions', { events: events(10) })).status).toBe(200);
  });

  it('queues heavy reads behind one another and refuses past the queue with 429 and Retry-After', async () => {
    const paths = Array.from({ length: 45 }, (_, i) => (i % 2 ? `/v1/models/m/drift?from=${now - 3_600_000}` : '/v1/models/m/series?metric=volume'));
    const answers = await Promise.all(paths.map((p) => slow.request('GET', p)));
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((st) => st === 200 || st === 429),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(statuses.filter((st) => st === 200).length).toBeGreaterThanOrEqual(33);
    const busy = answers.filter((a) => a.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) {
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(errorResponseSchema.parse(a.body).error.code).toBe('TOO_MANY_QUERIES');
    }
    // Once the queue has drained, reads are answered again.
    await new Promise((r) => setTimeout(r, 500));
    expect((await slow.request('GET', '/v1/models/m/series?metric=volume')).status).toBe(200);
  });
});
