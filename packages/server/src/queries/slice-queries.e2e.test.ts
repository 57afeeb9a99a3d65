// `slice=feature:value` (repeatable, ANDed) on series (volume, feature means, realized accuracy)
// and drift, on both stores: each answer equals the same computation on only the matching events of
// the generated traffic. Also `segment=` repeated (AND) on drift and performance, slices combined with
// segments, and the refusals naming `query.slice` (unknown feature, a value the type cannot hold,
// metrics not read from events, a window past `querySliceMaxEvents`).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftPreset } from '@vigil/core';
import type { Table } from '@vigil/core';
import { accuracyScore, createRng, mean } from '@vigil/stats';
import { driftResponseSchema, errorResponseSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServer, createTestServerOn, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23);
const now = T0 + 2 * HOUR;
const CITIES = ['Lyon', 'Paris', 'Nice'];
const rng = createRng(19);

interface Event {
  t: number;
  x: number;
  city: string;
  member: boolean;
  age: number;
  score: number;
  truth: number | null;
  segment?: Record<string, string>;
}

// Paris traffic is shifted in x; two thirds of the events are labelled; most carry a segment.
const events: Event[] = Array.from({ length: 1200 }, (_, i) => {
  const city = CITIES[Math.floor(rng.next() * 3)]!;
  const x = rng.next() + (city === 'Paris' ? 0.6 : 0);
  const score = rng.next();
  const truth = i % 3 === 2 ? null : rng.next() < x / 1.6 ? 1 : 0;
  const e: Event = { t: T0 + i * 6000, x, city, member: rng.next() < 0.4, age: 20 + Math.floor(rng.next() * 10), score, truth };
  if (i % 4 !== 3) e.segment = { channel: i % 4 === 0 ? 'app' : 'web', region: rng.next() < 0.5 ? 'eu' : 'us' };
  return e;
});
const reference = Array.from({ length: 1000 }, () => ({
  x: rng.next(),
  city: CITIES[Math.floor(rng.next() * 3)]!,
  member: rng.next() < 0.4,
  age: 20 + Math.floor(rng.next() * 10),
}));

const inSegment = (e: Event, pairs: Record<string, string>) => Object.entries(pairs).every(([k, v]) => e.segment?.[k] === v);
const hours = [0, 1].map((h) => new Date(T0 + h * HOUR).toISOString());
const inHour = (e: Event, h: number) => e.t >= T0 + h * HOUR && e.t < T0 + (h + 1) * HOUR;

/** Realized accuracy per hour of the labelled events of `of`, as the series gives it (score ≥ 0.5 predicts 1). */
function accuracyPerHour(of: Event[]): (number | null)[] {
  return [0, 1].map((h) => {
    const labelled = of.filter((e) => inHour(e, h) && e.truth !== null);
    return labelled.length === 0
      ? null
      : accuracyScore(
          labelled.map((e) => e.truth!),
          labelled.map((e) => (e.score >= 0.5 ? 1 : 0)),
        );
  });
}

/** One point per hour, each close to its expected value. */
function expectPerHour(answer: { points: { t: string; value: number | null }[] }, expected: (number | null)[]): void {
  expect(answer.points.map((p) => p.t)).toEqual(hours);
  for (const [h, p] of answer.points.entries()) {
    expect(expected[h]).not.toBeNull();
    expect(p.value).toBeCloseTo(expected[h]!, 12);
  }
}

/** The batch report's drift of `of` against the reference, on x and city. */
function expectedDrift(of: Event[]) {
  const table = (rows: readonly { x: number; city: string }[]): Table => ({
    rowCount: rows.length,
    columns: [
      { name: 'x', values: Float64Array.from(rows, (r) => r.x) },
      { name: 'city', values: rows.map((r) => r.city) },
    ],
  });
  return driftPreset(table(reference), table(of), { columns: ['x', 'city'], columnTypes: { x: 'numerical', city: 'categorical' } });
}

