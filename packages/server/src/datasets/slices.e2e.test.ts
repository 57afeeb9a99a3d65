// Slices ranked against the reference: a new category that takes a fifth of the traffic leads the
// drift ranking, and the slice whose predictions go wrong leads the accuracy ranking, with its
// size and Wilson interval; segments rank beside feature values.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilsonInterval } from '@vigil/core';
import { errorResponseSchema, sliceListSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const now = Date.UTC(2026, 10, 27, 12);
let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  const features = { purpose: 'categorical', vip: 'boolean', income: 'numeric' };
  expect((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features })).status).toBe(201);
  // Reference: purpose car or house, always predicted right.
  const rows = Array.from({ length: 400 }, (_, i) => ({
    purpose: i % 2 === 0 ? 'car' : 'house',
    vip: i % 3 === 0,
    income: i,
    y: i % 2,
    p: i % 2 === 0 ? 0.1 : 0.9,
  }));
  expect((await s.request('POST', '/v1/models/credit/reference', { rows, target: 'y', prediction: 'p' })).status).toBe(201);
  // Window: 500 events; every 5th is crypto (20 %), wrong 3 times in 4; the others right.
  const events = [];
  const labels = [];
  for (let i = 0; i < 500; i++) {
    const crypto = i % 5 === 0;
    const purpose = crypto ? 'crypto' : i % 2 === 0 ? 'car' : 'house';
    const truth = i % 2;
    const wrong = crypto && i % 20 !== 0;
    const score = (truth === 1) !== wrong ? 0.9 : 0.1;
    events.push({
      id: `e${i}`,
      timestamp: now - 3_600_000 + i * 1000,
      features: { purpose, vip: i % 3 === 0, income: i },
      prediction: score,
      segment: { channel: i % 4 === 0 ? 'web' : 'app' },
    });
    labels.push({ id: `e${i}`, label: truth });
  }
  expect((await s.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
  expect((await s.request('POST', '/v1/models/credit/labels', { labels })).status).toBe(200);
});
afterAll(async () => {
  await s.close();
});

const slices = async (query: string) => {
  const r = await s.request('GET', `/v1/models/credit/slices?${query}&from=${now - 2 * 3_600_000}&to=${now}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return sliceListSchema.parse(r.body).slices;
};

describe('slices', () => {
  it('drift: the new category leads, its share against 0 in the reference', async () => {
    const ranked = await slices('metric=drift');
    const top = ranked[0]!;
    expect(top).toMatchObject({ kind: 'feature', key: 'purpose', value: 'crypto', size: 100, current: 0.2, reference: 0, change: 0.2 });
    const ci = wilsonInterval(100, 500)!;
    expect(top.lower).toBeCloseTo(ci.lower, 12);
    expect(top.upper).toBeCloseTo(ci.upper, 12);
    // car and house each fell from 50 % to 40 %; vip kept its third. No segments: the reference has none.
    expect(ranked.slice(1, 3).map((x) => [x.value, Number(x.change.toFixed(6))])).toEqual([
      ['car', -0.1],
      ['house', -0.1],
    ]);
    expect(ranked.some((x) => x.kind === 'segment')).toBe(false);
  });

  it('accuracy: the slice that goes wrong leads, with its size and interval; segments rank too', async () => {
    const ranked = await slices('metric=accuracy&minSize=20');
    const top = ranked[0]!;
    // 100 crypto events, 25 right; the reference has no crypto, so the whole reference (accuracy 1) is the baseline.
    expect(top).toMatchObject({ kind: 'feature', key: 'purpose', value: 'crypto', size: 100, current: 0.25, reference: 1, change: -0.75 });
    const ci = wilsonInterval(25, 100)!;
    expect(top.lower).toBeCloseTo(ci.lower, 12);
    expect(top.upper).toBeCloseTo(ci.upper, 12);
    const web = ranked.find((x) => x.kind === 'segment' && x.key === 'channel' && x.value === 'web');
    // Web: every 4th event.
    expect(web?.size).toBe(125);
    expect(ranked.findIndex((x) => x.value === 'crypto')).toBe(0);
  });

  it('refuses an unknown metric naming the field', async () => {
    const r = await s.request('GET', '/v1/models/credit/slices?metric=volume');
    expect(r.status).toBe(400);
    expect(errorResponseSchema.parse(r.body).error.details?.map((d) => d.path)).toEqual(['query.metric']);
  });
});
