// The guide's data-quality table as monitors: `schema` (any violation counted at ingest, refused
// batches included), `cardinality` (distinct count change over 10 % against the reference) and
// `out_of_range` (over 1 % of values outside the reference's range). Each fires on a model whose
// traffic breaks its rule and stays quiet on one whose traffic keeps it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertListSchema, monitorSchema } from '@vigil/wire';
import { createTestServer, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const MIN = 60_000;
const now = Date.UTC(2026, 10, 27, 12);
let s: TestServer;
const CATEGORIES = 'abcdefghijkl'.split('');

/** 200 events of the last half hour: x cycles over [0, 10] (every 20th at `outlier` when given), c over the first `categories` letters. */
function events(prefix: string, categories: number, outlier?: number) {
  return Array.from({ length: 200 }, (_, i) => ({
    id: `${prefix}${i}`,
    timestamp: now - 30 * MIN + i * 1000,
    features: { x: outlier !== undefined && i % 20 === 0 ? outlier : i % 11, c: CATEGORIES[i % categories] },
    prediction: 0.5,
  }));
}

async function setUp(model: string, categories: number, outlier?: number) {
  expect((await s.request('POST', '/v1/models', { name: model, type: 'binary', features: { x: 'numeric', c: 'categorical' } })).status).toBe(201);
  const rows = Array.from({ length: 200 }, (_, i) => ({ x: i % 11, c: CATEGORIES[i % 10], y: i % 2, p: 0.5 }));
  expect((await s.request('POST', `/v1/models/${model}/reference`, { rows, target: 'y', prediction: 'p' })).status).toBe(201);
  const r = await s.request('POST', `/v1/models/${model}/predictions`, { events: events(model, categories, outlier) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function monitor(body: Record<string, unknown>) {
  const r = await s.request('POST', '/v1/monitors', { window: '1h', interval: '1m', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** The firing alerts of a monitor as `feature=value` (or the value alone for model-wide series). */
async function firing(name: string): Promise<string[]> {
  const alerts = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts.filter((a) => a.labels['monitor'] === name);
  return alerts.map((a) => (a.labels['feature'] === undefined ? String(a.value) : `${a.labels['feature']}=${a.value}`)).sort();
}

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  await setUp('steady', 10);
  // 5 % of x at 20, outside the reference's [0, 10]; 12 categories where the reference has 10.
  await setUp('shifted', 12, 20);
  // Violations at ingest: a refused batch (a text where x is numeric) and an accepted one missing c and carrying an unknown feature.
  const refused = await s.request('POST', '/v1/models/shifted/predictions', {
    events: [{ id: 'bad', timestamp: now - MIN, features: { x: 'ten', c: 'a' }, prediction: 0.5 }],
  });
  expect(refused.status).toBe(400);
  const odd = await s.request('POST', '/v1/models/shifted/predictions', {
    events: [{ id: 'odd', timestamp: now - MIN, features: { x: 1, extra: 2 }, prediction: 0.5 }],
  });
  expect(odd.status).toBe(200);
  await profileAll(s, now);
  for (const model of ['steady', 'shifted']) {
    await monitor({ name: `range-${model}`, model, type: 'out_of_range' });
    await monitor({ name: `card-${model}`, model, type: 'cardinality' });
    await monitor({ name: `schema-${model}`, model, type: 'schema' });
  }
  await s.services.alerting.tick(now);
});
afterAll(async () => {
  await s.close();
});

describe('data-quality monitors', () => {
  it('out_of_range fires above 1 % of values outside the reference range, and not within it', async () => {
    expect(await firing('range-steady')).toEqual([]);
    expect(monitorSchema.parse((await s.request('GET', '/v1/monitors/range-steady')).body).health).toBe('ok');
    // 10 of the 201 stored events lie at 20 (the accepted odd event's x = 1 is inside).
    const [alert] = await firing('range-shifted');
    expect(alert).toMatch(/^x=0\.04/);
  });

  it('cardinality fires on a distinct count moved more than 10 %, and not on a steady one', async () => {
    expect(await firing('card-steady')).toEqual([]);
    const [alert] = await firing('card-shifted');
    expect(alert?.startsWith('c=0.2')).toBe(true);
  });

  it('schema fires on any violation counted at ingest, refused batches included, and not without', async () => {
    expect(await firing('schema-steady')).toEqual([]);
    // The refused batch's type contradiction, then the accepted event's missing c and unknown extra.
    expect(await firing('schema-shifted')).toEqual(['3']);
    expect(monitorSchema.parse((await s.request('GET', '/v1/monitors/schema-shifted')).body).lastDetails).toEqual({ type: 1, unknown: 1, missing: 1 });
  });
});
