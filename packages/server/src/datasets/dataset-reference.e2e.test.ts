// A dataset as a model's reference: every batch's rows become the reference (with the label and
// prediction columns it names), drift then runs against them; an unknown dataset is a 400 naming it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftResponseSchema, errorResponseSchema, modelSchema, referenceInfoSchema } from '@vigil/wire';
import { createTestServer, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const now = Date.UTC(2026, 10, 27, 12);
let s: TestServer;

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric', c: 'categorical' } })).status).toBe(201);
  const def = { name: 'training', entityKey: 'id', features: { x: 'numeric', c: 'categorical', y: 'numeric', p: 'numeric' } };
  expect((await s.request('POST', '/v1/datasets', def)).status).toBe(201);
  for (const b of [0, 1]) {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      id: `r${b}-${i}`,
      x: (i % 10) + b,
      c: i % 2 === 0 ? 'a' : 'b',
      y: i % 2,
      p: i % 2 === 0 ? 0.2 : 0.8,
    }));
    expect((await s.request('POST', '/v1/datasets/training/rows', { rows })).status).toBe(201);
  }
});
afterAll(async () => {
  await s.close();
});

describe('a dataset as reference', () => {
  it("takes every batch's rows, with the label and prediction columns named", async () => {
    const r = await s.request('POST', '/v1/models/m/reference', { dataset: 'training', target: 'y', prediction: 'p' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(referenceInfoSchema.parse(r.body)).toMatchObject({ model: 'm', rows: 300, source: 'dataset training' });
    expect(modelSchema.parse((await s.request('GET', '/v1/models/m')).body).reference).toMatchObject({ rows: 300, source: 'dataset training' });
  });

  it('is what drift compares with', async () => {
    // Events like the second batch: x shifted by one against half the reference.
    const events = Array.from({ length: 200 }, (_, i) => ({
      id: `e${i}`,
      timestamp: now - 600_000 + i,
      features: { x: (i % 10) + 5, c: 'a' },
      prediction: 0.5,
    }));
    expect((await s.request('POST', '/v1/models/m/predictions', { events })).status).toBe(200);
    await profileAll(s, now);
    const d = driftResponseSchema.parse((await s.request('GET', `/v1/models/m/drift?from=${now - 3_600_000}&to=${now}`)).body);
    expect(d.features.find((f) => f.name === 'x')).toMatchObject({ referenceCount: 300, drifted: true });
    expect(d.features.find((f) => f.name === 'c')).toMatchObject({ referenceCount: 300, drifted: true });
  });

  it('refuses an unknown dataset, naming it, and keeps the reference', async () => {
    const r = await s.request('POST', '/v1/models/m/reference', { dataset: 'nope' });
    expect(r.status).toBe(400);
    expect(errorResponseSchema.parse(r.body).error.details?.map((x) => x.path)).toEqual(['dataset']);
    expect(modelSchema.parse((await s.request('GET', '/v1/models/m')).body).reference).toMatchObject({ rows: 300 });
  });
});
