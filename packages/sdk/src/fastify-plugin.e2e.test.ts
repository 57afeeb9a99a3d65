// vigilFastify on a real listening Fastify 5 app, logging through a real client to the test receiver.

import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from '../test/receiver.js';
import { vigilFastify } from './fastify-plugin.js';
import { createClient } from './http-client.js';
import { createTestClient } from './test-client.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  const addr = app.server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  return `http://127.0.0.1:${addr.port}`;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('vigilFastify', () => {
  it('logs the returned prediction with x-request-id, else Fastify’s request id, and the latency', async () => {
    const receiver = await Receiver.start();
    const client = createClient({ url: receiver.url, apiKey: receiver.apiKey, model: 'churn', flushIntervalMs: 60_000 });
    cleanups.push(async () => {
      await client.shutdown();
      await receiver.close();
    });
    const app = Fastify();
    await app.register(vigilFastify(client));
    app.post('/predict', async (req) => {
      await new Promise((r) => setTimeout(r, 30));
      const { features } = req.body as { features: { age: number } };
      return { prediction: { label: features.age > 40 ? 'churn' : 'stay', score: 0.7 } };
    });
    app.post('/text', async (_req, reply) => {
      reply.type('text/plain');
      return 'cat';
    });
    app.post('/serialised', async (_req, reply) => {
      reply.type('application/json');
      return JSON.stringify({ score: 0.25 });
    });
    app.post('/broken', async (_req, reply) => reply.code(503).send({ error: 'overloaded' }));
    const base = await listen(app);

    const t0 = performance.now();
    const res = await post(`${base}/predict`, { features: { age: 52, plan: 'pro' } }, { 'x-request-id': 'req-abc' });
    const roundTrip = performance.now() - t0;
    expect(res.headers.get('x-request-id')).toBe('req-abc');
    expect(await res.json()).toEqual({ prediction: { label: 'churn', score: 0.7 } });
    const res2 = await post(`${base}/predict`, { features: { age: 20 } });
    const fastifyId = res2.headers.get('x-request-id');
    expect(fastifyId).toMatch(/^req-/); // Fastify's own request.id
    await res2.text();
    await (await post(`${base}/text`, { a: 1 })).text();
    await (await post(`${base}/serialised`, { b: 2 })).text();
    expect((await post(`${base}/broken`, {})).status).toBe(503);

    await client.flush();
    const events = receiver.items('predictions') as Array<Record<string, unknown>>;
    expect(events.map((e) => [e.id, e.prediction, e.features])).toEqual([
      ['req-abc', { label: 'churn', score: 0.7 }, { age: 52, plan: 'pro' }],
      [fastifyId, { label: 'stay', score: 0.7 }, { age: 20 }],
      [expect.stringMatching(/^req-/), 'cat', { a: 1 }],
      [expect.stringMatching(/^req-/), { score: 0.25 }, { b: 2 }],
    ]);
    const latency = events[0]!.latencyMs as number;
    expect(latency).toBeGreaterThanOrEqual(29);
    expect(latency).toBeLessThanOrEqual(roundTrip);
  });

  it('covers only its scope when registered inside a plugin, and takes a genReqId', async () => {
    const client = createTestClient();
    const app = Fastify({ genReqId: () => randomUUID() });
    await app.register(async (scoped) => {
      await scoped.register(vigilFastify(client, { prediction: (body) => (body as { p: number }).p, exposeId: false }));
      scoped.post('/scoped', async () => ({ p: 0.4 }));
    });
    app.post('/outside', async () => ({ prediction: 1 }));
    const base = await listen(app);
    const res = await post(`${base}/scoped`, { x: 1 });
    expect(res.headers.get('x-request-id')).toBeNull();
    await res.text();
    await (await post(`${base}/outside`, { x: 2 })).text();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.predictions).toHaveLength(1);
    expect(client.predictions[0]).toMatchObject({ prediction: 0.4, features: { x: 1 } });
    expect(client.predictions[0]!.id).toMatch(/^[\da-f]{8}-[\da-f]{4}-/);
  });
});
