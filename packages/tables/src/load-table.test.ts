// The loaders' entry points: a file by its extension, and bytes in memory (a request body) giving
// the table the same bytes give from a file, with missing values as pandas reads them and errors
// that name the bytes and the row at fault.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { InputError, UnsupportedFormatError } from './errors.js';
import { formatOf, loadTable, loadTableFromBytes } from './load-table.js';
import type { FileFormat } from './load-table.js';
import type { LoadedTable } from './loaded-table.js';

const CSV_FIXTURE = new URL('../fixtures/csv-dtypes.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-bytes-'));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A view into a larger buffer, as Node hands out request bodies (its byteOffset is not 0). */
function body(content: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from('junk before the body'), Buffer.from(content)]).subarray(20);
}

/** Everything of a table but its source, -0 and NaN spelled out so toEqual tells them apart. */
function plain(table: LoadedTable): unknown {
  const show = (v: unknown): unknown => (Object.is(v, -0) ? '-0' : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v);
  return {
    rowCount: table.rowCount,
    firstDataRow: table.firstDataRow,
    columns: table.columns.map((c) => ({ name: c.name, dtype: c.dtype, typed: c.values instanceof Float64Array, values: Array.from(c.values, show) })),
  };
}

async function expectSameAsFile(path: string, format: FileFormat): Promise<void> {
  const bytes = body(readFileSync(path));
  const before = Buffer.from(bytes);
  const fromBytes = await loadTableFromBytes(bytes, format, { name: 'the body' });
  expect(fromBytes.source).toBe('the body');
  expect(plain(fromBytes)).toEqual(plain(await loadTable(path)));
  expect(bytes.equals(before)).toBe(true);
}

describe('formatOf', () => {
  it('reads the format from the extension, in any case, and names the file it cannot place', () => {
    expect(formatOf('a/B.CSV')).toBe('csv');
    expect(formatOf('x.ndjson')).toBe('ndjson');
    expect(formatOf('x.jsonl')).toBe('ndjson');
    expect(formatOf('x.parquet')).toBe('parquet');
    expect(formatOf('x.pq')).toBe('parquet');
    expect(() => formatOf('data.txt')).toThrow(new UnsupportedFormatError('data.txt'));
    expect(() => formatOf('data.txt')).toThrow('data.txt: expected a .csv, .ndjson, .jsonl or .parquet file');
  });
});

