// Reference uploads over a real socket: CSV read as pandas reads it (with the loaders `vigil report`
// uses, so a file means the same to both), NDJSON and Parquet, JSON rows, and a window of the model's
// own labelled events; every bad cell refused with a 400 that names its row and column and stores nothing.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTable } from '@vigil/tables';
import { driftResponseSchema, errorResponseSchema, modelSchema, monitorSchema, referenceInfoSchema } from '@vigil/wire';
import { createTestServer } from '../testing.js';
import type { TestServer } from '../testing.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12);
const now = T0;
let s: TestServer;
let dir: string;

const FEATURES = { x: 'numeric', b: 'numeric', c: 'categorical' } as const;

/** POSTs a body of the given content type to the model's reference; parses the JSON answer. */
async function upload(model: string, body: string | Uint8Array, contentType: string, query = ''): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.url}/v1/models/${model}/reference${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function createModel(name: string, type = 'binary'): Promise<void> {
  const r = await s.request('POST', '/v1/models', { name, type, features: FEATURES });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function referenceOf(model: string) {
  const r = await s.request('GET', `/v1/models/${model}`);
  expect(r.status).toBe(200);
  return modelSchema.parse(r.body).reference;
}

/** A 400 whose error has this code, names `place` in its message and `path` in its one detail. */
function expectRefused(r: { status: number; body: unknown }, code: string, place: string, path: string): string {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  const { error } = errorResponseSchema.parse(r.body);
  expect(error.code).toBe(code);
  expect(error.message).toContain(place);
  expect(error.details?.map((d) => d.path)).toEqual([path]);
  return error.message;
}

beforeAll(async () => {
  s = await createTestServer({ bucket: '1m' }, { clock: () => now });
  dir = await mkdtemp(join(tmpdir(), 'vigil-reference-'));
});
afterAll(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe('CSV reference', () => {
  // x: "NA", "" and "n/a" are missing (3 cells); b: "NULL" and "nan" (2 cells); c: "" (1 cell).
  const csv = ['x,b,c', '1.5,2,red', 'NA,3,blue', ',NULL,red', '4.25,nan,', 'n/a,7,blue', '6,8,red', '7.5,9,blue', ''].join('\n');

  it('reads pandas’ missing values as missing, with the meaning `vigil report` gives the same file', async () => {
    await createModel('na');
    const r = await upload('na', csv, 'text/csv');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(referenceInfoSchema.parse(r.body)).toMatchObject({ model: 'na', rows: 7, source: 'csv upload' });

    // A few events, so drift has a window to compare the reference with.
    const events = Array.from({ length: 6 }, (_, i) => ({
      id: `na${i}`,
      timestamp: T0 - 30 * MINUTE + i * MINUTE,
      features: { x: i, b: i + 1, c: 'red' },
      prediction: 0.4,
    }));
    expect((await s.request('POST', '/v1/models/na/predictions', { events })).status).toBe(200);
    await s.profiler.catchUp(now);
    const missing: Record<string, number> = {};
    for (const feature of ['x', 'b', 'c']) {
      const d = await s.request('GET', `/v1/models/na/drift?from=${T0 - 60 * MINUTE}&to=${T0}&feature=${feature}`);
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      const stats = driftResponseSchema.parse(d.body).features.find((f) => f.name === feature)?.statistics;
      expect(stats?.reference.count).toBe(7);
      missing[feature] = stats!.reference.missing;
    }
    expect(missing).toEqual({ x: 3, b: 2, c: 1 });
    // Numbers stay numbers: the reference's mean of x is over 1.5, 4.25, 6 and 7.5.
    const x = await s.request('GET', `/v1/models/na/drift?from=${T0 - 60 * MINUTE}&to=${T0}&feature=x`);
    expect(driftResponseSchema.parse(x.body).features.find((f) => f.name === 'x')?.statistics?.reference.mean).toBeCloseTo((1.5 + 4.25 + 6 + 7.5) / 4, 12);

    // The CLI's loader on the same bytes in a file: the same cells are missing.
    const file = join(dir, 'na.csv');
    await writeFile(file, csv);
    const table = await loadTable(file);
    const cliMissing = Object.fromEntries(
      table.columns.map((column) => [
        column.name,
        Array.from(column.values as ArrayLike<unknown>).filter((v) => v === null || (typeof v === 'number' && Number.isNaN(v))).length,
      ]),
    );
    expect(cliMissing).toEqual(missing);
  });

  it('refuses a text cell in a numeric feature naming its file row and column, and stores nothing', async () => {
    await createModel('mixed');
    // "abc" is in data row 3, file row 4 (the header is row 1); "2" and "3" before it are numbers.
    // x is bad too, but later (row 5): the first bad cell by row is b's.
    const r = await upload('mixed', ['x,b,c', '1,2,red', '2,3,blue', '3,abc,red', 'oops,5,blue', ''].join('\n'), 'text/csv');
    const message = expectRefused(r, 'BAD_REQUEST', 'the CSV body, row 4, column "b"', 'row 4, column "b"');
    expect(message).toContain('expected a number (feature "b" is numeric), got "abc"');
    expect(errorResponseSchema.parse(r.body).error.details?.[0]?.message).toContain('got "abc"');
    expect(await referenceOf('mixed')).toBeNull();
  });

  it('refuses a ragged row and a malformed quote with INVALID_CSV naming the row', async () => {
    await createModel('broken');
    const ragged = await upload('broken', ['x,b,c', '1,2,red', '2,3', '3,4,blue', ''].join('\n'), 'text/csv');
    const raggedMessage = expectRefused(ragged, 'INVALID_CSV', 'the CSV body, row 3, column "c"', 'row 3, column "c"');
    expect(raggedMessage).toContain('expected 3 fields as in the header, got 2');
    const quote = await upload('broken', ['x,b,c', '1,2,red', '2,3,blue', '3,4,"re"d', '4,5,blue', ''].join('\n'), 'text/csv');
    const quoteMessage = expectRefused(quote, 'INVALID_CSV', 'the CSV body, row 4', 'row 4');
    expect(quoteMessage).toContain('Invalid Closing Quote');
    const unclosed = await upload('broken', ['x,b,c', '1,2,red', '2,3,"blue', '3,4,red', ''].join('\n'), 'text/csv');
    expect(expectRefused(unclosed, 'INVALID_CSV', 'the CSV body, row 3', 'row 3')).toContain('Quote Not Closed');
    expect(await referenceOf('broken')).toBeNull();
  });
});

describe('predictions in a reference', () => {
  it('are refused where ingest would refuse them: a binary score of 5 or -3, naming the row and column', async () => {
    await createModel('scores');
    const csv = 'x,b,c,pred,y\n1,2,red,0.2,0\n2,3,blue,5,1\n';
    const r = await upload('scores', csv, 'text/csv', '?prediction=pred&target=y');
    expectRefused(r, 'BAD_REQUEST', 'the CSV body, row 3, column "pred"', 'row 3, column "pred"');
    expect((r.body as { error: { message: string } }).error.message).toContain('a score in [0, 1]');
    const json = await s.request('POST', '/v1/models/scores/reference', {
      rows: [
        { x: 1, b: 2, c: 'red', p: 0.4 },
        { x: 2, b: 1, c: 'red', p: -3 },
      ],
      prediction: 'p',
    });
    expectRefused(json, 'BAD_REQUEST', 'rows[1].p', 'rows[1].p');
    expect(await referenceOf('scores')).toBeNull();
    const ok = await upload('scores', 'x,b,c,pred,y\n1,2,red,0.2,0\n2,3,blue,0.9,1\n', 'text/csv', '?prediction=pred&target=y');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});

describe('other formats', () => {
  it('takes NDJSON, with the target and prediction named in the query', async () => {
    await createModel('nd');
    const lines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({ x: i / 2, b: i === 2 ? null : i, c: i % 2 === 0 ? 'red' : 'blue', y: i % 2, p: 0.2 * i }),
    );
    const r = await upload('nd', lines.join('\n'), 'application/x-ndjson', '?target=y&prediction=p');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(referenceInfoSchema.parse(r.body)).toMatchObject({ rows: 5, source: 'ndjson upload' });
    expect(await referenceOf('nd')).toMatchObject({ rows: 5, source: 'ndjson upload' });

    const bad = await upload('nd', [lines[0], JSON.stringify({ x: 'high', b: 1, c: 'red' })].join('\n'), 'application/x-ndjson');
    expectRefused(bad, 'BAD_REQUEST', 'the NDJSON body, line 2, column "x"', 'line 2.x');
    expect(await referenceOf('nd')).toMatchObject({ rows: 5 });
  });

  it('takes Parquet, missing values included', async () => {
    await createModel('pq');
    const n = 12;
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'x', data: Array.from({ length: n }, (_, i) => (i === 3 ? null : i * 0.5)), type: 'DOUBLE' },
        { name: 'b', data: Array.from({ length: n }, (_, i) => i), type: 'INT32' },
        { name: 'c', data: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'red' : 'blue')), type: 'STRING' },
      ],
      rowGroupSize: 5,
    });
    const r = await upload('pq', new Uint8Array(buffer), 'application/vnd.apache.parquet');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(referenceInfoSchema.parse(r.body)).toMatchObject({ rows: n, source: 'parquet upload' });
    expect(await referenceOf('pq')).toMatchObject({ rows: n, source: 'parquet upload' });

    // A string column where the model has a number: refused at its first row (Parquet rows count from 1).
    const strings = parquetWriteBuffer({
      columnData: [
        { name: 'x', data: ['1', '2'], type: 'STRING' },
        { name: 'b', data: [1, 2], type: 'INT32' },
        { name: 'c', data: ['red', 'blue'], type: 'STRING' },
      ],
    });
    expectRefused(
      await upload('pq', new Uint8Array(strings), 'application/vnd.apache.parquet'),
      'BAD_REQUEST',
      'the Parquet body, row 1, column "x"',
      'row 1, column "x"',
    );
    expect(await referenceOf('pq')).toMatchObject({ rows: n });
    expectRefused(await upload('pq', new Uint8Array([1, 2, 3, 4]), 'application/vnd.apache.parquet'), 'INVALID_PARQUET', 'the Parquet body', 'body');
  });

  it('refuses JSON rows with a string in a numeric feature, naming rows[i].feature', async () => {
    await createModel('rows');
    const rows = [
      { x: 1, b: 2, c: 'red' },
      { x: 2, b: null, c: 'blue' },
      { x: '3', b: 4, c: 'red' },
    ];
    const r = await s.request('POST', '/v1/models/rows/reference', { rows });
    expectRefused(r, 'BAD_REQUEST', 'rows[2].x', 'rows[2].x');
    expect(r.body.error.message).toContain('got "3"');
    expect(await referenceOf('rows')).toBeNull();
    const fixed = await s.request('POST', '/v1/models/rows/reference', { rows: rows.map((row, i) => (i === 2 ? { ...row, x: 3 } : row)) });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect(await referenceOf('rows')).toMatchObject({ rows: 3, source: 'json upload' });
  });
});

