// `segment=key:value` (repeatable, ANDed) on series, drift and custom metrics, and the list of a
// window's segments: each answer equals the unfiltered computation on the matching rows only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftPreset } from '@vigil/core';
import type { Table } from '@vigil/core';
import { createRng, mean } from '@vigil/stats';
import { driftResponseSchema, segmentListSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);
const now = T0 + 2 * HOUR;
const rng = createRng(3);

interface Event {
  x: number;
  city: string;
  segment?: Record<string, string>;
}

// web traffic is shifted in x; app traffic is like the reference; some events carry no segment.
const events: Event[] = Array.from({ length: 900 }, (_, i) => {
  const kind = i % 3;
  const city = ['Lyon', 'Paris', 'Nice'][Math.floor(rng.next() * 3)]!;
  if (kind === 0) return { x: rng.next() + 0.5, city, segment: { channel: 'web', region: i % 2 === 0 ? 'eu' : 'us' } };
  if (kind === 1) return { x: rng.next(), city, segment: { channel: 'app', region: 'eu' } };
  return { x: rng.next(), city };
});
const reference = Array.from({ length: 1500 }, () => ({ x: rng.next(), city: ['Lyon', 'Paris', 'Nice'][Math.floor(rng.next() * 3)]! }));

const has = (e: Event, pairs: Record<string, string>) => Object.entries(pairs).every(([k, v]) => e.segment?.[k] === v);

let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ bucket: '1h' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', city: 'categorical' } });
  expect((await s.request('POST', '/v1/models/m/reference', { rows: reference })).status).toBe(201);
  const batch = events.map((e, i) => ({
    id: `e${i}`,
    timestamp: T0 + i * 1000,
    features: { x: e.x, city: e.city },
    prediction: 0.5,
    ...(e.segment !== undefined && { segment: e.segment }),
  }));
  expect((await s.request('POST', '/v1/models/m/predictions', { events: batch })).status).toBe(200);
  const metrics = [
    { name: 'gpu_util', value: 0.2, timestamp: T0, labels: { channel: 'web' } },
    { name: 'gpu_util', value: 0.4, timestamp: T0 + 1000, labels: { channel: 'app' } },
    { name: 'gpu_util', value: 0.6, timestamp: T0 + 2000 },
  ];
  expect((await s.request('POST', '/v1/models/m/metrics', { metrics })).status).toBe(200);
  await s.profiler.catchUp(now);
});
afterAll(async () => s.close());

async function get(path: string) {
  const r = await s.request('GET', path);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as unknown;
}

const window = `from=${T0}&to=${now}`;

describe('series with segment=', () => {
  it('merges only the profiles of matching segments', async () => {
    const all = seriesResponseSchema.parse(await get(`/v1/models/m/series?metric=volume&step=2h&${window}`));
    const web = seriesResponseSchema.parse(await get(`/v1/models/m/series?metric=volume&step=2h&${window}&segment=channel:web`));
    expect(all.points[0]!.value).toBe(900);
    expect(web.points[0]!.value).toBe(events.filter((e) => has(e, { channel: 'web' })).length);
    const mean_ = seriesResponseSchema.parse(await get(`/v1/models/m/series?metric=feature_mean&feature=x&step=2h&${window}&segment=channel:web`));
    expect(mean_.points[0]!.value).toBeCloseTo(mean(events.filter((e) => has(e, { channel: 'web' })).map((e) => e.x)), 9);
  });

  it('ANDs repeated pairs', async () => {
    const r = seriesResponseSchema.parse(await get(`/v1/models/m/series?metric=volume&step=2h&${window}&segment=channel:web&segment=region:eu`));
    expect(r.points[0]!.value).toBe(events.filter((e) => has(e, { channel: 'web', region: 'eu' })).length);
    const none = seriesResponseSchema.parse(await get(`/v1/models/m/series?metric=volume&step=2h&${window}&segment=channel:tv`));
    expect(none.points).toEqual([]);
  });

  it('keeps the custom metric points whose labels carry the pairs', async () => {
    const r = seriesResponseSchema.parse(await get(`/v1/models/m/series?metric=custom:gpu_util&${window}&segment=channel:app`));
    expect(r.points.map((p) => p.value)).toEqual([0.4]);
  });

  it('refuses a pair without a colon, naming query.segment', async () => {
    const r = await s.request('GET', `/v1/models/m/series?metric=volume&${window}&segment=channelweb`);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('query.segment');
  });
});

describe('drift with segment=', () => {
  it('tests only the events of matching segments, exactly as the batch report on those rows', async () => {
    const d = driftResponseSchema.parse(await get(`/v1/models/m/drift?${window}&segment=channel:web`));
    const web = events.filter((e) => has(e, { channel: 'web' }));
    expect(d.rows).toBe(web.length);
    const table = (rows: { x: number; city: string }[]): Table => ({
      rowCount: rows.length,
      columns: [
        { name: 'x', values: Float64Array.from(rows, (r) => r.x) },
        { name: 'city', values: rows.map((r) => r.city) },
      ],
    });
    const expected = driftPreset(table(reference), table(web), { columns: ['x', 'city'], columnTypes: { x: 'numerical', city: 'categorical' } });
    for (const c of expected.columns) expect(d.features.find((f) => f.name === c.name)!.score).toBeCloseTo(c.score, 12);
    expect(d.features.find((f) => f.name === 'x')!.drifted).toBe(true);
    const app = driftResponseSchema.parse(await get(`/v1/models/m/drift?${window}&segment=channel:app`));
    expect(app.rows).toBe(events.filter((e) => has(e, { channel: 'app' })).length);
    expect(app.features.find((f) => f.name === 'x')!.drifted).toBe(false);
  });

  it('answers an empty window for a segment with no events', async () => {
    const d = driftResponseSchema.parse(await get(`/v1/models/m/drift?${window}&segment=channel:tv`));
    expect(d.rows).toBe(0);
    expect(d.features).toEqual([]);
  });
});

describe('GET /segments', () => {
  it('lists each key with its values and their events, the busiest first', async () => {
    const r = segmentListSchema.parse(await get(`/v1/models/m/segments?${window}`));
    expect(r.segments).toEqual([
      {
        key: 'channel',
        values: [
          { value: 'app', rows: 300 },
          { value: 'web', rows: 300 },
        ],
        more: 0,
      },
      {
        key: 'region',
        values: [
          { value: 'eu', rows: events.filter((e) => has(e, { region: 'eu' })).length },
          { value: 'us', rows: events.filter((e) => has(e, { region: 'us' })).length },
        ],
        more: 0,
      },
    ]);
    const cut = segmentListSchema.parse(await get(`/v1/models/m/segments?${window}&limit=1`));
    expect(cut.segments[1]).toEqual({ key: 'region', values: [{ value: 'eu', rows: 450 }], more: 1 });
  });
});
