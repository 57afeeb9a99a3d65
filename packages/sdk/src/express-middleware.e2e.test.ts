// vigilExpress on a real listening Express 5 app, logging through a real client to the test receiver.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Request } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from '../test/receiver.js';
import { PREDICTION_ID_LOCAL, vigilExpress } from './express-middleware.js';
import { createClient } from './http-client.js';
import { createTestClient } from './test-client.js';
import type { VigilClient } from './vigil-client.js';

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(app: express.Express): Promise<string> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function modelApp(client: VigilClient, options: Parameters<typeof vigilExpress<Request>>[1] = {}): express.Express {
  const app = express();
  app.use(express.json());
  app.use(vigilExpress<Request>(client, options));
  app.post('/predict', async (req: Request, res) => {
    await new Promise((r) => setTimeout(r, 30));
    const body = req.body as { features: { age: number } };
    res.json({ prediction: { label: body.features.age > 40 ? 'churn' : 'stay', score: 0.8 }, id: res.locals[PREDICTION_ID_LOCAL] as string });
  });
  app.post('/label-text', (_req, res) => {
    res.type('text/plain').send('cat');
  });
  app.post('/broken', (_req, res) => {
    res.status(500).json({ error: 'model crashed' });
  });
  return app;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('vigilExpress', () => {
  it('logs the handler prediction with the request id, the request features and the latency', async () => {
    const receiver = await Receiver.start();
    const client = createClient({ url: receiver.url, apiKey: receiver.apiKey, model: 'churn', version: 'v2', flushIntervalMs: 60_000 });
    cleanups.push(async () => {
      await client.shutdown();
      await receiver.close();
    });
    const base = await listen(modelApp(client));

    const t0 = performance.now();
    const res = await post(`${base}/predict`, { features: { age: 52, plan: 'pro' } }, { 'x-request-id': 'req-abc' });
    const roundTrip = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-abc');
    expect(await res.json()).toEqual({ prediction: { label: 'churn', score: 0.8 }, id: 'req-abc' });

    const res2 = await post(`${base}/predict`, { features: { age: 30, plan: 'free' } });
    const generated = res2.headers.get('x-request-id');
    expect(generated).toMatch(UUID);
    await res2.text();
    const res3 = await post(`${base}/broken`, { features: {} });
    expect(res3.status).toBe(500);
    await res3.text();
    await (await post(`${base}/label-text`, { age: 3 })).text();

    await client.flush();
    const events = receiver.items('predictions') as Array<Record<string, unknown>>;
    expect(events.map((e) => [e.id, e.prediction])).toEqual([
      ['req-abc', { label: 'churn', score: 0.8 }],
      [generated, { label: 'stay', score: 0.8 }],
      [expect.stringMatching(UUID), 'cat'],
    ]);
    expect(events[0]).toMatchObject({ features: { age: 52, plan: 'pro' }, version: 'v2' });
    expect(events[2]!.features).toEqual({ age: 3 });
    const latency = events[0]!.latencyMs as number;
    expect(latency).toBeGreaterThanOrEqual(29);
    expect(latency).toBeLessThanOrEqual(roundTrip);
  });

  it('uses the feature, prediction, id, segment and filter callbacks, and survives ones that throw', async () => {
    const client = createTestClient();
    const app = modelApp(client, {
      features: (req) => ({ age: (req.body as { features: { age: number } }).features.age, route: req.path }),
      prediction: (body) => (body as { prediction: { score: number } }).prediction.score,
      id: (req) => `tenant-${req.get('x-tenant') ?? 'none'}-${(req.body as { n: number }).n}`,
      segment: (req) => ({ tenant: req.get('x-tenant') ?? 'none' }),
      filter: (req, status) => status === 200 && req.path === '/predict',
      exposeId: false,
    });
    app.post('/throws', (_req, res) => {
      res.json({ prediction: 1 });
    });
    const base = await listen(app);
    const res = await post(
      `${base}/predict`,
      { features: { age: 45 }, n: 1 },
      { 'x-tenant': 'acme', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    );
    expect(res.headers.get('x-request-id')).toBeNull();
    await res.text();
    await (await post(`${base}/label-text`, { n: 2 })).text(); // filtered out
    await (await post(`${base}/throws`, { n: 3 })).text(); // filtered out before the callbacks run
    await new Promise((r) => setTimeout(r, 20));
    expect(client.predictions).toEqual([
      {
        id: 'tenant-acme-1',
        features: { age: 45, route: '/predict' },
        prediction: 0.8,
        latencyMs: expect.any(Number) as number,
        segment: { tenant: 'acme' },
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        timestamp: expect.any(Number) as number,
      },
    ]);

    const throwing = createTestClient();
    const app2 = modelApp(throwing, {
      features: () => {
        throw new Error('feature extraction bug');
      },
    });
    const base2 = await listen(app2);
    const ok = await post(`${base2}/predict`, { features: { age: 50 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ prediction: { label: 'churn' } });
    expect(throwing.predictions).toEqual([]);
  });
});
