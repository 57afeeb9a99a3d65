// Deleting models and projects with everything in them, on both stores: one transaction each,
// nothing of them left in any table, the rest untouched, and the caches forgotten.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn, profileAll } from '../testing.js';
import type { TestServer } from '../testing.js';

const T0 = Date.UTC(2026, 10, 25);
const now = T0 + 3_600_000;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`deletion (${kind})`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await createTestServerOn(kind, { bucket: '1h' }, { clock: () => now });
    });
    afterAll(() => server.close());

    /** Rows of a table that belong to a model id (or project id). */
    const count = async (table: 'predictions' | 'labels' | 'custom_metrics' | 'model_versions' | 'reference_data' | 'profile_parts' | 'monitors', id: number) =>
      Number(
        (
          await server.services.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('model_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );

    const fill = async (key: string, model: string): Promise<number> => {
      expect((await server.request('POST', '/v1/models', { name: model, type: 'binary', features: { x: 'numeric' } }, key)).status).toBe(201);
      const events = Array.from({ length: 20 }, (_, i) => ({ id: `e${i}`, timestamp: T0 + i, features: { x: i }, prediction: i / 20 }));
      expect((await server.request('POST', `/v1/models/${model}/predictions`, { events }, key)).status).toBe(200);
      expect((await server.request('POST', `/v1/models/${model}/labels`, { labels: [{ id: 'e1', label: 1 }] }, key)).status).toBe(200);
      expect((await server.request('POST', `/v1/models/${model}/metrics`, { metrics: [{ name: 'gpu', value: 1, timestamp: T0 }] }, key)).status).toBe(200);
      const rows = events.map((e) => ({ x: e.features.x, y: 1, p: 0.5 }));
      expect((await server.request('POST', `/v1/models/${model}/reference`, { rows, target: 'y', prediction: 'p' }, key)).status).toBe(201);
      expect((await server.request('POST', '/v1/monitors', { name: `vol-${model}`, model, type: 'volume', min: 1000 }, key)).status).toBe(201);
      await profileAll(server, now);
      await server.services.alerting.evaluateDue(now + 120_000);
      const row = await server.services.store.db.selectFrom('models').select('id').where('name', '=', model).executeTakeFirstOrThrow();
      return row.id;
    };

    it('deletes a model with its events, labels, metrics, reference, profiles, monitors and alerts', async () => {
      const gone = await fill(server.adminKey, 'doomed');
      const kept = await fill(server.adminKey, 'kept');
      for (const t of ['predictions', 'labels', 'custom_metrics', 'model_versions', 'reference_data', 'profile_parts', 'monitors'] as const)
        expect(await count(t, gone), t).toBeGreaterThan(0);
      expect((await server.request('GET', '/v1/models/doomed')).status).toBe(200); // cached now
      const r = await server.request('DELETE', '/v1/models/doomed');
      expect(r.status).toBe(204);
      expect((await server.request('GET', '/v1/models/doomed')).status).toBe(404);
      expect((await server.request('POST', '/v1/models/doomed/predictions', { events: [{ id: 'z', features: { x: 1 }, prediction: 0.1 }] })).status).toBe(404);
      for (const t of ['predictions', 'labels', 'custom_metrics', 'model_versions', 'reference_data', 'profile_parts', 'monitors'] as const) {
        expect(await count(t, gone), t).toBe(0);
        expect(await count(t, kept), t).toBeGreaterThan(0);
      }
      expect((await server.request('GET', '/v1/monitors/vol-doomed')).status).toBe(404);
      const alerts = (await server.request('GET', '/v1/alerts')).body.alerts as { labels: Record<string, string> }[];
      expect(alerts.some((a) => a.labels['model'] === 'doomed')).toBe(false);
      expect(alerts.some((a) => a.labels['model'] === 'kept')).toBe(true);
      expect((await server.request('DELETE', '/v1/models/doomed')).status).toBe(404);
      // The name is free again.
      expect((await server.request('POST', '/v1/models', { name: 'doomed', type: 'regression' })).status).toBe(201);
    });

    it('deletes a model under a name stored before names were checked', async () => {
      const project = await server.services.store.findProject('default');
      await server.services.store.createModel({
        project_id: project!.id,
        name: '"m1 "',
        type: 'binary',
        features: '{}',
        positive_class: null,
        description: null,
        created_at: T0,
      });
      expect((await server.request('DELETE', `/v1/models/${encodeURIComponent('"m1 "')}`)).status).toBe(204);
      expect(await server.services.store.findModel(project!.id, '"m1 "')).toBeUndefined();
    });

    it('deletes a project with everything in it, keys included, for a root key only and never its own', async () => {
      const created = await server.request('POST', '/v1/projects', { name: 'tenant' });
      expect(created.status).toBe(201);
      const tenantKey = created.body.adminKey.key as string;
      const modelId = await fill(tenantKey, 'tm');
      expect((await server.request('POST', '/v1/channels', { name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x' }, tenantKey)).status).toBe(201);
      expect((await server.request('GET', '/v1/keys/me', undefined, tenantKey)).status).toBe(200); // cached now

      expect((await server.request('DELETE', '/v1/projects/tenant', undefined, tenantKey)).status).toBe(403);
      expect((await server.request('DELETE', '/v1/projects/default')).status).toBe(409);
      expect((await server.request('DELETE', '/v1/projects/nope')).status).toBe(404);
      expect((await server.request('DELETE', '/v1/projects/tenant')).status).toBe(204);

      expect((await server.request('GET', '/v1/keys/me', undefined, tenantKey)).status).toBe(401);
      const db = server.services.store.db;
      expect(await server.services.store.findProject('tenant')).toBeUndefined();
      for (const t of ['predictions', 'labels', 'custom_metrics', 'model_versions', 'reference_data', 'profile_parts', 'monitors'] as const)
        expect(await count(t, modelId), t).toBe(0);
      for (const t of ['api_keys', 'models', 'channels', 'monitors', 'alerts', 'alert_events'] as const) {
        const left = await db.selectFrom(t).select('project_id').where('project_id', 'not in', db.selectFrom('projects').select('id')).execute();
        expect(left, t).toEqual([]);
      }
      expect((await server.request('GET', '/v1/models/kept')).status).toBe(200);
      expect((await server.request('POST', '/v1/projects', { name: 'tenant' })).status).toBe(201);
    });
  });
}
