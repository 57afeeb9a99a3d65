// `GET /v1/alerts?segment=key:value` (repeatable, ANDed) keeps the alerts whose labels carry every
// pair: monitors judge a whole model, so a monitor about a segment carries it in its `labels`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertListSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);
const now = T0 + 2 * HOUR;

let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ bucket: '1h' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } });
  const events = Array.from({ length: 20 }, (_, i) => ({
    id: `e${i}`,
    timestamp: T0 + i * 1000,
    features: { x: i },
    prediction: 0.5,
    segment: { channel: 'web' },
  }));
  expect((await s.request('POST', '/v1/models/m/predictions', { events })).status).toBe(200);
  await s.profiler.catchUp(now);
});
afterAll(async () => s.close());

async function alerts(query: string) {
  const r = await s.request('GET', `/v1/alerts${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return alertListSchema.parse(r.body).alerts;
}

describe('alerts with segment=', () => {
  it('keeps the alerts whose labels carry every pair', async () => {
    for (const [name, labels] of [
      ['web-volume', { channel: 'web' }],
      ['all-volume', {}],
    ] as const) {
      const r = await s.request('POST', '/v1/monitors', { name, model: 'm', type: 'volume', window: '3h', max: 1, labels });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await s.services.alerting.tick(now);
    const all = await alerts('');
    expect(all.map((a) => a.labels['monitor']).sort()).toEqual(['all-volume', 'web-volume']);
    const web = await alerts('?segment=channel:web');
    expect(web.map((a) => a.labels['monitor'])).toEqual(['web-volume']);
    expect(await alerts('?segment=channel:web&segment=region:eu')).toEqual([]);
    const bad = await s.request('GET', '/v1/alerts?segment=web');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.segment');
  });
});