describe('a window of the model’s own events', () => {
  it('builds the reference from the events in the window with their labels, which a relative performance monitor reads', async () => {
    await createModel('win');
    // 40 events in the window (every one labelled; 30 predicted right) and 5 after it; predictions
    // as plain scores and as objects, which must count alike.
    const from = T0 - 50 * MINUTE;
    const score = (i: number) => (i % 2 === 0 ? 0.9 : 0.1);
    const events = Array.from({ length: 45 }, (_, i) => ({
      id: `w${i}`,
      timestamp: from + i * MINUTE,
      features: { x: i, b: i % 7, c: i % 2 === 0 ? 'red' : 'blue' },
      prediction: i % 3 === 0 ? { score: score(i) } : i % 3 === 1 ? { label: score(i) > 0.5 ? 1 : 0, score: score(i) } : score(i),
    }));
    expect((await s.request('POST', '/v1/models/win/predictions', { events })).status).toBe(200);
    const labels = events.slice(0, 40).map((e, i) => ({ id: e.id, label: i % 4 === 3 ? (i % 2 === 0 ? 0 : 1) : i % 2 === 0 ? 1 : 0 }));
    expect((await s.request('POST', '/v1/models/win/labels', { labels })).status).toBe(200);
    const to = from + 40 * MINUTE;

    const r = await s.request('POST', '/v1/models/win/reference', { window: { from: new Date(from).toISOString(), to } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const source = `window ${new Date(from).toISOString()}..${new Date(to).toISOString()}`;
    expect(referenceInfoSchema.parse(r.body)).toMatchObject({ rows: 40, source });
    expect(await referenceOf('win')).toMatchObject({ rows: 40, source });

    // The reference's accuracy (30 of 40) is what `relative: { drop }` compares the window with.
    await s.profiler.catchUp(now);
    const mon = await s.request('POST', '/v1/monitors', {
      name: 'win-acc',
      model: 'win',
      type: 'performance',
      metric: 'accuracy',
      relative: { drop: 0.05 },
      window: '1h',
      minLabels: 10,
    });
    expect(mon.status, JSON.stringify(mon.body)).toBe(201);
    await s.services.alerting.tick(now);
    const shown = monitorSchema.parse((await s.request('GET', '/v1/monitors/win-acc')).body);
    expect(shown.lastError).toBeNull();
    expect(shown.lastDetails?.['reference']).toBe(30 / 40);
  });

  it('refuses an empty window and stores nothing', async () => {
    await createModel('empty');
    const r = await s.request('POST', '/v1/models/empty/reference', { window: { from: T0 - MINUTE, to: T0 } });
    expectRefused(r, 'EMPTY_REFERENCE', 'no rows', 'body');
    expect(await referenceOf('empty')).toBeNull();
  });
});
