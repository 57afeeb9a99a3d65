// The dashboard's API client against a real server: answers parsed with the wire schemas, errors
// with their code and field details, a missing route told apart from a missing model, 401s
// reported, and long series read page by page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '@vigil/server/testing';
import type { TestServer } from '@vigil/server/testing';
import { modelListSchema } from '@vigil/wire';
import { openAlertsByModel } from './alerts.js';
import { ApiClient, ApiError } from './client.js';
import { getModel, getSeries, listModels } from './models.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 8);
let s: TestServer;
let api: ApiClient;

beforeAll(async () => {
  s = await createTestServer({ bucket: '1h' }, { clock: () => T0 + 6 * H });
  api = new ApiClient(s.adminKey, undefined, s.url);
  expect((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { age: 'numeric' } })).status).toBe(201);
  // 1, 2, 3, 4, 5 predictions in the five hours from T0.
  const events = [1, 2, 3, 4, 5].flatMap((n, h) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${h}-${i}`,
      timestamp: T0 + h * H + i * 1000,
      features: { age: 30 + i },
      prediction: { label: 1, score: 0.7 },
    })),
  );
  expect((await s.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
  await s.profiler.catchUp(T0 + 6 * H);
});
afterAll(async () => s.close());

describe('ApiClient', () => {
  it('parses answers with the wire schemas', async () => {
    expect((await listModels(api)).map((m) => m.name)).toEqual(['credit']);
    expect((await getModel(api, 'credit')).features).toEqual({ age: 'numeric' });
  });

  it('carries the server’s code and field details on errors', async () => {
    const e = await api.request('/v1/models', modelListSchema, { method: 'POST', json: { name: 'bad name!', type: 'binary' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).details.map((d) => d.path)).toEqual(['name']);
  });

  it('tells a route the server lacks from a model it lacks', async () => {
    const route = (await api.get('/v1/no-such-thing', modelListSchema).catch((x: unknown) => x)) as ApiError;
    expect([route.status, route.code, route.isMissingRoute]).toEqual([404, 'NOT_FOUND', true]);
    const model = (await getModel(api, 'nope').catch((x: unknown) => x)) as ApiError;
    expect([model.status, model.isMissingRoute]).toEqual([404, false]);
  });

  it('reports a rejected key, so the app can ask for another', async () => {
    let told = 0;
    const stale = new ApiClient('vgl_nosuchkey_0000000000000000000000', () => told++, s.url);
    const e = (await listModels(stale).catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(401);
    expect(told).toBe(1);
  });

  it('reads a series cut by the server page by page', async () => {
    const all = await getSeries(api, 'credit', { metric: 'volume', from: T0, to: T0 + 5 * H, step: H, pageSize: 2 });
    expect(all.points.map((p) => [Date.parse(p.t), p.value])).toEqual([1, 2, 3, 4, 5].map((n, h) => [T0 + h * H, n]));
    expect(all.next).toBeNull();
  });

  it('counts open alerts per model (none yet), or says the server has no alerting', async () => {
    const open = await openAlertsByModel(api);
    // This server has the alerting API: an empty map, not null.
    expect(open).toEqual(new Map());
  });
});
