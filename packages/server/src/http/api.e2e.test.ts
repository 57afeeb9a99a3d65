// The HTTP API over a real socket: models, ingest, idempotency, labels, and every kind of bad
// input answered with a specific 4xx that changes nothing.

import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, ingestResponseSchema, modelSchema, predictionRecordSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ bodyLimit: 64 * 1024 });
  expect((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary', features: { age: 'numeric', city: 'categorical' } })).status).toBe(201);
});
afterAll(async () => s.close());

const event = (id: string, age: unknown = 40) => ({
  id,
  timestamp: '2026-11-27T10:00:00Z',
  features: { age, city: 'Lyon' },
  prediction: { label: 1, score: 0.8 },
  latencyMs: 12,
});

async function count(): Promise<number> {
  const m = await s.store.findModel(1, 'credit');
  return s.store.countPredictions(m!.id);
}

describe('models', () => {
  it('creates, lists and shows models, with features learnt from events', async () => {
    const created = await s.request('POST', '/v1/models', { name: 'churn', type: 'multiclass' });
    expect(created.status).toBe(201);
    expect(modelSchema.parse(created.body).features).toEqual({});
    expect((await s.request('POST', '/v1/models', { name: 'churn', type: 'binary' })).status).toBe(409);
    const r = await s.request('POST', '/v1/models/churn/predictions', {
      events: [{ id: 'x', features: { plan: 'pro', seats: 3, trial: false, note: null }, prediction: 'stay' }],
    });
    expect(r.status).toBe(200);
    const shown = await s.request('GET', '/v1/models/churn');
    expect(shown.body.features).toEqual({ plan: 'categorical', seats: 'numeric', trial: 'boolean' });
    expect(shown.body.versions).toEqual(['default']);
    const list = await s.request('GET', '/v1/models');
    expect(list.body.models.map((m: { name: string }) => m.name)).toEqual(['churn', 'credit']);
  });

  it('rejects a bad model definition with the field path', async () => {
    const r = await s.request('POST', '/v1/models', { name: 'bad name!', type: 'classifier' });
    expect(r.status).toBe(400);
    const paths = errorResponseSchema.parse(r.body).error.details!.map((d) => d.path);
    expect(paths).toEqual(['name', 'type']);
  });
});

