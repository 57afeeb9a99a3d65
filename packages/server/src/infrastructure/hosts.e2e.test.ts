// Hosts over a real socket, on SQLite and PostgreSQL: samples in, the hosts list, series per step
// and per GPU equal to what was sent (means, maxima, last values, quantiles), bad batches refused by
// field with nothing stored, and infrastructure monitors (a GPU hot for `for`, memory over a bound,
// a silent host as no data) through the alerting loop.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostListSchema, hostSeriesResponseSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer, TestStoreKind } from '../testing.js';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const MIN = 60_000;

describe.each(['sqlite', 'postgres'] as TestStoreKind[])('hosts on %s', (kind) => {
  let s: TestServer;
  let now = T0 + 30 * MIN;

  beforeAll(async () => {
    s = await createTestServerOn(kind, { bucket: '5m' }, { clock: () => now });
  });
  afterAll(async () => {
    await s.close();
  });

  /** Every 15 s over [from, from + n·15 s): GPU 0 at `util(i)`, GPU 1 at 10 %, memory in bytes. */
  function samples(from: number, n: number, util: (i: number) => number) {
    return Array.from({ length: n }, (_, i) => ({
      timestamp: new Date(from + i * 15_000).toISOString(),
      points: [
        { metric: 'cpu_utilization', value: 20 + (i % 4) },
        { metric: 'memory_used_bytes', value: 8 * 2 ** 30 + i },
        { metric: 'memory_utilization', value: 50 },
        { metric: 'gpu_utilization', value: util(i), labels: { gpu: '0' } },
        { metric: 'gpu_utilization', value: 10, labels: { gpu: '1' } },
        { metric: 'gpu_memory_used_bytes', value: 40_000 * 1_048_576, labels: { gpu: '0' } },
      ],
    }));
  }

  it('stores samples and lists the host with its GPUs and models', async () => {
    const r = await s.request('POST', '/v1/hosts/gpu-node-1/samples', {
      samples: samples(T0, 20, (i) => i),
      gpus: [
        { index: 1, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-bbbb' },
        { index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-aaaa' },
      ],
      models: ['credit', { name: 'llm', requests: { gpus: 1 } }],
      labels: { zone: 'eu-1' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ accepted: 120 });
    const list = hostListSchema.parse((await s.request('GET', '/v1/hosts')).body);
    expect(list.hosts).toEqual([
      {
        name: 'gpu-node-1',
        firstSeen: new Date(now).toISOString(),
        lastSeen: new Date(now).toISOString(),
        labels: { zone: 'eu-1' },
        gpus: [
          { index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-aaaa' },
          { index: 1, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-bbbb' },
        ],
        models: ['credit', 'llm'],
      },
    ]);
  });

  it('answers series per step and per GPU equal to the samples sent', async () => {
    const q = (query: string) => s.request('GET', `/v1/hosts/gpu-node-1/series?${query}&from=${T0}&to=${T0 + 10 * MIN}`);
    // 20 samples 15 s apart fill the buckets [10:00, 10:05) (i = 0…19): utilisation i on GPU 0.
    const gpu0 = hostSeriesResponseSchema.parse((await q('metric=gpu_utilization&gpu=0&step=5m')).body);
    expect(gpu0.points).toEqual([{ t: new Date(T0).toISOString(), value: 9.5, labels: { gpu: '0' } }]);
    const both = hostSeriesResponseSchema.parse((await q('metric=gpu_utilization&step=5m&stat=max')).body);
    expect(both.points).toEqual([
      { t: new Date(T0).toISOString(), value: 19, labels: { gpu: '0' } },
      { t: new Date(T0).toISOString(), value: 10, labels: { gpu: '1' } },
    ]);
    expect((await q('metric=gpu_utilization&gpu=&step=5m&stat=max')).body.points, 'an empty gpu= is every GPU').toEqual(both.points);
    expect((await q('metric=gpu_utilization&gpu=x')).status).toBe(400);
    expect((await q('metric=gpu_utilization&gpu=0&stat=last')).body.points[0].value).toBe(19);
    expect((await q('metric=gpu_utilization&gpu=0&stat=p50')).body.points[0].value).toBe(9);
    expect((await q('metric=gpu_utilization&gpu=0&stat=count')).body.points[0].value).toBe(20);
    // Memory in bytes, as sent (no unit conversion on the way).
    expect((await q('metric=gpu_memory_used_bytes&gpu=0')).body.points[0].value).toBe(40_000 * 1_048_576);
    expect((await q('metric=memory_used_bytes&stat=min')).body.points).toEqual([{ t: new Date(T0).toISOString(), value: 8 * 2 ** 30 }]);
    expect((await q('metric=cpu_utilization')).body.points[0].value).toBeCloseTo((20 * 5 + 21 * 5 + 22 * 5 + 23 * 5) / 20, 12);
  });

  it('merges a later batch into the same bucket', async () => {
    // Five more samples in the same bucket (between the first ones) at 100 %: the mean over 25 values.
    const r = await s.request('POST', '/v1/hosts/gpu-node-1/samples', { samples: samples(T0 + 1000, 5, () => 100) });
    expect(r.status).toBe(200);
    const body = (await s.request('GET', `/v1/hosts/gpu-node-1/series?metric=gpu_utilization&gpu=0&step=5m&from=${T0}&to=${T0 + 10 * MIN}`)).body;
    expect(body.points[0].value).toBeCloseTo((190 + 500) / 25, 12);
    expect((await s.request('GET', '/v1/hosts')).body.hosts[0].models, 'a batch without models keeps them').toEqual(['credit', 'llm']);
  });

  it('refuses a bad batch naming the field, and stores nothing of it', async () => {
    const bad = await s.request('POST', '/v1/hosts/gpu-node-1/samples', {
      samples: [{ timestamp: new Date(T0).toISOString(), points: [{ metric: 'gpu_utilization', value: 1, labels: { 'bad-label': '0' } }] }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('samples[0].points[0].labels');
    const nan = await s.request('POST', '/v1/hosts/other/samples', { samples: [{ timestamp: T0, points: [{ metric: 'x', value: 'NaN' }] }] });
    expect(nan.status).toBe(400);
    expect((await s.request('GET', '/v1/hosts')).body.hosts.map((h: { name: string }) => h.name)).toEqual(['gpu-node-1']);
    expect((await s.request('GET', '/v1/hosts/nope/series?metric=cpu_utilization')).status).toBe(404);
  });

  it('fires an infrastructure monitor on a hot GPU after its `for`, and a silent host as no data', async () => {
    expect((await s.request('POST', '/v1/channels', { name: 'ops', type: 'webhook', url: 'http://127.0.0.1:9/none' })).status).toBe(201);
    const m = await s.request('POST', '/v1/monitors', {
      name: 'gpu-hot',
      type: 'infrastructure',
      host: 'gpu-node-.*',
      metric: 'gpu_utilization',
      window: '5m',
      aggregation: 'mean',
      condition: { op: 'gt', value: 90 },
      for: '10m',
      interval: '1m',
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body.model).toBe('');
    const bad = await s.request('POST', '/v1/monitors', { name: 'x', type: 'infrastructure', host: '(', metric: 'gpu_utilization' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('host');
    // 15 minutes of GPU 0 at 95 %, one sample a minute.
    const start = T0 + 60 * MIN;
    const alertsOf = async () => (await s.request('GET', '/v1/alerts')).body.alerts as { labels: Record<string, string>; state: string }[];
    for (let i = 0; i <= 15; i++) {
      now = start + i * MIN;
      await s.request('POST', '/v1/hosts/gpu-node-1/samples', {
        samples: [
          {
            timestamp: now,
            points: [
              { metric: 'gpu_utilization', value: 95, labels: { gpu: '0' } },
              { metric: 'gpu_utilization', value: 5, labels: { gpu: '1' } },
            ],
          },
        ],
      });
      await s.services.alerting.evaluateAndDispatch(now);
      const hot = (await alertsOf()).filter((a) => a.labels['monitor'] === 'gpu-hot' && a.labels['gpu'] === '0');
      // The 5-minute window reads whole buckets: GPU 0's mean passes 90 once the window holds only the hot samples.
      if (i < 5)
        expect(
          hot.every((a) => a.state !== 'firing'),
          `minute ${i}`,
        ).toBe(true);
    }
    const firing = (await alertsOf()).filter((a) => a.labels['monitor'] === 'gpu-hot' && a.state === 'firing');
    expect(firing.map((a) => a.labels['gpu'])).toEqual(['0']);
    expect(firing[0]!.labels['host']).toBe('gpu-node-1');
    // The host falls silent: after the window it is no data.
    now += 20 * MIN;
    await s.services.alerting.evaluateAndDispatch(now);
    const mon = (await s.request('GET', '/v1/monitors/gpu-hot')).body;
    expect(mon.health).toBe('no_data');
    expect((await alertsOf()).some((a) => a.labels['alertname'] === 'DatasourceNoData' && a.labels['monitor'] === 'gpu-hot')).toBe(true);
  });
});