describe('loadTableFromBytes', () => {
  it('gives the table the same CSV gives from a file (fixtures/csv-dtypes.csv: every pandas typing case)', async () => {
    await expectSameAsFile(CSV_FIXTURE, 'csv');
    // Long enough for the fast path, a column that turns to text late, a BOM and CRLF line ends.
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `${((i * 0.37) % 11) - 5},${i % 9 === 0 ? '' : i},${['x', 'NA', 'y'][i % 3]},${i === 4999 ? 'word' : `${i}.50`}`,
    );
    await expectSameAsFile(file('long.csv', `\uFEFFa,b,c,d\r\n${rows.join('\r\n')}\r\n`), 'csv');
  });

  it('gives the table the same NDJSON gives from a file', async () => {
    const lines = ['{"a":1,"m":"x"}', '', '{"a":-0,"m":-0,"b":true}', '{"a":null,"m":true}', '{"a":2.5,"m":0,"b":false}', '{"m":null}'];
    await expectSameAsFile(file('t.ndjson', `${lines.join('\n')}\n`), 'ndjson');
    await expectSameAsFile(file('crlf.jsonl', lines.join('\r\n')), 'ndjson');
  });

  it('gives the table the same Parquet gives from a file', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'i', data: [1, 2, 3], type: 'INT32' },
        { name: 'big', data: [10n, null, 30n], type: 'INT64' },
        { name: 'f', data: [0.5, null, 2.25], type: 'DOUBLE' },
        { name: 's', data: ['a', null, 'c'], type: 'STRING' },
        { name: 'b', data: [true, false, true], type: 'BOOLEAN' },
        { name: 't', data: [new Date('2024-01-02T03:04:05Z'), null, new Date(0)], type: 'TIMESTAMP' },
      ],
      rowGroupSize: 2,
    });
    await expectSameAsFile(file('t.parquet', new Uint8Array(parquet)), 'parquet');
  });

  it('reads "NA", "" and the other pandas NA spellings as missing in a numeric column, as pandas does', async () => {
    const csv = 'x,n,s\n1,1,a\nNA,2,NA\n,3,\n2.5,n/a,b\nNULL,nan,c\n';
    const table = await loadTableFromBytes(body(csv), 'csv', { name: 'the CSV body' });
    const [x, n, s] = table.columns;
    // pandas: float64 with NaN; an integer column with a missing value is float64 too; text gets None.
    expect(x?.dtype).toBe('float64');
    expect(Array.from(x?.values as Float64Array)).toEqual([1, Number.NaN, Number.NaN, 2.5, Number.NaN]);
    expect(n?.dtype).toBe('float64');
    expect(Array.from(n?.values as Float64Array)).toEqual([1, 2, 3, Number.NaN, Number.NaN]);
    expect(s?.dtype).toBe('object');
    expect(s?.values).toEqual(['a', null, null, 'b', 'c']);
    const whole = await loadTableFromBytes(body('k\n1\n2\n'), 'csv', { name: 'the CSV body' });
    expect(whole.columns[0]?.dtype).toBe('int64');
  });

  it('names the bytes, the row (the header is row 1) and the column of a malformed CSV record', async () => {
    const ragged = loadTableFromBytes(body('a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n'), 'csv', { name: 'the CSV body' });
    await expect(ragged).rejects.toThrow(new InputError('the CSV body', 4, 'c', 'expected 3 fields as in the header, got 2'));
    await expect(ragged).rejects.toMatchObject({ file: 'the CSV body', row: 4, column: 'c', what: 'expected 3 fields as in the header, got 2' });
    // The same error from a file and from bytes, past the first chunk and through the fast path.
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${i % 5}`);
    rows[2500] = '1,2,3';
    const text = `a,b\n${rows.join('\n')}\n`;
    await expect(loadTableFromBytes(body(text), 'csv', { name: 'the CSV body' })).rejects.toThrow(
      'the CSV body:2502:#3: expected 2 fields as in the header, got 3',
    );
    await expect(loadTable(file('ragged.csv', text))).rejects.toThrow(':2502:#3: expected 2 fields as in the header, got 3');
    const quote = loadTableFromBytes(body('a,b\n1,2\n3,"4\n'), 'csv', { name: 'the CSV body' });
    await expect(quote).rejects.toMatchObject({ file: 'the CSV body', row: 3, column: undefined });
    await expect(loadTableFromBytes(body(''), 'csv', { name: 'the CSV body' })).rejects.toThrow('the CSV body:1:-: the file is empty: expected a header row');
  });

  it('names the bytes and the line of a malformed NDJSON record, and bytes that are not Parquet', async () => {
    const bad = loadTableFromBytes(body('{"a":1}\n\n{"a":\n'), 'ndjson', { name: 'the NDJSON body' });
    await expect(bad).rejects.toThrow(/^the NDJSON body:3:-: not valid JSON/);
    await expect(bad).rejects.toBeInstanceOf(InputError);
    const nested = loadTableFromBytes(body('{"a":1}\n{"a":{"b":2}}\n'), 'ndjson', { name: 'the NDJSON body' });
    await expect(nested).rejects.toThrow('the NDJSON body:2:a: nested objects and arrays are not supported; flatten the column first');
    const parquet = loadTableFromBytes(body('a,b\n1,2\n'), 'parquet', { name: 'the Parquet body' });
    await expect(parquet).rejects.toThrow(/^the Parquet body:-:-: not a readable Parquet file/);
    await expect(loadTableFromBytes(new Uint8Array(0), 'parquet', { name: 'the Parquet body' })).rejects.toThrow('the Parquet body:-:-: the file is empty');
  });

  it('reports progress through to the length of the bytes', async () => {
    const text = `v\n${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`;
    for (const format of ['csv', 'ndjson'] as const) {
      const bytes = format === 'csv' ? body(text) : body(Array.from({ length: 10 }, (_, i) => `{"v":${i}}`).join('\n'));
      const seen: [number, number][] = [];
      await loadTableFromBytes(bytes, format, { name: 'b', onProgress: (done, total) => seen.push([done, total]) });
      expect(seen.at(-1)).toEqual([bytes.length, bytes.length]);
    }
  });

  it('keeps numbers in shared memory when asked, for worker threads', async () => {
    const table = await loadTableFromBytes(body('a,b\n1,x\n2,y\n'), 'csv', { name: 'b', sharedMemory: true });
    expect((table.columns[0]?.values as Float64Array).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