describe('ingest', () => {
  it('stores a batch, counts repeated ids once, and returns a stored prediction with its label', async () => {
    const first = await s.request('POST', '/v1/models/credit/predictions', { events: [event('p1'), event('p2'), event('p2')] });
    expect(ingestResponseSchema.parse(first.body)).toEqual({ accepted: 2, duplicates: 1 });
    const again = await s.request('POST', '/v1/models/credit/predictions', { events: [event('p1'), event('p3')] });
    expect(again.body).toEqual({ accepted: 1, duplicates: 1 });
    // A label may arrive before its prediction.
    expect(
      (
        await s.request('POST', '/v1/models/credit/labels', {
          labels: [
            { id: 'p9', label: 0 },
            { id: 'p1', label: 1 },
          ],
        })
      ).body,
    ).toEqual({ accepted: 2, duplicates: 0 });
    await s.request('POST', '/v1/models/credit/predictions', { events: [event('p9')] });
    const got = await s.request('GET', '/v1/models/credit/predictions/p9');
    const rec = predictionRecordSchema.parse(got.body);
    expect(rec.label?.value).toBe(0);
    expect(rec.features).toEqual({ age: 40, city: 'Lyon' });
    expect(rec.timestamp).toBe('2026-11-27T10:00:00.000Z');
    expect((await s.request('GET', '/v1/models/credit/predictions/nope')).status).toBe(404);
  });

  it('takes NDJSON and gzip', async () => {
    const before = await count();
    const nd = [event('n1'), event('n2')].map((e) => JSON.stringify(e)).join('\n');
    const res = await fetch(`${s.url}/v1/models/credit/predictions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      body: gzipSync(nd),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    expect(await count()).toBe(before + 2);
  });

  it('reads Content-Encoding case-insensitively (GZIP, Gzip) and refuses an unknown one with the error shape', async () => {
    const before = await count();
    for (const [i, enc] of ['GZIP', ' Gzip '].entries()) {
      const res = await fetch(`${s.url}/v1/models/credit/predictions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json', 'content-encoding': enc },
        body: gzipSync(JSON.stringify({ events: [event(`gz${i}`)] })),
      });
      expect(res.status).toBe(200);
    }
    expect(await count()).toBe(before + 2);
    const res = await fetch(`${s.url}/v1/models/credit/predictions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json', 'content-encoding': 'br' },
      body: JSON.stringify({ events: [event('br')] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_ENCODING');
  });

  it('rejects a whole batch when one event is bad, naming every bad event', async () => {
    const before = await count();
    const r = await s.request('POST', '/v1/models/credit/predictions', {
      events: [
        event('ok1'),
        event('bad1', 'forty'),
        event('ok2'),
        { ...event('bad2'), prediction: 1.5 },
        { ...event('bad3'), prediction: { label: 1, score: 2.3 } },
      ],
    });
    expect(r.status).toBe(400);
    const details = errorResponseSchema.parse(r.body).error.details!;
    expect(details.map((d) => [d.index, d.path])).toEqual([
      [1, 'events[1].features.age'],
      [3, 'events[3].prediction'],
      [4, 'events[4].prediction'],
    ]);
    expect(details[0]!.message).toMatch(/number or null.*numeric.*"forty"/);
    expect(await count()).toBe(before);
    expect((await s.request('GET', '/v1/models/credit/predictions/ok1')).status).toBe(404);
  });

  it.each([
    ['wrong content type', { 'content-type': 'text/plain' }, 'hello', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['invalid JSON', { 'content-type': 'application/json' }, '{"events": [', 400, 'INVALID_JSON'],
    ['empty body', { 'content-type': 'application/json' }, '', 400, 'EMPTY_BODY'],
    ['a JSON array', { 'content-type': 'application/json' }, '[1]', 400, 'VALIDATION_FAILED'],
    [
      'a body over the limit',
      { 'content-type': 'application/json' },
      JSON.stringify({ events: [event('big')], pad: 'x'.repeat(70_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a bad NDJSON line', { 'content-type': 'application/x-ndjson' }, '{"id":"a"}\n{oops', 400, 'INVALID_JSON'],
  ])('answers %s with a specific error and writes nothing', async (_what, headers, body, status, code) => {
    const before = await count();
    const res = await fetch(`${s.url}/v1/models/credit/predictions`, { method: 'POST', headers: { authorization: `Bearer ${s.adminKey}`, ...headers }, body });
    expect(res.status).toBe(status);
    expect(errorResponseSchema.parse(await res.json()).error.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('answers 404 for an unknown model', async () => {
    const r = await s.request('POST', '/v1/models/ghost/predictions', { events: [event('g')] });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/POST \/v1\/models/);
  });

  it('rejects labels of the wrong type for regression models', async () => {
    await s.request('POST', '/v1/models', { name: 'price', type: 'regression' });
    const r = await s.request('POST', '/v1/models/price/labels', { labels: [{ id: 'a', label: 'high' }] });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('labels[0].label');
  });
});

describe('keys and projects', () => {
  it('needs a key, the right scope, and keeps projects apart', async () => {
    expect((await fetch(`${s.url}/v1/models`)).status).toBe(401);
    expect((await s.request('GET', '/v1/models', undefined, 'vgl_0000000000000000_' + 'A'.repeat(32))).status).toBe(401);
    expect((await s.request('GET', '/v1/models', undefined, 'not-a-key')).body.error.message).toMatch(/malformed/);

    const ingestKey = (await s.request('POST', '/v1/keys', { name: 'writer', scopes: ['ingest'] })).body.key as string;
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: [event('k1')] }, ingestKey)).status).toBe(200);
    const denied = await s.request('GET', '/v1/models/credit/predictions/k1', undefined, ingestKey);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/needs "read"/);
    expect((await s.request('POST', '/v1/models', { name: 'x', type: 'binary' }, ingestKey)).status).toBe(403);

    const project = await s.request('POST', '/v1/projects', { name: 'team-b' });
    expect(project.status).toBe(201);
    const otherKey = project.body.adminKey.key as string;
    expect((await s.request('GET', '/v1/models', undefined, otherKey)).body.models).toEqual([]);
    expect((await s.request('GET', '/v1/models/credit/predictions/k1', undefined, otherKey)).status).toBe(404);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: [event('intruder')] }, otherKey)).status).toBe(404);
    expect((await s.request('GET', '/v1/models/credit/predictions/intruder')).status).toBe(404);
    // Only the bootstrap key creates projects.
    expect((await s.request('POST', '/v1/projects', { name: 'team-c' }, otherKey)).status).toBe(403);

    const keys = (await s.request('GET', '/v1/keys')).body.keys as { id: string; name: string }[];
    const writer = keys.find((k) => k.name === 'writer')!;
    expect(Object.keys(writer)).not.toContain('key');
    expect((await s.request('DELETE', `/v1/keys/${writer.id}`)).status).toBe(204);
    expect((await s.request('POST', '/v1/models/credit/predictions', { events: [event('k2')] }, ingestKey)).status).toBe(401);
  });
});

describe('docs and metrics', () => {
  it('serves OpenAPI generated from the wire schemas and Prometheus metrics', async () => {
    const doc = (await (await fetch(`${s.url}/docs/openapi.json`)).json()) as {
      openapi: string;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas['PredictionBatch']!.properties!)).toEqual(['events']);
    expect((await fetch(`${s.url}/docs`)).headers.get('content-type')).toMatch(/text\/html/);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text).toMatch(/vigil_ingest_events_total\{project="default",model="credit",kind="prediction"\} \d+/);
    expect(text).toMatch(/vigil_ingest_rejected_requests_total\{reason="VALIDATION_FAILED"\} \d+/);
    expect(text).toMatch(/vigil_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/v1\/models\/:model\/predictions",status="200"\}/);
  });
});
