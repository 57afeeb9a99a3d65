// Ingest's auto-create (`autoCreateModels`) on both stores: a model is created with its first
// accepted batch, in the batch's transaction, and only under a name every route can reach.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const event = (id: string, prediction: unknown, x: unknown = 1) => ({ id, features: { x }, prediction });

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`auto-created models (${kind})`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await createTestServerOn(kind, { autoCreateModels: true });
    });
    afterAll(() => server.close());

    const modelNames = async (): Promise<string[]> => (await server.request('GET', '/v1/models')).body.models.map((m: { name: string }) => m.name);

    it('creates nothing for a refused batch', async () => {
      // The first score makes it binary; the second is outside [0, 1].
      const r = await server.request('POST', '/v1/models/fresh/predictions', { events: [event('a', 0.4), event('b', 5)] });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('events[1].prediction');
      expect((await server.request('GET', '/v1/models/fresh')).status).toBe(404);
      const mixed = await server.request('POST', '/v1/models/fresh/predictions', { events: [event('a', 0.4, 1), event('b', 0.3, 'text')] });
      expect(mixed.status).toBe(400);
      expect(await modelNames()).not.toContain('fresh');
    });

    it('creates the model with its first accepted batch, features learnt', async () => {
      const r = await server.request('POST', '/v1/models/fresh/predictions', { events: [event('a', 0.4), event('b', 0.7)] });
      expect(r.body).toEqual({ accepted: 2, duplicates: 0 });
      const m = await server.request('GET', '/v1/models/fresh');
      expect(m.status).toBe(200);
      expect(m.body).toMatchObject({ name: 'fresh', type: 'binary', features: { x: 'numeric' }, versions: ['default'] });
      expect((await server.request('GET', '/v1/models/fresh/predictions/a')).status).toBe(200);
    });

    it('creates one model when concurrent first batches race, and keeps every event', async () => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => server.request('POST', '/v1/models/raced/predictions', { events: [event(`r${i}`, 0.5)] })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect((await modelNames()).filter((n) => n === 'raced')).toHaveLength(1);
      for (let i = 0; i < 6; i++) expect((await server.request('GET', `/v1/models/raced/predictions/r${i}`)).status).toBe(200);
    });

    it('refuses every name outside the one rule of names, and creates none of them', async () => {
      const before = await modelNames();
      for (const name of ['../../etc', 'a\u0000b', "m1'; DROP TABLE models;--", 'a/b', '"m1 "', '😀', '.hidden']) {
        const r = await server.request('POST', `/v1/models/${encodeURIComponent(name)}/predictions`, { events: [event('a', 0.4)] });
        expect(r.status, name).toBe(400);
        expect(r.body.error.details[0].path, name).toBe('params.model');
      }
      expect(await modelNames()).toEqual(before);
    });
  });
}