describe.each(['sqlite', 'postgres'] as const)('slice= and segment= on %s', (kind) => {
  let s: TestServer;

  async function get(path: string) {
    const r = await s.request('GET', path);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as unknown;
  }
  const series = async (query: string) => seriesResponseSchema.parse(await get(`/v1/models/m/series?from=${T0}&to=${now}&step=1h&${query}`));
  const drift = async (query: string) => driftResponseSchema.parse(await get(`/v1/models/m/drift?from=${T0}&to=${now}&${query}`));
  async function refused(path: string) {
    const r = await s.request('GET', path);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    return errorResponseSchema.parse(r.body).error;
  }

  beforeAll(async () => {
    s = await createTestServerOn(kind, { bucket: '1h' }, { clock: () => now });
    const features = { x: 'numeric', city: 'categorical', member: 'boolean', age: 'numeric' };
    expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features })).status).toBe(201);
    expect((await s.request('POST', '/v1/models/m/reference', { rows: reference })).status).toBe(201);
    const batch = events.map((e, i) => ({
      id: `e${i}`,
      timestamp: e.t,
      features: { x: e.x, city: e.city, member: e.member, age: e.age },
      prediction: e.score,
      ...(e.segment !== undefined && { segment: e.segment }),
    }));
    for (let i = 0; i < batch.length; i += 500)
      expect((await s.request('POST', '/v1/models/m/predictions', { events: batch.slice(i, i + 500) })).status).toBe(200);
    const labels = events.flatMap((e, i) => (e.truth === null ? [] : [{ id: `e${i}`, label: e.truth }]));
    expect((await s.request('POST', '/v1/models/m/labels', { labels })).status).toBe(200);
    await s.request('POST', '/v1/models/m/metrics', { metrics: [{ name: 'gpu_util', value: 0.5, timestamp: T0 }] });
    await profileAll(s, now);
  });
  afterAll(async () => s.close());

  it('gives a slice’s volume and feature mean per step from its events only', async () => {
    const paris = events.filter((e) => e.city === 'Paris');
    const volume = await series('metric=volume&slice=city:Paris');
    expect(volume.points).toEqual(hours.map((t, h) => ({ t, value: paris.filter((e) => inHour(e, h)).length })));
    // Two slices: both must hold (a boolean feature by true/false).
    const both = paris.filter((e) => e.member);
    const m = await series('metric=feature_mean&feature=x&slice=city:Paris&slice=member:true');
    expect(m.points.map((p) => p.t)).toEqual(hours);
    for (const [h, p] of m.points.entries()) expect(p.value).toBeCloseTo(mean(both.filter((e) => inHour(e, h)).map((e) => e.x)), 12);
    expect(both.length).toBeLessThan(paris.length);
    // A numeric feature matches the number exactly, however it is written.
    const aged = events.filter((e) => e.age === 25);
    const v25 = await series('metric=volume&slice=age:25.0');
    expect(v25.points.map((p) => p.value)).toEqual([0, 1].map((h) => aged.filter((e) => inHour(e, h)).length));
  });

  it('gives a slice’s realized accuracy and label coverage from its labelled events only', async () => {
    const paris = events.filter((e) => e.city === 'Paris');
    const acc = await series('metric=accuracy&slice=city:Paris');
    const expected = accuracyPerHour(paris);
    expectPerHour(acc, expected);
    const all = await series('metric=accuracy');
    expect(all.points.map((p) => p.value)).not.toEqual(acc.points.map((p) => p.value));
    const coverage = await series('metric=label_coverage&slice=city:Nice');
    const nice = events.filter((e) => e.city === 'Nice');
    for (const [h, p] of coverage.points.entries()) {
      const inH = nice.filter((e) => inHour(e, h));
      expect(p.value).toBeCloseTo(inH.filter((e) => e.truth !== null).length / inH.length, 12);
    }
  });

  it('ANDs repeated segments on performance, alone and with a slice', async () => {
    const pairs = { channel: 'web', region: 'eu' };
    const acc = await series('metric=accuracy&segment=channel:web&segment=region:eu');
    const expected = accuracyPerHour(events.filter((e) => inSegment(e, pairs)));
    expectPerHour(acc, expected);
    const web = accuracyPerHour(events.filter((e) => inSegment(e, { channel: 'web' })));
    expect(acc.points.map((p) => p.value)).not.toEqual(web);
    const both = await series('metric=accuracy&segment=channel:web&segment=region:eu&slice=city:Lyon');
    const expectedBoth = accuracyPerHour(events.filter((e) => inSegment(e, pairs) && e.city === 'Lyon'));
    expectPerHour(both, expectedBoth);
    const volume = await series('metric=volume&segment=channel:web&segment=region:eu&slice=city:Lyon');
    expect(volume.points.map((p) => p.value)).toEqual([0, 1].map((h) => events.filter((e) => inHour(e, h) && inSegment(e, pairs) && e.city === 'Lyon').length));
  });

  it('tests only a slice’s events for drift, exactly as the batch report on those rows', async () => {
    const paris = events.filter((e) => e.city === 'Paris');
    const d = await drift('slice=city:Paris');
    expect(d.rows).toBe(paris.length);
    expect(d.basis).toBe('exact');
    for (const c of expectedDrift(paris).columns) expect(d.features.find((f) => f.name === c.name)!.score).toBeCloseTo(c.score, 12);
    expect(d.features.find((f) => f.name === 'x')!.drifted).toBe(true);
    const lyon = await drift('slice=city:Lyon&slice=member:false');
    const lyonEvents = events.filter((e) => e.city === 'Lyon' && !e.member);
    expect(lyon.rows).toBe(lyonEvents.length);
    for (const c of expectedDrift(lyonEvents).columns) expect(lyon.features.find((f) => f.name === c.name)!.score).toBeCloseTo(c.score, 12);
    expect(lyon.features.find((f) => f.name === 'x')!.drifted).toBe(false);
  });

  it('ANDs repeated segments on drift, alone and with a slice', async () => {
    const pairs = { channel: 'web', region: 'us' };
    const d = await drift('segment=channel:web&segment=region:us');
    const matching = events.filter((e) => inSegment(e, pairs));
    expect(d.rows).toBe(matching.length);
    for (const c of expectedDrift(matching).columns) expect(d.features.find((f) => f.name === c.name)!.score).toBeCloseTo(c.score, 12);
    const sliced = await drift('segment=channel:web&segment=region:us&slice=city:Paris');
    const both = matching.filter((e) => e.city === 'Paris');
    expect(sliced.rows).toBe(both.length);
    for (const c of expectedDrift(both).columns) expect(sliced.features.find((f) => f.name === c.name)!.score).toBeCloseTo(c.score, 12);
  });

  it('answers an empty slice with no points and no drift', async () => {
    expect((await series('metric=volume&slice=city:Berlin')).points).toEqual([]);
    const d = await drift('slice=city:Berlin');
    expect(d.rows).toBe(0);
    expect(d.features).toEqual([]);
  });

  it('refuses a slice it cannot apply, naming query.slice', async () => {
    const base = `/v1/models/m/series?metric=volume&from=${T0}&to=${now}`;
    for (const path of [
      `${base}&slice=nope:1`,
      `${base}&slice=age:old`,
      `${base}&slice=member:yes`,
      `${base}&slice=cityParis`,
      `${base}&slice=city:Paris&slice=`,
      `/v1/models/m/series?metric=custom:gpu_util&from=${T0}&to=${now}&slice=city:Paris`,
      `/v1/models/m/series?metric=tokens_input&from=${T0}&to=${now}&slice=city:Paris`,
      `/v1/models/m/drift?from=${T0}&to=${now}&slice=nope:1`,
      `/v1/models/m/drift?from=${T0}&to=${now}&slice=age:`,
    ]) {
      const error = await refused(path);
      expect(error.details?.[0]?.path, path).toMatch(/^query\.slice/);
    }
    expect((await refused(`${base}&slice=nope:1`)).message).toContain('nope');
  });
});

