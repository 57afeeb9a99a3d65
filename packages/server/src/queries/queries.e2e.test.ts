// Series and drift over real ingested traffic: the numbers must equal what the batch evaluators
// and scikit-learn-equivalent metrics give on the same rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnDistribution, driftPreset } from '@vigil/core';
import type { Table } from '@vigil/core';
import { accuracyScore, createRng, mean, median, quantile, std } from '@vigil/stats';
import { driftResponseSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);
const CITIES = ['Lyon', 'Paris', 'Nice'];

let s: TestServer;
const now = T0 + 10 * HOUR;
const rng = createRng(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

interface Row {
  x: number;
  city: string;
  score: number;
  truth: number;
  latency: number;
}

function rows(n: number, shift: number, parisShare: number, berlinShare = 0): Row[] {
  return Array.from({ length: n }, () => {
    const x = normal() + shift;
    const score = 1 / (1 + Math.exp(-x));
    const u = rng.next();
    const city = u < berlinShare ? 'Berlin' : u < parisShare ? 'Paris' : CITIES[Math.floor(rng.next() * 3)]!;
    return { x, city, score, truth: rng.next() < score ? 1 : 0, latency: 5 + 50 * rng.next() ** 4 };
  });
}

const reference = rows(3000, 0, 0.2);
const hour0 = rows(1500, 0, 0.2); // like the reference
const hour1 = rows(1500, 0.6, 0.6, 0.1); // drifted in x and city, with a new city

beforeAll(async () => {
  s = await createTestServer({ bucket: '1h' }, { clock: () => now });
  await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', city: 'categorical' } });
  const ref = await s.request('POST', '/v1/models/m/reference', {
    rows: reference.map((r) => ({ x: r.x, city: r.city, y: r.truth, p: r.score })),
    target: 'y',
    prediction: 'p',
  });
  expect(ref.status).toBe(201);
  for (const [h, data] of [hour0, hour1].entries()) {
    const events = data.map((r, i) => ({
      id: `h${h}-${i}`,
      timestamp: T0 + h * HOUR + i * 1000,
      features: { x: r.x, city: r.city },
      prediction: r.score,
      latencyMs: r.latency,
    }));
    for (let i = 0; i < events.length; i += 500)
      expect((await s.request('POST', '/v1/models/m/predictions', { events: events.slice(i, i + 500) })).status).toBe(200);
  }
  // Labels for the first 1000 predictions of each hour only.
  const labels = [hour0, hour1].flatMap((data, h) => data.slice(0, 1000).map((r, i) => ({ id: `h${h}-${i}`, label: r.truth })));
  for (let i = 0; i < labels.length; i += 1000) await s.request('POST', '/v1/models/m/labels', { labels: labels.slice(i, i + 1000) });
  await s.profiler.catchUp(now);
});
afterAll(async () => s.close());

async function series(query: string) {
  const r = await s.request('GET', `/v1/models/m/series?from=${T0}&to=${T0 + 2 * HOUR}&step=1h&${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return seriesResponseSchema.parse(r.body);
}

function table(data: Row[]): Table {
  return {
    rowCount: data.length,
    columns: [
      { name: 'x', values: Float64Array.from(data, (r) => r.x) },
      { name: 'city', values: data.map((r) => r.city) },
    ],
  };
}

describe('series', () => {
  it('counts volume per step and reads latency percentiles from the sketches', async () => {
    expect((await series('metric=volume')).points.map((p) => p.value)).toEqual([1500, 1500]);
    const p95 = await series('metric=latency_p95');
    const exact = quantile(
      Float64Array.from(hour1, (r) => r.latency),
      0.95,
    );
    // Below k = 256 values per level the sketch is exact; here it is within its rank error.
    expect(Math.abs(p95.points[1]!.value! - exact) / exact).toBeLessThan(0.05);
  });

  it('gives label coverage and realized accuracy of the labelled predictions', async () => {
    expect((await series('metric=label_coverage')).points.map((p) => p.value)).toEqual([1000 / 1500, 1000 / 1500]);
    const acc = await series('metric=accuracy');
    const expected = accuracyScore(
      hour1.slice(0, 1000).map((r) => r.truth),
      hour1.slice(0, 1000).map((r) => (r.score >= 0.5 ? 1 : 0)),
    );
    expect(acc.points[1]!.value).toBeCloseTo(expected, 12);
  });

  it('estimates accuracy without labels (CBPE) close to the realized one when scores are calibrated', async () => {
    const est = await series('metric=estimated_accuracy');
    const realized = accuracyScore(
      hour0.map((r) => r.truth),
      hour0.map((r) => (r.score >= 0.5 ? 1 : 0)),
    );
    expect(Math.abs(est.points[0]!.value! - realized)).toBeLessThan(0.04);
  });

  it('bands the CBPE estimate with NannyML sampling errors from the reference', async () => {
    const est = await series('metric=estimated_accuracy');
    for (const p of est.points) {
      expect(p.lower!).toBeLessThan(p.value!);
      expect(p.upper!).toBeGreaterThan(p.value!);
      // ±3 SE of accuracy for 1500 rows: SE ≈ √(a(1−a)/n) ≈ 0.011
      expect(p.upper! - p.lower!).toBeGreaterThan(0.03);
      expect(p.upper! - p.lower!).toBeLessThan(0.1);
    }
  });

  it('reports data quality against the reference: out-of-range share and new categories', async () => {
    const oor = await series('metric=out_of_range_share&feature=x');
    const [lo, hi] = [Math.min(...reference.map((r) => r.x)), Math.max(...reference.map((r) => r.x))];
    const exact = hour1.filter((r) => r.x < lo || r.x > hi).length / hour1.length;
    expect(Math.abs(oor.points[1]!.value! - exact)).toBeLessThan(0.01);
    const fresh = await series('metric=new_categories');
    expect(fresh.points.filter((p) => p.labels!['feature'] === 'city').map((p) => p.value)).toEqual([0, 1]);
    expect(fresh.points.filter((p) => p.labels!['feature'] === 'x').map((p) => p.value)).toEqual([null, null]);
  });

  it('scores drift per feature against the reference: the drifted hour only', async () => {
    const drift = await series('metric=drift');
    const at = (h: number, f: string) => drift.points.find((p) => p.t === new Date(T0 + h * HOUR).toISOString() && p.labels?.['feature'] === f)!;
    expect(at(0, 'x').labels!['drifted']).toBe('false');
    expect(at(1, 'x').labels!['drifted']).toBe('true');
    expect(at(1, 'city').labels!['method']).toBe('jensenshannon');
    expect(at(1, 'city').value!).toBeGreaterThan(0.1);
    expect(at(0, 'city').value!).toBeLessThan(0.1);
  });

  it('rejects unknown metrics and bad times with the parameter named', async () => {
    const r = await s.request('GET', '/v1/models/m/series?metric=nope');
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('query.metric');
    const t = await s.request('GET', '/v1/models/m/series?metric=volume&from=yesterday');
    expect(t.body.error.details[0].path).toBe('query.from');
  });
});

describe('drift of a window', () => {
  it('equals the batch evaluator on the same rows (Evidently defaults)', async () => {
    const r = await s.request('GET', `/v1/models/m/drift?from=${T0 + HOUR}&to=${T0 + 2 * HOUR}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = driftResponseSchema.parse(r.body);
    const expected = driftPreset(table(reference), table(hour1), { columns: ['x', 'city'], columnTypes: { x: 'numerical', city: 'categorical' } });
    expect(d.basis).toBe('exact');
    expect(d.rows).toBe(1500);
    for (const c of expected.columns) {
      const got = d.features.find((f) => f.name === c.name)!;
      expect([got.method, got.drifted]).toEqual([c.method, c.drifted]);
      expect(got.score).toBeCloseTo(c.score, 12);
    }
    expect(d.datasetDrift).toBe(true);
    const psi = driftResponseSchema.parse((await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${T0 + HOUR}&method=psi`)).body);
    expect(psi.features.every((f) => f.method === 'psi' && f.psiBand === 'none')).toBe(true);
  });

  it("adds one feature's distributions and statistics, reference against current, when asked", async () => {
    const get = async (feature: string) =>
      driftResponseSchema.parse((await s.request('GET', `/v1/models/m/drift?from=${T0 + HOUR}&to=${T0 + 2 * HOUR}&feature=${feature}`)).body);
    const x = (await get('x')).features.find((f) => f.name === 'x')!;
    expect(x.distribution).toEqual(columnDistribution(table(reference).columns[0]!.values, table(hour1).columns[0]!.values));
    expect(x.statistics!.current.count).toBe(1500);
    expect(x.statistics!.current.mean).toBeCloseTo(mean(hour1.map((r) => r.x)), 10);
    expect(x.statistics!.reference.mean).toBeCloseTo(mean(reference.map((r) => r.x)), 10);
    expect(x.statistics!.current.median).toBeCloseTo(median(hour1.map((r) => r.x)), 12);
    expect(x.statistics!.reference.std).toBeCloseTo(
      std(
        reference.map((r) => r.x),
        { ddof: 1 },
      ),
      12,
    );
    expect(x.statistics!.current.max).toBe(Math.max(...hour1.map((r) => r.x)));
    const d = await get('city');
    expect(d.features.find((f) => f.name === 'x')!.distribution).toBeUndefined();
    const city = d.features.find((f) => f.name === 'city')!;
    expect(city.distribution).toEqual(
      columnDistribution(table(reference).columns[1]!.values, table(hour1).columns[1]!.values, { asCategories: true, maxCategories: 12 }),
    );
    expect(city.statistics!.current.distinct).toBe(4);
    const bad = await s.request('GET', `/v1/models/m/drift?from=${T0}&to=${T0 + HOUR}&feature=nope`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/query\.feature.*one of the model's features \(x, city\)/);
  });

  it('answers from memory only while the window and the reference stay the same', async () => {
    await s.request('POST', '/v1/models', { name: 'm2', type: 'binary', features: { x: 'numeric', city: 'categorical' } });
    const refRows = (data: Row[]) => ({ rows: data.map((r) => ({ x: r.x, city: r.city, y: r.truth, p: r.score })), target: 'y', prediction: 'p' });
    expect((await s.request('POST', '/v1/models/m2/reference', refRows(reference))).status).toBe(201);
    const from = T0 + 3 * HOUR;
    const send = async (data: Row[], tag: string) => {
      const events = data.map((r, i) => ({ id: `${tag}-${i}`, timestamp: from + i * 1000, features: { x: r.x, city: r.city }, prediction: r.score }));
      expect((await s.request('POST', '/v1/models/m2/predictions', { events })).status).toBe(200);
    };
    const drift = async () => driftResponseSchema.parse((await s.request('GET', `/v1/models/m2/drift?from=${from}&to=${from + HOUR}`)).body);
    const expectEvaluator = (d: Awaited<ReturnType<typeof drift>>, ref: Row[], cur: Row[]) => {
      const expected = driftPreset(table(ref), table(cur), { columns: ['x', 'city'], columnTypes: { x: 'numerical', city: 'categorical' } });
      expect(d.rows).toBe(cur.length);
      for (const c of expected.columns) expect(d.features.find((f) => f.name === c.name)!.score).toBeCloseTo(c.score, 12);
    };
    await send(hour0.slice(0, 400), 'a');
    const first = await drift();
    expectEvaluator(first, reference, hour0.slice(0, 400));
    expect(await drift()).toEqual(first);
    // A late event inside the window changes the answer.
    await send(hour1.slice(0, 300), 'b');
    const second = await drift();
    expectEvaluator(second, reference, [...hour0.slice(0, 400), ...hour1.slice(0, 300)]);
    expect(second.features.find((f) => f.name === 'x')!.score).not.toBe(first.features.find((f) => f.name === 'x')!.score);
    // So does a new reference, even one of as many rows uploaded at the same instant (the clock stands still here).
    expect((await s.request('POST', '/v1/models/m2/reference', refRows(reference.slice(0, 1500)))).status).toBe(201);
    expectEvaluator(await drift(), reference.slice(0, 1500), [...hour0.slice(0, 400), ...hour1.slice(0, 300)]);
    expect((await s.request('POST', '/v1/models/m2/reference', refRows(hour1))).status).toBe(201);
    expectEvaluator(await drift(), hour1, [...hour0.slice(0, 400), ...hour1.slice(0, 300)]);
  });
});
