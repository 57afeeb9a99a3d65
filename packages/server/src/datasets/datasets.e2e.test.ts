// Datasets over a real socket on both stores: definitions checked at the edge (a bad cron or
// freshness is a 400 naming the field), batches in four formats read to the same rows and the same
// digest, a wrong type refused naming the row and column with nothing stored, quality per batch,
// freshness on the server's clock, and the series.

import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetBatchSchema, datasetListSchema, datasetSchema, errorResponseSchema, seriesResponseSchema } from '@vigil/wire';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

const T0 = Date.UTC(2026, 10, 27, 9);

/** POSTs a body of the given content type; parses the JSON answer. */
async function post(s: TestServer, path: string, body: string | Uint8Array, contentType: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType }, body });
  return { status: res.status, body: await res.json() };
}

/** A 400 whose details name exactly these paths (each once or more). */
function expectRefused(r: { status: number; body: unknown }, paths: string[], message?: RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  const { error } = errorResponseSchema.parse(r.body);
  expect([...new Set(error.details?.map((d) => d.path))]).toEqual(paths);
  if (message !== undefined) expect(error.message).toMatch(message);
}

const ROWS = [
  { customer: 'c1', age: 31, purpose: 'car', vip: true },
  { customer: 'c2', age: 45.5, purpose: 'house', vip: false },
  { customer: 'c3', age: null, purpose: 'car', vip: true },
  { customer: 'c4', age: 22, purpose: null, vip: false },
];
const CSV = 'customer,age,purpose,vip\nc1,31,car,True\nc2,45.5,house,False\nc3,,car,True\nc4,22,,False\n';