describe('a sliced window past querySliceMaxEvents', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer({ bucket: '1h', querySliceMaxEvents: 20 }, { clock: () => now });
    expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { city: 'categorical' } })).status).toBe(201);
    expect((await s.request('POST', '/v1/models/m/reference', { rows: reference.map((r) => ({ city: r.city })) })).status).toBe(201);
    const batch = Array.from({ length: 30 }, (_, i) => ({ id: `e${i}`, timestamp: T0 + i * 60_000, features: { city: CITIES[i % 3] }, prediction: 0.5 }));
    expect((await s.request('POST', '/v1/models/m/predictions', { events: batch })).status).toBe(200);
    await profileAll(s, now);
  });
  afterAll(async () => s.close());

  it('refuses series and drift with 400 naming query.slice and the limit, and answers a window within it', async () => {
    for (const path of [
      `/v1/models/m/series?metric=volume&from=${T0}&to=${now}&slice=city:Paris`,
      `/v1/models/m/drift?from=${T0}&to=${now}&slice=city:Paris`,
    ]) {
      const r = await s.request('GET', path);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      const { error } = errorResponseSchema.parse(r.body);
      expect(error.code).toBe('SLICE_WINDOW_TOO_LARGE');
      expect(error.details?.[0]?.path).toBe('query.slice');
      expect(error.details?.[0]?.message).toContain('20');
    }
    // The first 20 minutes hold 20 events: within the limit.
    const r = await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${T0 + 20 * 60_000}&slice=city:Paris`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(driftResponseSchema.parse(r.body).rows).toBe(7);
  });
});
