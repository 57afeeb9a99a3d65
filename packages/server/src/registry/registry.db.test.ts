// The model registry on both stores: versions seen in events appear unregistered (created on first
// sight), registration fills their record, aliases point to one version each with their history,
// lineage runs dataset → version → deployment, and every change is in the audit log.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineageSchema, modelAliasListSchema, modelVersionListSchema, modelVersionSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the model registry (${kind})`, () => {
    let s: TestServer;

    beforeAll(async () => {
      s = await createTestServerOn(kind);
      expect((await s.request('POST', '/v1/models', { name: 'credit', type: 'binary' })).status).toBe(201);
      const events = [1, 2].map((i) => ({
        id: `e${i}`,
        timestamp: '2026-11-27T10:00:00Z',
        version: 'v1',
        features: { a: i },
        prediction: { label: 1, score: 0.7 },
      }));
      expect((await s.request('POST', '/v1/models/credit/predictions', { events })).status).toBe(200);
    });
    afterAll(() => s.close());

    it('lists a version seen only in events as unregistered, created on first sight', async () => {
      const r = modelVersionListSchema.parse((await s.request('GET', '/v1/models/credit/versions')).body);
      expect(r.versions).toHaveLength(1);
      expect(r.versions[0]).toMatchObject({ version: 'v1', registered: false, artifactUri: null, aliases: [] });
      expect(r.versions[0]!.firstSeen).not.toBeNull();
    });

    it('registers versions with their artifact, datasets, commit, parameters and declared metrics', async () => {
      const body = {
        version: 'v2',
        artifactUri: 's3://models/credit/v2.onnx',
        artifactDigest: 'sha256:aa',
        trainingDatasetDigest: 'sha256:train2',
        referenceDatasetDigest: 'sha256:ref2',
        codeCommit: '9f1c2d3',
        parameters: { depth: 6, lr: 0.1 },
        metrics: { accuracy: 0.91, roc_auc: 0.95 },
        description: 'retrained on Q3',
        tags: { team: 'risk' },
      };
      const created = await s.request('POST', '/v1/models/credit/versions', body);
      expect(created.status).toBe(201);
      expect(modelVersionSchema.parse(created.body)).toMatchObject({ ...body, registered: true, createdBy: 'bootstrap admin' });
      expect((await s.request('POST', '/v1/models/credit/versions', body)).status).toBe(409);
      // The version seen in events becomes registered.
      const v1 = await s.request('POST', '/v1/models/credit/versions', { version: 'v1', trainingDatasetDigest: 'sha256:train1', metrics: { accuracy: 0.88 } });
      expect(v1.status).toBe(201);
      expect(v1.body).toMatchObject({ version: 'v1', registered: true });
      expect(v1.body.firstSeen).not.toBeNull();
      const replaced = await s.request('PUT', '/v1/models/credit/versions/v2', { ...body, version: undefined, metrics: { accuracy: 0.92 } });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ metrics: { accuracy: 0.92 }, createdBy: 'bootstrap admin' });
      expect((await s.request('GET', '/v1/models/credit/versions/v2')).body.metrics).toEqual({ accuracy: 0.92 });
      expect((await s.request('GET', '/v1/models/credit/versions/nope')).status).toBe(404);
      const bad = await s.request('POST', '/v1/models/credit/versions', { version: 'v3', metrics: { accuracy: 'high' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('metrics.accuracy');
      expect((await s.request('GET', '/v1/models/credit/versions/v3')).status).toBe(404);
    });

    it('points aliases at one version each and keeps their history', async () => {
      expect((await s.request('PUT', '/v1/models/credit/aliases/champion', { version: 'v1', trafficShare: 0.9, environment: 'prod' })).status).toBe(200);
      expect((await s.request('PUT', '/v1/models/credit/aliases/challenger', { version: 'v2', trafficShare: 0.1, environment: 'prod' })).status).toBe(200);
      const promoted = await s.request('PUT', '/v1/models/credit/aliases/champion', { version: 'v2', trafficShare: 1 });
      expect(promoted.body).toMatchObject({ alias: 'champion', version: 'v2', trafficShare: 1, updatedBy: 'bootstrap admin' });
      const unknown = await s.request('PUT', '/v1/models/credit/aliases/champion', { version: 'v9' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details[0].path).toBe('version');
      expect((await s.request('DELETE', '/v1/models/credit/aliases/challenger')).status).toBe(204);
      expect((await s.request('DELETE', '/v1/models/credit/aliases/challenger')).status).toBe(404);
      const list = modelAliasListSchema.parse((await s.request('GET', '/v1/models/credit/aliases')).body);
      expect(list.aliases.map((a) => [a.alias, a.version])).toEqual([['champion', 'v2']]);
      expect(list.history.map((h) => [h.alias, h.previousVersion, h.version])).toEqual([
        ['champion', null, 'v1'],
        ['challenger', null, 'v2'],
        ['champion', 'v1', 'v2'],
        ['challenger', 'v2', null],
      ]);
      expect((await s.request('GET', '/v1/models/credit/versions/v2')).body.aliases).toEqual(['champion']);
      expect((await s.request('PUT', '/v1/models/credit/aliases/1bad', { version: 'v1' })).status).toBe(400);
    });

    it('answers the lineage dataset → version → deployment', async () => {
      const l = lineageSchema.parse((await s.request('GET', '/v1/models/credit/lineage')).body);
      expect(l.datasets).toEqual(
        expect.arrayContaining([
          { digest: 'sha256:train1', role: 'training', versions: ['v1'] },
          { digest: 'sha256:train2', role: 'training', versions: ['v2'] },
          { digest: 'sha256:ref2', role: 'reference', versions: ['v2'] },
        ]),
      );
      expect(l.versions.map((v) => [v.version, v.aliases])).toEqual([
        ['v1', []],
        ['v2', ['champion']],
      ]);
      expect(l.deployments.at(-2)).toMatchObject({ alias: 'champion', previousVersion: 'v1', version: 'v2', trafficShare: 1 });
    });

    it('records every registry change in the audit log', async () => {
      const entries = (await s.request('GET', '/v1/audit?limit=20')).body.entries as {
        action: string;
        entity: { type: string; id: string; model?: string };
        diff: unknown[];
      }[];
      const actions = entries.map((e) => e.action).reverse();
      expect(actions).toEqual([
        'model.create',
        'modelVersion.create',
        'modelVersion.create',
        'modelVersion.update',
        'modelAlias.update',
        'modelAlias.update',
        'modelAlias.update',
        'modelAlias.delete',
      ]);
      const promote = entries.filter((e) => e.action === 'modelAlias.update')[0]!;
      expect(promote.entity).toEqual({ type: 'modelAlias', id: 'champion', model: 'credit' });
      expect(promote.diff).toContainEqual(expect.objectContaining({ path: 'version', before: 'v1', after: 'v2' }));
    });

    it('keeps another project out', async () => {
      const other = (await s.request('POST', '/v1/projects', { name: 'elsewhere' })).body.adminKey.key as string;
      expect((await s.request('GET', '/v1/models/credit/versions', undefined, other)).status).toBe(404);
      expect((await s.request('PUT', '/v1/models/credit/aliases/champion', { version: 'v1' }, other)).status).toBe(404);
    });
  });
}
