// NUL characters in ids, names, labels and path or query values: refused with a 400 naming the
// field on both stores (PostgreSQL answered 500, since its text cannot hold U+0000).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';
import { nulDetails } from './nul-characters.js';

const NUL = '\u0000';

describe('nulDetails', () => {
  it('names every string and key holding a NUL, at any depth', () => {
    let deep: unknown = `x${NUL}`;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(nulDetails(deep, '')).toHaveLength(1);
    expect(
      nulDetails({ a: [{ b: `1${NUL}` }], [`k${NUL}`]: 1, c: 'fine' }, 'query')
        .map((d) => d.path)
        .sort(),
    ).toEqual(['query.a[0].b', 'query["k\\u0000"]']);
    expect(nulDetails({ a: 'fine', n: 1 }, 'params')).toEqual([]);
  });
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`NUL characters (${kind})`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await createTestServerOn(kind);
      expect((await server.request('POST', '/v1/models', { name: 'm', type: 'binary' })).status).toBe(201);
    });
    afterAll(() => server.close());

    const refused = async (method: string, path: string, body: unknown, field: string): Promise<void> => {
      const r = await server.request(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    };

    it('refuses NUL in event ids, labels, versions, feature names and values, and segments', async () => {
      const event = { id: 'e1', features: { x: 1 }, prediction: 0.5 };
      await refused('POST', '/v1/models/m/predictions', { events: [{ ...event, id: `a${NUL}b` }] }, 'events[0].id');
      await refused('POST', '/v1/models/m/predictions', { events: [{ ...event, version: `v${NUL}` }] }, 'events[0].version');
      await refused('POST', '/v1/models/m/predictions', { events: [{ ...event, features: { x: `a${NUL}` } }] }, 'events[0].features.x');
      await refused('POST', '/v1/models/m/predictions', { events: [{ ...event, segment: { region: NUL } }] }, 'events[0].segment.region');
      await refused('POST', '/v1/models/m/labels', { labels: [{ id: `a${NUL}b`, label: 1 }] }, 'labels[0].id');
      await refused('POST', '/v1/models/m/labels', { labels: [{ id: 'e1', label: `y${NUL}` }] }, 'labels[0].label');
      await refused('POST', '/v1/models/m/metrics', { metrics: [{ name: 'gpu', value: 1, labels: { gpu: NUL } }] }, 'metrics[0].labels.gpu');
      expect((await server.request('POST', '/v1/models/m/predictions', { events: [event] })).body).toEqual({ accepted: 1, duplicates: 0 });
    });

    it('refuses NUL in path parameters and query values', async () => {
      await refused('GET', '/v1/models/m/predictions/a%00b', undefined, 'params.id');
      await refused('DELETE', '/v1/channels/a%00', undefined, 'params.name');
      await refused('GET', '/v1/models/m%00', undefined, 'params.model');
      await refused('POST', '/v1/models/m%00/predictions', { events: [{ id: 'e', features: {}, prediction: 1 }] }, 'params.model');
      await refused('GET', '/v1/models?after=%00', undefined, 'query.after');
      await refused('GET', '/v1/models/m/series?metric=volume&version=%00', undefined, 'query.version');
    });

    it('refuses NUL anywhere in the JSON bodies of admin routes', async () => {
      await refused('POST', '/v1/keys', { name: `k${NUL}`, scopes: ['read'] }, 'name');
      await refused('POST', '/v1/models', { name: 'm2', type: 'binary', description: NUL }, 'description');
      await refused('POST', '/v1/models', { name: 'm2', type: 'binary', features: { [`f${NUL}`]: 'numeric' } }, 'features["f\\u0000"]');
      await refused('POST', '/v1/monitors', { name: 'v', model: 'm', type: 'volume', min: 1, annotations: { summary: `s${NUL}` } }, 'annotations.summary');
      expect((await server.request('GET', '/v1/models/m2')).status).toBe(404);
      expect((await server.request('GET', '/v1/models/m')).status).toBe(200);
    });
  });
}
