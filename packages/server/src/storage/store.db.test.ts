// One contract for both stores: the same tests run on SQLite and on PostgreSQL (database `test`
// on 127.0.0.1, a fresh schema per run).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetProfile, PerformanceAccumulator } from '@vigil/core';
import { Profiler } from '../profiler/profiler.js';
import { createTestSchema } from '../testing.js';
import { openStore } from './open-store.js';
import type { NewPrediction, Store } from './store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27);

function prediction(id: string, ts: number, x: number, score: number, version = 'v1'): NewPrediction {
  return {
    event_id: id,
    ts,
    version,
    segment: '',
    features: JSON.stringify({ x, c: x > 0 ? 'pos' : 'neg' }),
    prediction: JSON.stringify({ score }),
    latency_ms: 10 + x,
    cost_usd: null,
    trace_id: null,
    received_at: ts,
  };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`store contract (${kind})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let modelId: number;

    beforeAll(async () => {
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
        store = await openStore({ location: join(dir, 'vigil.db') });
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const schema = await createTestSchema();
        store = await openStore({ location: schema.url, poolSize: 4 });
        cleanup = schema.drop;
      }
      const project = await store.createProject('p', { id: 'k1', name: 'admin', hash: 'h', scopes: 'admin', root: 1, created_at: T0, revoked_at: null }, T0);
      const model = await store.createModel({
        project_id: project!.id,
        name: 'm',
        type: 'binary',
        features: '{"x":"numeric","c":"categorical"}',
        positive_class: null,
        description: null,
        created_at: T0,
      });
      modelId = model!.id;
    });
    afterAll(async () => {
      await store.close();
      await cleanup();
    });

    it('migrates idempotently and keeps names unique', async () => {
      expect(
        await store.createModel({ project_id: 1, name: 'm', type: 'binary', features: '{}', positive_class: null, description: null, created_at: T0 }),
      ).toBeUndefined();
      expect(
        await store.createProject('p', { id: 'k2', name: 'a', hash: 'h', scopes: 'admin', root: 0, created_at: T0, revoked_at: null }, T0),
      ).toBeUndefined();
      expect((await store.findKey('k1'))?.root).toBe(1);
    });

    it('inserts predictions once per id, atomically, and finds them', async () => {
      const w = await store.insertPredictions(modelId, [prediction('a', T0, 1, 0.9), prediction('b', T0 + 1, -1, 0.2), prediction('a', T0 + 2, 5, 0.5)], T0);
      expect(w).toEqual({ accepted: 2, duplicates: 1 });
      const found = await store.findPrediction(modelId, 'a');
      expect(JSON.parse(found!.prediction.features)).toEqual({ x: 1, c: 'pos' });
      expect(found!.prediction.ts).toBe(T0);
      expect(await store.listVersions(modelId)).toEqual(['v1']);
      const many = Array.from({ length: 1234 }, (_, i) => prediction(`bulk${i}`, T0 + HOUR + i, i % 7, (i % 10) / 10, i % 2 === 0 ? 'v1' : 'v2'));
      expect(await store.insertPredictions(modelId, many, T0)).toEqual({ accepted: 1234, duplicates: 0 });
      expect(await store.countPredictions(modelId)).toBe(1236);
      expect((await store.predictionsInWindow(modelId, T0 + HOUR, T0 + HOUR + 10, 100)).map((p) => p.event_id)).toEqual(
        Array.from({ length: 10 }, (_, i) => `bulk${i}`),
      );
    });

    it('profiles incrementally and joins each label exactly once, whichever arrives first', async () => {
      const profiler = new Profiler(store, { bucketMs: HOUR, batchSize: 500 });
      await store.insertLabels(modelId, [{ event_id: 'a', label: '1', ts: T0, received_at: T0 }]); // after its prediction
      await store.insertLabels(modelId, [{ event_id: 'late', label: '0', ts: T0, received_at: T0 }]); // before its prediction
      const first = await profiler.catchUp(T0);
      expect(first.predictions).toBe(1236);
      await store.insertPredictions(modelId, [prediction('late', T0 + 5, 2, 0.7)], T0);
      await store.insertLabels(modelId, [{ event_id: 'b', label: '0', ts: T0, received_at: T0 }]);
      await profiler.catchUp(T0);
      expect((await profiler.catchUp(T0)).predictions).toBe(0);

      const parts = await store.profileParts(modelId, T0, T0 + HOUR);
      const merged = new DatasetProfile();
      let perf: PerformanceAccumulator | null = null;
      for (const p of parts) {
        merged.mergeFrom(DatasetProfile.fromBytes(p.profile));
        if (p.performance !== null) {
          const acc = PerformanceAccumulator.fromJSON(JSON.parse(p.performance));
          perf = perf === null ? acc : perf.merge(acc);
        }
      }
      expect(merged.rowCount).toBe(3); // a, b, late
      expect(merged.columns.get('f.x')!.moments.mean).toBeCloseTo((1 - 1 + 2) / 3, 12);
      expect(perf!.count).toBe(3); // a (1 vs score 0.9 → 1), b (0 vs 0.2 → 0), late (0 vs 0.7 → 1)
      expect(perf!.metrics()).toMatchObject({ accuracy: 2 / 3 });

      const v2 = await store.profileParts(modelId, T0 + HOUR, T0 + 2 * HOUR, 'v2');
      expect(v2.reduce((n, p) => n + p.rows, 0)).toBe(617);
    });

    it('compacts closed buckets without changing what they hold', async () => {
      const profiler = new Profiler(store, { bucketMs: HOUR });
      const before = await store.profileParts(modelId, T0, T0 + 2 * HOUR);
      const rows = before.reduce((n, p) => n + p.rows, 0);
      expect(before.length).toBeGreaterThan(3);
      await profiler.compact(T0 + 10 * HOUR);
      const after = await store.profileParts(modelId, T0, T0 + 2 * HOUR);
      expect(after.length).toBe(3); // (v1, T0), (v1, T0+1h), (v2, T0+1h)
      expect(after.reduce((n, p) => n + p.rows, 0)).toBe(rows);
    });

    it('stores custom metrics and deletes raw events past retention', async () => {
      await store.insertMetrics(modelId, [
        { name: 'gpu', value: 0.5, ts: T0, labels: '' },
        { name: 'gpu', value: 0.7, ts: T0 + 1, labels: '{"gpu":"0"}' },
      ]);
      expect((await store.metricSeries(modelId, 'gpu', T0, T0 + 10, 10)).map((r) => r.value)).toEqual([0.5, 0.7]);
      const gone = await store.deleteRawBefore(T0 + HOUR);
      expect(gone).toBeGreaterThanOrEqual(3 + 3 + 2);
      expect(await store.countPredictions(modelId)).toBe(1234);
    });
  });
}
