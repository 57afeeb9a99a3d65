// Two server replicas on one PostgreSQL store: writes through either, profilers racing on both,
// and every event counted exactly once; then the per-model gauges on /metrics.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesResponseSchema } from '@vigil/wire';
import { refreshGauges } from './metrics/refresh-gauges.js';
import { createTestSchema, createTestServer } from './testing.js';
import type { TestServer } from './testing.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 25);
const now = T0 + 3 * HOUR;
let a: TestServer;
let b: TestServer;
let drop: () => Promise<void>;

beforeAll(async () => {
  const schema = await createTestSchema();
  drop = schema.drop;
  a = await createTestServer({ store: schema.url, bucket: '1h' }, { clock: () => now });
  b = await createTestServer({ store: schema.url, bucket: '1h', adminKey: a.adminKey }, { clock: () => now });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await drop();
});

describe('replicas on PostgreSQL', () => {
  it('share models and keys, and profile every event exactly once while both profilers run', async () => {
    expect((await a.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', g: 'categorical' } })).status).toBe(201);
    const ref = Array.from({ length: 400 }, (_, i) => ({ x: i % 20, g: i % 3 === 0 ? 'a' : 'b', y: i % 2, p: (i % 10) / 10 }));
    expect((await b.request('POST', '/v1/models/m/reference', { rows: ref, target: 'y', prediction: 'p' })).status).toBe(201);
    const total = 3000;
    let correct = 0;
    const writes: Promise<unknown>[] = [];
    for (let k = 0; k < total / 100; k++) {
      const server = k % 2 === 0 ? a : b;
      const events = Array.from({ length: 100 }, (_, j) => {
        const i = k * 100 + j;
        return { id: `e${i}`, timestamp: T0 + (i % 2) * HOUR + i, features: { x: (i % 40) + 5, g: i % 5 === 0 ? 'a' : 'c' }, prediction: (i % 7) / 7 };
      });
      const labels = events
        .filter((_, j) => j % 4 !== 0)
        .map((e) => {
          const i = Number(e.id.slice(1));
          const label = i % 3 === 0 ? 1 : 0;
          if ((e.prediction >= 0.5 ? 1 : 0) === label) correct++;
          return { id: e.id, label };
        });
      // Labels go to the other replica, sometimes before their predictions.
      const other = server === a ? b : a;
      writes.push(server.request('POST', '/v1/models/m/predictions', { events }), other.request('POST', '/v1/models/m/labels', { labels }));
      // Profilers on both replicas run while writes go on.
      if (k % 5 === 0) writes.push(a.profiler.catchUp(now), b.profiler.catchUp(now));
    }
    await Promise.all(writes);
    await Promise.all([a.profiler.catchUp(now), b.profiler.catchUp(now)]);
    await Promise.all([a.profiler.catchUp(now), b.profiler.catchUp(now)]);
    await Promise.all([a.profiler.compact(now), b.profiler.compact(now)]);

    const get = async (metric: string) =>
      seriesResponseSchema.parse((await a.request('GET', `/v1/models/m/series?metric=${metric}&from=${T0}&to=${T0 + 2 * HOUR}&step=2h`)).body).points[0]!.value;
    expect(await get('volume')).toBe(total);
    expect(await get('label_coverage')).toBeCloseTo(0.75, 12);
    expect(await get('accuracy')).toBeCloseTo(correct / (total * 0.75), 12);
  });

  it('exposes per-model drift, performance and coverage gauges on /metrics', async () => {
    await refreshGauges({ store: a.store, metrics: a.services.metrics, bucketMs: a.config.bucket }, T0 + 2 * HOUR);
    const text = await (await fetch(`${a.url}/metrics`)).text();
    expect(text).toMatch(/vigil_feature_drift_score\{project="default",model="m",version="default",feature="x",method="wasserstein"\} [\d.]+/);
    expect(text).toMatch(/vigil_feature_drifted\{project="default",model="m",version="default",feature="g"\} 1/);
    expect(text).toMatch(/vigil_model_performance\{project="default",model="m",version="default",metric="accuracy"\} 0\.\d+/);
    // The last hour holds the odd events, every one labelled.
    expect(text).toMatch(/vigil_model_label_coverage\{project="default",model="m",version="default"\} 1\n/);
    expect(text).toMatch(/vigil_model_estimated_performance\{project="default",model="m",version="default",metric="accuracy"\} 0\.\d+/);
  });
});
