// Reference uploads within bounds: a Parquet "bomb" (a few hundred bytes claiming millions of rows)
// is refused from its metadata with a 413 that names the limit and its setting, while the server
// keeps answering; CSV, NDJSON and JSON uploads have the same row limit, and files are read on a
// worker thread (from source here, from dist in the CLI's pack test).

import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema, referenceInfoSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

let s: TestServer;
let small: TestServer;

async function upload(server: TestServer, model: string, body: string | Uint8Array, contentType: string) {
  const res = await fetch(`${server.url}/v1/models/${model}/reference`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

function expectTooLarge(r: { status: number; body: unknown }, ...words: string[]): void {
  expect(r.status, JSON.stringify(r.body)).toBe(413);
  const { error } = errorResponseSchema.parse(r.body);
  expect(error.code).toBe('UPLOAD_TOO_LARGE');
  for (const w of words) expect(error.message).toContain(w);
}

/** `rows` rows of one constant column: a few hundred bytes of run-length pages. */
function constantParquet(rows: number): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: new Float64Array(rows).fill(1), type: 'DOUBLE' }], rowGroupSize: rows }));
}

beforeAll(async () => {
  s = await createTestServer();
  small = await createTestServer({ referenceMaxRows: 100, referenceMaxBytes: 4096 });
  for (const server of [s, small]) {
    const r = await server.request('POST', '/v1/models', { name: 'm', type: 'regression', features: { x: 'numeric' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(async () => {
  await s.close();
  await small.close();
});

describe('reference upload limits', () => {
  it('refuses a Parquet bomb from its metadata, and /healthz answers within a second meanwhile', async () => {
    const bomb = constantParquet(3_000_000);
    expect(bomb.length).toBeLessThan(10_000);
    let slowest = 0;
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        const res = await fetch(`${s.url}/healthz`);
        expect(res.status).toBe(200);
        slowest = Math.max(slowest, performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const uploads = await Promise.all([1, 2, 3].map(() => upload(s, 'm', bomb, 'application/vnd.apache.parquet')));
    done = true;
    await probe;
    for (const r of uploads) expectTooLarge(r, '3000000 rows', '1000000', 'referenceMaxRows', 'VIGIL_REFERENCE_MAX_ROWS');
    expect(slowest).toBeLessThan(1000);
    // Nothing was stored, and the server still takes a good upload.
    expect((await s.request('GET', '/v1/models/m')).body.reference).toBeFalsy();
    const ok = await upload(s, 'm', constantParquet(50), 'application/vnd.apache.parquet');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(referenceInfoSchema.parse(ok.body).rows).toBe(50);
  });

  it('refuses a Parquet file whose decoded columns would pass the byte limit', async () => {
    // 100 rows pass the row limit; 100 rows × 8 columns × 8 bytes pass 4096 bytes decoded.
    const columnData = Array.from({ length: 8 }, (_, i) => ({ name: i === 0 ? 'x' : `c${i}`, data: new Float64Array(100).fill(i), type: 'DOUBLE' as const }));
    const file = new Uint8Array(parquetWriteBuffer({ columnData }));
    expectTooLarge(await upload(small, 'm', file, 'application/vnd.apache.parquet'), '4096', 'referenceMaxBytes', 'VIGIL_REFERENCE_MAX_BYTES');
  });

  it('refuses CSV, NDJSON and JSON rows past the row limit, and a CSV body past the byte limit', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => String(i % 10));
    expectTooLarge(await upload(small, 'm', ['x', ...lines(101)].join('\n'), 'text/csv'), 'more than 100 rows', 'referenceMaxRows');
    expectTooLarge(
      await upload(
        small,
        'm',
        lines(101)
          .map((x) => `{"x":${x}}`)
          .join('\n'),
        'application/x-ndjson',
      ),
      '101 rows',
      'referenceMaxRows',
    );
    expectTooLarge(await small.request('POST', '/v1/models/m/reference', { rows: lines(101).map((x) => ({ x: Number(x) })) }), '101 rows');
    expectTooLarge(await upload(small, 'm', ['x', ...Array.from({ length: 90 }, () => '1'.repeat(60))].join('\n'), 'text/csv'), 'bytes', 'referenceMaxBytes');
    // At the limit, an upload is read (on a worker thread) and stored.
    const ok = await upload(small, 'm', ['x', ...lines(100)].join('\n'), 'text/csv');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(referenceInfoSchema.parse(ok.body).rows).toBe(100);
  });

  it('keeps the row and column of a bad cell when the file is read on a worker', async () => {
    const r = await upload(small, 'm', 'x,y\n1,2\n3\n', 'text/csv');
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(errorResponseSchema.parse(r.body).error.code).toBe('INVALID_CSV');
  });
});