describe.each(['sqlite', 'postgres'] as const)('datasets on %s', (kind) => {
  let s: TestServer;
  let now = T0;

  beforeAll(async () => {
    s = await createTestServerOn(kind, { bucket: '1m' }, { clock: () => now });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a bad definition naming the field, and stores nothing', async () => {
    const base = { features: { age: 'numeric' } };
    expectRefused(await s.request('POST', '/v1/datasets', { ...base, name: 'bad', schedule: '61 * * * *' }), ['schedule'], /minute/);
    expectRefused(await s.request('POST', '/v1/datasets', { ...base, name: 'bad', schedule: '0 0 31 2 *' }), ['schedule'], /never runs/);
    expectRefused(await s.request('POST', '/v1/datasets', { ...base, name: 'bad', freshness: '4 hours' }), ['freshness']);
    expectRefused(await s.request('POST', '/v1/datasets', { name: 'bad', features: { age: 'number' } }), ['features.age']);
    expectRefused(await s.request('POST', '/v1/datasets', { name: 'bad', features: {} }), ['features']);
    expectRefused(await s.request('POST', '/v1/datasets', { ...base, name: 'bad', timestampColumn: 'age' }), ['timestampColumn']);
    expect((await s.request('GET', '/v1/datasets/bad')).status).toBe(404);
    expect(datasetListSchema.parse((await s.request('GET', '/v1/datasets')).body).datasets).toEqual([]);
  });

  it('creates a dataset and answers it in the documented shape', async () => {
    const r = await s.request('POST', '/v1/datasets', {
      name: 'customers',
      entityKey: 'customer',
      features: { age: 'numeric', purpose: 'categorical', vip: 'boolean' },
      freshness: '4s',
      expectedRows: { min: 2 },
      schedule: '0 * * * *',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({
      name: 'customers',
      rows: 0,
      batches: 0,
      lastUpdateAt: null,
      freshness: { status: 'unknown', ageSeconds: null, limitSeconds: 4 },
      schema: { age: 'numeric', purpose: 'categorical', vip: 'boolean' },
      lastBatch: null,
    });
    expect((await s.request('POST', '/v1/datasets', { name: 'customers', features: { a: 'numeric' } })).status).toBe(409);
  });

  let digest = '';
  it('takes JSON rows: profiled, digested and judged, fresh on arrival', async () => {
    const r = await s.request('POST', '/v1/datasets/customers/rows', { rows: [...ROWS.map((x) => ({ ...x, extra: 1 }))] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const b = datasetBatchSchema.parse(r.body);
    expect(b).toMatchObject({ dataset: 'customers', batch: 1, rows: 4, receivedAt: new Date(now).toISOString() });
    expect(b.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.schema).toEqual({ customer: 'entity', age: 'numeric', purpose: 'categorical', vip: 'boolean' });
    // 2 missing cells among 4 rows × 3 features; the first batch is the reference, so no out-of-range share.
    expect(b.quality).toEqual({ missingShare: 2 / 12, outOfRangeShare: null, typeViolations: 0, missingFeatures: [], unknownColumns: ['extra'] });
    digest = b.digest;
    const info = datasetSchema.parse((await s.request('GET', '/v1/datasets/customers')).body);
    expect(Object.keys(info).sort()).toEqual(['batches', 'freshness', 'lastBatch', 'lastUpdateAt', 'name', 'rows', 'schema']);
    expect(info).toMatchObject({
      rows: 4,
      batches: 1,
      lastUpdateAt: new Date(now).toISOString(),
      freshness: { status: 'fresh', ageSeconds: 0, limitSeconds: 4 },
    });
    expect(info.lastBatch).toEqual({ rows: 4, digest, quality: b.quality });
  });

  it('reads the same rows from CSV, NDJSON and Parquet: the same digest', async () => {
    now += 1000;
    const csv = await post(s, '/v1/datasets/customers/rows', CSV, 'text/csv');
    expect(csv.status, JSON.stringify(csv.body)).toBe(201);
    expect(datasetBatchSchema.parse(csv.body)).toMatchObject({ batch: 2, rows: 4, digest });
    const ndjson = await post(s, '/v1/datasets/customers/rows', ROWS.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson');
    expect(ndjson.status, JSON.stringify(ndjson.body)).toBe(201);
    expect(datasetBatchSchema.parse(ndjson.body)).toMatchObject({ batch: 3, digest });
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'customer', data: ROWS.map((r) => r.customer), type: 'STRING' },
        { name: 'age', data: ROWS.map((r) => r.age), type: 'DOUBLE' },
        { name: 'purpose', data: ROWS.map((r) => r.purpose), type: 'STRING' },
        { name: 'vip', data: ROWS.map((r) => r.vip), type: 'BOOLEAN' },
      ],
    });
    const pq = await post(s, '/v1/datasets/customers/rows', new Uint8Array(parquet), 'application/vnd.apache.parquet');
    expect(pq.status, JSON.stringify(pq.body)).toBe(201);
    expect(datasetBatchSchema.parse(pq.body)).toMatchObject({ batch: 4, digest });
    // Against the first batch's range [22, 45.5], every age is inside.
    expect(datasetBatchSchema.parse(pq.body).quality.outOfRangeShare).toBe(0);
  });

  it('refuses a wrong type naming the row and column in each format, and stores nothing', async () => {
    const before = datasetSchema.parse((await s.request('GET', '/v1/datasets/customers')).body);
    expectRefused(
      await s.request('POST', '/v1/datasets/customers/rows', { rows: [ROWS[0], { ...ROWS[1], age: 'old' }] }),
      ['rows[1].age'],
      /feature "age" is numeric/,
    );
    expectRefused(await post(s, '/v1/datasets/customers/rows', 'customer,age,vip\nc1,31,True\nc2,old,yes\n', 'text/csv'), [
      'row 3, column "age"',
      'row 3, column "vip"',
    ]);
    expectRefused(await post(s, '/v1/datasets/customers/rows', '{"customer":"c1","vip":"no"}', 'application/x-ndjson'), ['line 1.vip']);
    expectRefused(await s.request('POST', '/v1/datasets/customers/rows', { rows: [{ age: 1 }] }), ['rows[0].customer'], /entityKey/);
    expectRefused(await s.request('POST', '/v1/datasets/customers/rows', { rows: [{ customer: 'c', age: [1] }] }), ['rows[0].age']);
    expectRefused(await s.request('POST', '/v1/datasets/customers/rows', { rows: [] }), ['rows']);
    expect((await s.request('POST', '/v1/datasets/nope/rows', { rows: ROWS })).status).toBe(404);
    expect(datasetSchema.parse((await s.request('GET', '/v1/datasets/customers')).body)).toEqual(before);
  });

  it('judges out-of-range values and missing features against the first batch', async () => {
    now += 1000;
    const r = await s.request('POST', '/v1/datasets/customers/rows', {
      rows: [
        { customer: 'c9', age: 90 },
        { customer: 'c8', age: 30 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(datasetBatchSchema.parse(r.body).quality).toEqual({
      missingShare: 4 / 6,
      outOfRangeShare: 0.5,
      typeViolations: 0,
      missingFeatures: ['purpose', 'vip'],
      unknownColumns: [],
    });
  });

  it('reads fresh after a batch and stale 6 s later without one', async () => {
    now += 500;
    expect((await s.request('POST', '/v1/datasets/customers/rows', { rows: ROWS })).status).toBe(201);
    expect(datasetSchema.parse((await s.request('GET', '/v1/datasets/customers')).body).freshness).toEqual({ status: 'fresh', ageSeconds: 0, limitSeconds: 4 });
    now += 6000;
    expect(datasetSchema.parse((await s.request('GET', '/v1/datasets/customers')).body).freshness).toEqual({ status: 'stale', ageSeconds: 6, limitSeconds: 4 });
  });

  it('answers series of rows, freshness, missing share and drift', async () => {
    const q = `from=${T0 - 2000}&to=${now}&step=1s`;
    const series = async (metric: string, extra = '') => {
      const r = await s.request('GET', `/v1/datasets/customers/series?metric=${metric}&${q}${extra}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return seriesResponseSchema.parse(r.body);
    };
    const rows = await series('rows');
    expect(rows.points.map((p) => [Date.parse(p.t) - T0, p.value])).toEqual([
      [0, 4],
      [1000, 12],
      [2000, 6],
    ]);
    const fresh = await series('freshness_seconds');
    // Steps of 1 s from T0 − 2 s: no batch before T0, then the age at each step's end.
    expect(fresh.points[0]!.value).toBeNull();
    expect(fresh.points[1]!.value).toBeNull();
    expect(fresh.points[2]!.value).toBe(1);
    expect(fresh.points.at(-1)!.value).toBe(6);
    const missing = await series('missing_share', '&feature=age');
    expect(missing.points.map((p) => p.value)).toEqual([0.25, 0.25, 1 / 6]);
    const drift = await series('drift', '&feature=purpose');
    expect(drift.points[0]).toMatchObject({ value: 0, labels: { feature: 'purpose', method: 'jensenshannon', drifted: 'false' } });
    expectRefused(await s.request('GET', '/v1/datasets/customers/series?metric=volume'), ['query.metric']);
    expectRefused(await s.request('GET', '/v1/datasets/customers/series?metric=rows&feature=nope'), ['query.feature']);
  });

  it('deletes a dataset with its batches', async () => {
    expect((await s.request('POST', '/v1/datasets', { name: 'gone', features: { a: 'numeric' } })).status).toBe(201);
    expect((await s.request('POST', '/v1/datasets/gone/rows', { rows: [{ a: 1 }] })).status).toBe(201);
    expect((await s.request('DELETE', '/v1/datasets/gone')).status).toBe(204);
    expect((await s.request('GET', '/v1/datasets/gone')).status).toBe(404);
    expect((await s.request('DELETE', '/v1/datasets/gone')).status).toBe(404);
  });

  it("deletes a project's datasets, batches and pipeline runs with it", async () => {
    const created = await s.request('POST', '/v1/projects', { name: 'tenant' });
    expect(created.status).toBe(201);
    const key = created.body.adminKey.key as string;
    expect((await s.request('POST', '/v1/datasets', { name: 'mine', features: { a: 'numeric' } }, key)).status).toBe(201);
    expect((await s.request('POST', '/v1/datasets/mine/rows', { rows: [{ a: 1 }] }, key)).status).toBe(201);
    expect((await s.request('POST', '/v1/pipelines/etl/runs', { id: 'r', status: 'running', startedAt: now }, key)).status).toBe(200);
    expect((await s.request('DELETE', '/v1/projects/tenant')).status).toBe(204);
    const db = s.services.store.db;
    const orphans = async (table: 'datasets' | 'pipeline_runs') =>
      db.selectFrom(table).select('project_id').where('project_id', 'not in', db.selectFrom('projects').select('id')).execute();
    expect(await orphans('datasets')).toEqual([]);
    expect(await orphans('pipeline_runs')).toEqual([]);
    expect(await db.selectFrom('dataset_batches').select('id').where('dataset_id', 'not in', db.selectFrom('datasets').select('id')).execute()).toEqual([]);
    expect(datasetSchema.parse((await s.request('GET', '/v1/datasets/customers')).body).name).toBe('customers');
  });
});
