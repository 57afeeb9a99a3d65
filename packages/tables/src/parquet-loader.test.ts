import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { loadParquet } from './parquet-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-parquet-'));

describe('loadParquet', () => {
  it('reads numbers into Float64Arrays and strings, booleans and timestamps into cells', async () => {
    const path = join(dir, 'a.parquet');
    const buffer = parquetWriteBuffer({
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
    writeFileSync(path, new Uint8Array(buffer));
    const table = await loadParquet(path);
    expect(table.rowCount).toBe(3);
    const byName = Object.fromEntries(table.columns.map((column) => [column.name, column]));
    expect(byName.i?.values).toEqual(Float64Array.of(1, 2, 3));
    expect(byName.i?.dtype).toBe('int64');
    expect([...(byName.big?.values as Float64Array)].map((v) => (Number.isNaN(v) ? null : v))).toEqual([10, null, 30]);
    expect(byName.big?.dtype).toBe('float64');
    expect(byName.f?.dtype).toBe('float64');
    expect(byName.s?.values).toEqual(['a', null, 'c']);
    expect(byName.b?.values).toEqual([true, false, true]);
    expect(byName.b?.dtype).toBe('bool');
    expect(byName.t?.values).toEqual(['2024-01-02T03:04:05.000Z', null, '1970-01-01T00:00:00.000Z']);
    expect(byName.t?.dtype).toBe('datetime64');
  });

  it('says a file is not Parquet, naming the file', async () => {
    const path = join(dir, 'bad.parquet');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(loadParquet(path)).rejects.toThrow(new RegExp(`^${path}:-:-: not a readable Parquet file`));
    const empty = join(dir, 'empty.parquet');
    writeFileSync(empty, '');
    await expect(loadParquet(empty)).rejects.toThrow(`${empty}:-:-: the file is empty`);
  });
});
