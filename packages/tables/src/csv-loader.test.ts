import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import expected from '../fixtures/csv-dtypes.json' with { type: 'json' };
import { InputError } from './errors.js';
import { loadCsv } from './csv-loader.js';

const FIXTURE = new URL('../fixtures/csv-dtypes.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-csv-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The fixture JSON writes ±inf as strings and NaN as null. */
function decode(value: unknown): unknown {
  if (value === 'inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return value;
}

describe('loadCsv', () => {
  it('types and reads every column as pandas read_csv does (fixtures/gen_csv_dtypes.py)', async () => {
    const table = await loadCsv(FIXTURE);
    expect(table.rowCount).toBe(4);
    expect(table.firstDataRow).toBe(2);
    expect(table.columns.map((column) => column.name)).toEqual(expected.columns.map((column) => column.name));
    for (const want of expected.columns) {
      const got = table.columns.find((column) => column.name === want.name);
      expect(got?.dtype, want.name).toBe(want.dtype);
      if (want.dtype === 'int64' || want.dtype === 'float64') {
        expect(got?.values, want.name).toBeInstanceOf(Float64Array);
        const values = [...(got?.values as Float64Array)].map((v) => (Number.isNaN(v) ? null : v));
        expect(values, want.name).toEqual(want.values.map(decode));
      } else {
        expect(got?.values, want.name).toEqual(want.values);
      }
    }
  });

  it('keeps the original text of numbers read before a column turned out to be text', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i % 7}.50`);
    rows.push('n/a', 'word');
    const table = await loadCsv(file('late.csv', `v\n${rows.join('\n')}\n`));
    const values = table.columns[0]?.values as (string | null)[];
    expect(values[0]).toBe('0.50');
    expect(values[2999]).toBe('3.50');
    expect(values[3000]).toBeNull();
    expect(values[3001]).toBe('word');
  });

  it('reads a BOM, CRLF line ends and a blank header cell', async () => {
    const table = await loadCsv(file('bom.csv', '\uFEFFa,\r\n1,x\r\n2,y\r\n'));
    expect(table.columns.map((column) => column.name)).toEqual(['a', 'Unnamed: 1']);
    expect([...(table.columns[0]?.values as Float64Array)]).toEqual([1, 2]);
  });

  it('names the line and column of a ragged row', async () => {
    const path = file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n');
    await expect(loadCsv(path)).rejects.toThrow(new InputError(path, 3, 'c', 'expected 3 fields as in the header, got 2'));
    const long = file('long.csv', 'a,b\n1,2\n3,4\n5,6,7\n');
    await expect(loadCsv(long)).rejects.toThrow(`${long}:4:#3: expected 2 fields as in the header, got 3`);
  });

  it('rejects an empty file, a header without rows, an unclosed quote and a duplicate column', async () => {
    const empty = file('empty.csv', '');
    await expect(loadCsv(empty)).rejects.toThrow(`${empty}:1:-: the file is empty: expected a header row`);
    const headerOnly = file('header.csv', 'a,b\n');
    await expect(loadCsv(headerOnly)).rejects.toThrow(`${headerOnly}:2:-: no data rows after the header`);
    const quote = file('quote.csv', 'a,b\n1,"2\n');
    await expect(loadCsv(quote)).rejects.toThrow(/quote\.csv:2:-: Quote Not Closed/);
    const duplicate = file('dup.csv', 'a,a\n1,2\n');
    await expect(loadCsv(duplicate)).rejects.toThrow(`${duplicate}:1:a: duplicate column name in the header`);
  });

  it('stores numbers in Float64Arrays, never row objects', async () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `${i},${i % 3 === 0 ? 'a' : 'b'}`).join('\n');
    const table = await loadCsv(file('big.csv', `n,c\n${body}\n`));
    expect(table.columns[0]?.values).toBeInstanceOf(Float64Array);
    expect((table.columns[0]?.values as Float64Array)[9999]).toBe(9999);
    expect(table.columns[0]?.dtype).toBe('int64');
    expect((table.columns[1]?.values as string[]).filter((v) => v === 'a')).toHaveLength(3334);
  });
});
