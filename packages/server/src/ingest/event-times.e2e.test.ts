// Events whose own timestamps lie far from the server's clock (year 1, year 275760) are refused
// whole, naming each one, and nothing is written; the window is configurable.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 86_400_000;
let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ eventMaxAhead: '1h' }, { clock: () => NOW });
  expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary' })).status).toBe(201);
});
afterAll(() => s.close());

const event = (id: string, timestamp: string | number) => ({ id, timestamp, features: { x: 1 }, prediction: 0.5 });

describe('event timestamps', () => {
  it('refuses predictions of year 1 and year 275760, naming each, and writes none of the batch', async () => {
    const r = await s.request('POST', '/v1/models/m/predictions', {
      events: [event('ok', NOW - DAY), event('y1', '0001-01-01T00:00:00Z'), event('far', 8.64e15), event('soon', NOW + 2 * 3_600_000)],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(['events[1].timestamp', 'events[2].timestamp', 'events[3].timestamp']);
    expect(r.body.error.message).toContain('3 invalid item(s) in the batch; nothing was written');
    expect((await s.request('GET', '/v1/models/m/predictions/ok')).status).toBe(404);
  });

  it('takes events inside the window: ten years back by default, an hour ahead as configured, and events without a time', async () => {
    const r = await s.request('POST', '/v1/models/m/predictions', {
      events: [event('old', NOW - 3600 * DAY), event('ahead', NOW + 3_000_000), { id: 'now', features: { x: 1 }, prediction: 0.5 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accepted).toBe(3);
  });

  it('applies the same window to labels and custom metrics', async () => {
    const labels = await s.request('POST', '/v1/models/m/labels', { labels: [{ id: 'old', label: 1, timestamp: '0001-01-01T00:00:00Z' }] });
    expect(labels.status).toBe(400);
    expect(labels.body.error.details[0].path).toBe('labels[0].timestamp');
    const metrics = await s.request('POST', '/v1/models/m/metrics', { metrics: [{ name: 'revenue', value: 1, timestamp: 8.64e15 }] });
    expect(metrics.status).toBe(400);
    expect(metrics.body.error.details[0].path).toBe('metrics[0].timestamp');
  });
});
