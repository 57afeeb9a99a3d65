// Pipeline runs over a real socket on both stores: idempotent by id (a later post updates the
// run), refused naming the field when inconsistent (nothing stored), lateness from the
// orchestrator's scheduled time or a written dataset's schedule, and the three series.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, pipelineRunListSchema, pipelineRunSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const T0 = Date.UTC(2026, 10, 27, 9);
const MIN = 60_000;

describe.each(['sqlite', 'postgres'] as const)('pipeline runs on %s', (kind) => {
  let s: TestServer;
  let now = T0;
  const run = (body: Record<string, unknown>, pipeline = 'etl') => s.request('POST', `/v1/pipelines/${pipeline}/runs`, body);
  const runs = async (pipeline = 'etl') =>
    pipelineRunListSchema.parse((await s.request('GET', `/v1/pipelines/${pipeline}/runs?from=${T0 - 86_400_000}`)).body).runs;

  beforeAll(async () => {
    s = await createTestServerOn(kind, {}, { clock: () => now });
    expect((await s.request('POST', '/v1/datasets', { name: 'hourly', features: { x: 'numeric' }, schedule: '0 * * * *' })).status).toBe(201);
  });
  afterAll(async () => {
    await s.close();
  });

  it('stores a run once per id and updates it on later posts', async () => {
    const first = await run({ id: 'r1', status: 'running', startedAt: new Date(T0 + 2 * MIN).toISOString(), datasets: ['hourly'] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // Lateness from the dataset's hourly schedule: started 2 minutes after 09:00.
    expect(pipelineRunSchema.parse(first.body)).toMatchObject({
      pipeline: 'etl',
      id: 'r1',
      status: 'running',
      finishedAt: null,
      durationSeconds: null,
      scheduledAt: new Date(T0).toISOString(),
      latenessSeconds: 120,
    });
    now = T0 + 7 * MIN;
    const done = await run({ id: 'r1', status: 'succeeded', startedAt: T0 + 2 * MIN, rows: 1000, datasets: ['hourly'] });
    expect(pipelineRunSchema.parse(done.body)).toMatchObject({
      status: 'succeeded',
      finishedAt: new Date(now).toISOString(),
      durationSeconds: 300,
      rows: 1000,
    });
    expect((await runs()).map((r) => [r.id, r.status])).toEqual([['r1', 'succeeded']]);
  });

  it('refuses inconsistent runs naming the field, and stores nothing', async () => {
    const refused = async (body: Record<string, unknown>, path: string) => {
      const r = await run(body, 'bad');
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(errorResponseSchema.parse(r.body).error.details?.map((d) => d.path)).toContain(path);
    };
    await refused({ id: 'x', status: 'failed', startedAt: T0, finishedAt: T0 - 1 }, 'finishedAt');
    await refused({ id: 'x', status: 'running', startedAt: T0, finishedAt: T0 + 1 }, 'finishedAt');
    await refused({ id: 'x', status: 'running', startedAt: T0, datasets: ['nope'] }, 'datasets[0]');
    await refused({ id: 'x', status: 'done', startedAt: T0 }, 'status');
    await refused({ id: 'x', status: 'running', startedAt: 'yesterday' }, 'startedAt');
    expect(await runs('bad')).toEqual([]);
    expect((await s.request('GET', '/v1/pipelines/bad/series?metric=run_duration')).status).toBe(404);
  });

  it('answers run_duration, run_success_rate and run_lateness per step', async () => {
    const hour = (h: number) => T0 + h * 3_600_000;
    now = hour(5);
    // Hour 1: two runs finish, one failed; hour 2: one succeeds. scheduledAt given for lateness.
    await run({ id: 'a', status: 'succeeded', startedAt: hour(1), finishedAt: hour(1) + 10_000, scheduledAt: hour(1) - 30_000 });
    await run({ id: 'b', status: 'failed', startedAt: hour(1) + MIN, finishedAt: hour(1) + MIN + 30_000, scheduledAt: hour(1), error: 'boom' });
    await run({ id: 'c', status: 'succeeded', startedAt: hour(2), finishedAt: hour(2) + 60_000, scheduledAt: hour(2) });
    const series = async (metric: string) => {
      const r = await s.request('GET', `/v1/pipelines/etl/series?metric=${metric}&from=${hour(1)}&to=${hour(3)}&step=1h`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return seriesResponseSchema.parse(r.body).points.map((p) => [(Date.parse(p.t) - T0) / 3_600_000, p.value]);
    };
    expect(await series('run_duration')).toEqual([
      [1, 20],
      [2, 60],
    ]);
    expect(await series('run_success_rate')).toEqual([
      [1, 0.5],
      [2, 1],
    ]);
    expect(await series('run_lateness')).toEqual([
      [1, 45],
      [2, 0],
    ]);
    expect((await s.request('GET', '/v1/pipelines/etl/series?metric=rows')).status).toBe(400);
    const listed = await runs();
    expect(listed.map((r) => r.id)).toEqual(['c', 'b', 'a', 'r1']);
    expect(listed[1]).toMatchObject({ status: 'failed', error: 'boom', durationSeconds: 30, latenessSeconds: 60 });
  });
});
