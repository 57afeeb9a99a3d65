// Training–serving skew on both stores: served events joined to a dataset's rows as of their time.
// A known share of events differs from the dataset on one feature and not on the others; the
// dataset has two batches an hour apart, so only the point-in-time join gives these answers (joining
// every event to the newest row would make every early event differ). Plus the skew monitor, the
// segment and slice filters, and refusals naming the field.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertListSchema, errorResponseSchema, skewResponseSchema } from '@vigil/wire';
import { createTestServerOn, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const T0 = Date.UTC(2026, 10, 27, 9);
const MIN = 60_000;
const N = 100;
const PURPOSES = ['car', 'house', 'crypto', 'education'];

/** The dataset's value of a customer's income in batch `b` (0: as of T0, 1: as of T0 + 1 h). */
const income = (i: number, b: number) => 1000 * (b + 1) + i + 0.25;

describe.each(['sqlite', 'postgres'] as const)('skew on %s', (kind) => {
  let s: TestServer;
  let now = T0 + 3 * 60 * MIN;

  const skew = async (query: string) => {
    const r = await s.request('GET', `/v1/models/credit/skew?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return skewResponseSchema.parse(r.body);
  };

  beforeAll(async () => {
    s = await createTestServerOn(kind, { bucket: '1m' }, { clock: () => now });
    const features = { customer: 'categorical', income: 'numeric', purpose: 'categorical', age: 'numeric' };
    expect((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features })).status).toBe(201);
    const def = { name: 'profiles', entityKey: 'customer', timestampColumn: 'ts', features: { income: 'numeric', purpose: 'categorical', age: 'numeric' } };
    expect((await s.request('POST', '/v1/datasets', def)).status).toBe(201);
    // The second batch (rows as of T0 + 1 h) is posted first: rows join by their own time, not by arrival.
    for (const b of [1, 0]) {
      const rows = Array.from({ length: N }, (_, i) => ({
        customer: `c${i}`,
        ts: new Date(T0 + b * 60 * MIN).toISOString(),
        income: income(i, b),
        purpose: PURPOSES[i % 4],
        age: 20 + (i % 50),
      }));
      const r = await s.request('POST', '/v1/datasets/profiles/rows', { rows });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // 100 events at T0 + 30 min (as of batch 0) and 100 at T0 + 90 min (as of batch 1); every 8th
    // event's income is 5 off: 25 of 200. One more event matches within a relative 1e-12.
    const events = [];
    for (let k = 0; k < 2 * N; k++) {
      const i = k % N;
      const b = k < N ? 0 : 1;
      const off = k % 8 === 0 ? 5 : 0;
      const value = k === 1 ? income(i, b) * (1 + 1e-12) : income(i, b) + off;
      events.push({
        id: `e${k}`,
        timestamp: T0 + (b === 0 ? 30 : 90) * MIN + i,
        features: { customer: `c${i}`, income: value, purpose: PURPOSES[i % 4], age: 20 + (i % 50) },
        prediction: 0.5,
        segment: { channel: i % 2 === 0 ? 'web' : 'app' },
      });
    }
    // Unmatched: an unknown customer, and a known one before its first row.
    events.push({ id: 'u1', timestamp: T0 + 30 * MIN, features: { customer: 'nobody', income: 1, purpose: 'car', age: 30 }, prediction: 0.5 });
    events.push({ id: 'u2', timestamp: T0 - MIN, features: { customer: 'c1', income: 1, purpose: 'car', age: 30 }, prediction: 0.5 });
    const r = await s.request('POST', '/v1/models/credit/predictions', { events });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await profileAll(s, now);
  });
  afterAll(async () => {
    await s.close();
  });

  const window = `from=${T0 - 10 * MIN}&to=${T0 + 2 * 60 * MIN}`;

  it('gives the known mismatch share on the differing feature and 0 on the others', async () => {
    const r = await skew(`dataset=profiles&${window}`);
    expect(r.joined).toBe(200);
    expect(r.unmatched).toBe(2);
    expect(r.features.map((f) => f.name)).toEqual(['age', 'income', 'purpose']);
    const [age, inc, purpose] = r.features;
    expect(inc).toEqual({
      name: 'income',
      compared: 200,
      mismatchShare: 25 / 200,
      meanAbsDiff: expect.closeTo((25 * 5) / 200, 9),
      p95AbsDiff: expect.closeTo(5, 9),
    });
    expect(age).toEqual({ name: 'age', compared: 200, mismatchShare: 0, meanAbsDiff: 0, p95AbsDiff: 0 });
    expect(purpose).toEqual({ name: 'purpose', compared: 200, mismatchShare: 0 });
  });

  it('joins as of each event: only the early half joined to the first rows', async () => {
    const early = await skew(`dataset=profiles&from=${T0}&to=${T0 + 60 * MIN}`);
    expect(early.joined).toBe(100);
    expect(early.features.find((f) => f.name === 'income')!.mismatchShare).toBe(13 / 100);
    const late = await skew(`dataset=profiles&from=${T0 + 60 * MIN}&to=${T0 + 2 * 60 * MIN}`);
    expect(late.joined).toBe(100);
    expect(late.features.find((f) => f.name === 'income')!.mismatchShare).toBe(12 / 100);
  });

  it('takes segment and slice filters', async () => {
    const web = await skew(`dataset=profiles&${window}&segment=channel:web`);
    expect(web.joined).toBe(100);
    // Every 8th event: k = 0, 8, …; all have an even customer index, so all are on the web.
    expect(web.features.find((f) => f.name === 'income')!.mismatchShare).toBe(25 / 100);
    const crypto = await skew(`dataset=profiles&${window}&slice=purpose:crypto`);
    expect(crypto.joined).toBe(50);
    expect(crypto.features.find((f) => f.name === 'income')!.mismatchShare).toBe(0);
  });

  it('refuses an unknown dataset, one without an entity key, and a bad slice, naming the field', async () => {
    expect((await s.request('POST', '/v1/datasets', { name: 'keyless', features: { income: 'numeric' } })).status).toBe(201);
    for (const [query, path] of [
      ['dataset=nope', 'query.dataset'],
      ['dataset=keyless', 'query.dataset'],
      ['dataset=profiles&slice=purpose', 'query.slice'],
      ['', 'query.dataset'],
    ] as const) {
      const r = await s.request('GET', `/v1/models/credit/skew?${query}`);
      expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(errorResponseSchema.parse(r.body).error.details?.map((d) => d.path)).toContain(path);
    }
    expect((await s.request('GET', '/v1/models/nope/skew?dataset=profiles')).status).toBe(404);
  });

  it('the skew monitor fires on the differing feature only, and not above its threshold', async () => {
    now = T0 + 2 * 60 * MIN;
    const base = { model: 'credit', type: 'skew', dataset: 'profiles', window: '3h', interval: '1m' };
    expect((await s.request('POST', '/v1/monitors', { ...base, name: 'skew-strict', threshold: 0.1 })).status).toBe(201);
    expect((await s.request('POST', '/v1/monitors', { ...base, name: 'skew-loose', threshold: 0.2 })).status).toBe(201);
    const bad = await s.request('POST', '/v1/monitors', { ...base, name: 'skew-bad', dataset: 'keyless' });
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(bad.body).error.details?.map((d) => d.path)).toEqual(['dataset']);
    await s.services.alerting.tick(now);
    const firing = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts;
    expect(firing.map((a) => [a.labels['monitor'], a.labels['feature'], a.value])).toEqual([['skew-strict', 'income', 0.125]]);
    expect(firing[0]!.annotations['summary']).toContain('12.5 %');
  });
});
