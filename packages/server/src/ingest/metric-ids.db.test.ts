// Custom metric points with ids: a retried batch is counted once, as predictions are, on both stores.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const now = Date.UTC(2026, 10, 27, 9);

describe.each(['sqlite', 'postgres'] as const)('metric ids on %s', (kind) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await createTestServerOn(kind, {}, { clock: () => now });
    expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary', features: { x: 'numeric' } })).status).toBe(201);
  });
  afterAll(() => s.close());

  it('stores a retried batch once and counts its points as duplicates; points without ids are all kept', async () => {
    const metrics = [
      { id: 'c1', name: 'cost', value: 2, timestamp: now - 60_000 },
      { id: 'c2', name: 'cost', value: 3, timestamp: now - 60_000 },
      { id: 'c2', name: 'cost', value: 3, timestamp: now - 60_000 },
    ];
    expect((await s.request('POST', '/v1/models/m/metrics', { metrics })).body).toEqual({ accepted: 2, duplicates: 1 });
    expect((await s.request('POST', '/v1/models/m/metrics', { metrics })).body).toEqual({ accepted: 0, duplicates: 3 });
    const plain = [{ name: 'cost', value: 5, timestamp: now - 60_000 }];
    expect((await s.request('POST', '/v1/models/m/metrics', { metrics: plain })).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await s.request('POST', '/v1/models/m/metrics', { metrics: plain })).body).toEqual({ accepted: 1, duplicates: 0 });
    const rows = await s.store.db.selectFrom('custom_metrics').select(['event_id', 'value']).orderBy('seq').execute();
    expect(rows.map((r) => [r.event_id, r.value])).toEqual([
      ['c1', 2],
      ['c2', 3],
      [null, 5],
      [null, 5],
    ]);
  });

  it('refuses an empty metric id', async () => {
    const r = await s.request('POST', '/v1/models/m/metrics', { metrics: [{ id: '', name: 'cost', value: 1 }] });
    expect(r.status).toBe(400);
  });
});
