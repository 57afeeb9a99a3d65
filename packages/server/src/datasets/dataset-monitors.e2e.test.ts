// Dataset and pipeline monitors through the alerting loop, on a clock the test drives: freshness
// fires when a dataset goes stale and resolves when a batch arrives, volume counts a dataset's rows
// against its expected bounds, and pipeline_run catches a failed run, a run that never finishes
// and runs that stop coming. Bad definitions are 400s naming the field.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertListSchema, errorResponseSchema, monitorSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let now = Date.UTC(2026, 10, 27, 9);
let s: TestServer;

const tick = async (ms = 0) => {
  now += ms;
  await s.services.alerting.tick(now);
};

/** Alerts of a monitor in a state, as `check`/`dataset` label values (or '' without one). */
async function alerts(monitor: string, state: 'firing' | 'resolved' | 'pending'): Promise<string[]> {
  const all = alertListSchema.parse((await s.request('GET', `/v1/alerts?state=${state}`)).body).alerts;
  return all
    .filter((a) => a.labels['monitor'] === monitor)
    .map((a) => (a.labels['alertname'] === 'DatasourceNoData' ? 'no data' : (a.labels['check'] ?? a.labels['dataset'] ?? '')))
    .sort();
}

function expectRefused(r: { status: number; body: unknown }, path: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(errorResponseSchema.parse(r.body).error.details?.map((d) => d.path)).toContain(path);
}

const batch = (rows: number) => s.request('POST', '/v1/datasets/features/rows', { rows: Array.from({ length: rows }, (_, i) => ({ id: `e${i}`, x: i })) });

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  expect((await s.request('POST', '/v1/datasets', { name: 'features', features: { x: 'numeric' }, freshness: '4s', expectedRows: { min: 3 } })).status).toBe(
    201,
  );
  expect((await s.request('POST', '/v1/datasets', { name: 'plain', features: { x: 'numeric' } })).status).toBe(201);
});
afterAll(async () => {
  await s.close();
});

describe('dataset monitors', () => {
  it('refuses what they cannot judge, naming the field, and creates nothing', async () => {
    expectRefused(await s.request('POST', '/v1/monitors', { name: 'm', type: 'freshness', dataset: 'nope' }), 'dataset');
    expectRefused(await s.request('POST', '/v1/monitors', { name: 'm', type: 'freshness', dataset: 'plain' }), 'maxAge');
    const withModel = await s.request('POST', '/v1/monitors', { name: 'm', type: 'freshness', model: 'x', dataset: 'features' });
    expect(withModel.status).toBe(400);
    expect(errorResponseSchema.parse(withModel.body).error.message).toMatch(/model/);
    expectRefused(await s.request('POST', '/v1/monitors', { name: 'm', type: 'volume', dataset: 'plain' }), 'min');
    expectRefused(await s.request('POST', '/v1/monitors', { name: 'm', type: 'volume', dataset: 'features', model: 'x', min: 1 }), 'model');
    expectRefused(await s.request('POST', '/v1/monitors', { name: 'm', type: 'volume', min: 1 }), 'model');
    expectRefused(await s.request('POST', '/v1/monitors', { name: 'm', type: 'pipeline_run', pipeline: 'etl', maxDuration: '1 hour' }), 'maxDuration');
    expect((await s.request('GET', '/v1/monitors/m')).status).toBe(404);
  });

  it('freshness: fresh after a batch, fires once the dataset is stale, resolves when a batch arrives', async () => {
    const r = await s.request('POST', '/v1/monitors', { name: 'fresh', type: 'freshness', dataset: 'features', interval: '1s' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // No batch yet: nothing to judge.
    await tick();
    expect(monitorSchema.parse((await s.request('GET', '/v1/monitors/fresh')).body).health).toBe('no_data');
    expect((await batch(5)).status).toBe(201);
    await tick(1000);
    expect(monitorSchema.parse((await s.request('GET', '/v1/monitors/fresh')).body).health).toBe('ok');
    expect(await alerts('fresh', 'firing')).toEqual([]);
    await tick(3000); // 4 s old: still fresh
    expect(await alerts('fresh', 'firing')).toEqual([]);
    await tick(2000); // 6 s old: stale
    expect(await alerts('fresh', 'firing')).toEqual(['features']);
    const firing = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts.find((a) => a.labels['monitor'] === 'fresh')!;
    expect(firing.value).toBe(6);
    expect(firing.annotations['summary']).toMatch(/stale/);
    expect((await batch(5)).status).toBe(201);
    await tick(1000);
    expect(await alerts('fresh', 'firing')).toEqual([]);
    expect(await alerts('fresh', 'resolved')).toEqual(['features', 'no data']);
  });

  it("volume: counts a dataset's rows in the window against its expectedRows", async () => {
    const r = await s.request('POST', '/v1/monitors', { name: 'rows', type: 'volume', dataset: 'features', window: '10s', interval: '1s' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await tick();
    expect(await alerts('rows', 'firing')).toEqual([]);
    expect(monitorSchema.parse((await s.request('GET', '/v1/monitors/rows')).body).lastDetails).toMatchObject({ rows: 10, batches: 2 });
    await tick(11_000); // the window holds no batch: 0 rows, under 3
    expect(await alerts('rows', 'firing')).toEqual(['features']);
    expect((await batch(2)).status).toBe(201);
    await tick(1000); // 2 rows, still under 3
    expect(await alerts('rows', 'firing')).toEqual(['features']);
    expect((await batch(2)).status).toBe(201);
    await tick(1000);
    expect(await alerts('rows', 'firing')).toEqual([]);
  });
});

describe('pipeline_run monitors', () => {
  const run = (body: Record<string, unknown>) => s.request('POST', '/v1/pipelines/etl/runs', body);

  it('catch missing runs, a run that never finishes, and a failed run', async () => {
    const r = await s.request('POST', '/v1/monitors', {
      name: 'etl',
      type: 'pipeline_run',
      pipeline: 'etl',
      maxDuration: '10s',
      expectedEvery: '1m',
      interval: '1s',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await tick();
    // No run ever: missing.
    expect(await alerts('etl', 'firing')).toEqual(['missing']);

    expect((await run({ id: 'r1', status: 'running', startedAt: now })).status).toBe(200);
    await tick(1000);
    expect(await alerts('etl', 'firing')).toEqual([]);
    await tick(10_000); // running for 11 s, over maxDuration
    expect(await alerts('etl', 'firing')).toEqual(['late']);

    expect((await run({ id: 'r1', status: 'failed', startedAt: now - 11_000, finishedAt: now, error: 'disk full' })).status).toBe(200);
    await tick(1000);
    expect(await alerts('etl', 'firing')).toEqual(['failed']);
    const failed = alertListSchema.parse((await s.request('GET', '/v1/alerts?state=firing')).body).alerts.find((a) => a.labels['monitor'] === 'etl')!;
    expect(failed.annotations['summary']).toContain('disk full');

    expect((await run({ id: 'r2', status: 'running', startedAt: now })).status).toBe(200);
    expect((await run({ id: 'r2', status: 'succeeded', startedAt: now, finishedAt: now + 500, rows: 10 })).status).toBe(200);
    await tick(1000);
    expect(await alerts('etl', 'firing')).toEqual([]);
    expect(await alerts('etl', 'resolved')).toEqual(['failed', 'late', 'missing']);

    await tick(61_000); // no run started for over a minute
    expect(await alerts('etl', 'firing')).toEqual(['missing']);
  });
});
