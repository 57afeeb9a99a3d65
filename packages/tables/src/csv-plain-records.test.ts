// The CSV fast path against the scanner's general path on random text: the same columns, dtypes,
// cells and errors (with their line numbers), at any chunk size, so the fast path changes only speed.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvColumnBuilder } from './csv-column.js';
import { CsvPlainRecords } from './csv-plain-records.js';
import { scanCsv } from './csv-scanner.js';
import { loadCsv } from './csv-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-plain-'));
let n = 0;

/** Reads a file with three columns into builders, with or without the fast path; cells or the error message. */
async function read(path: string, fast: boolean, chunkSize: number, batch?: number, delimiter = ','): Promise<unknown> {
  const builders = ['a', 'b', 'c'].map((name) => new CsvColumnBuilder(name));
  const plain = new CsvPlainRecords(builders, delimiter, batch);
  let header = true;
  try {
    await scanCsv(
      path,
      (record, line) => {
        if (header) {
          header = false;
          return true;
        }
        if (record.count !== builders.length) throw new Error(`line ${line}: ${record.count} fields`);
        for (let i = 0; i < record.count; i++) builders[i]?.pushField(record, i);
        return true;
      },
      { chunkSize, delimiter, plainReader: () => (fast && !header ? plain : undefined) },
    );
  } catch (error) {
    return { error: (error as Error).message };
  }
  return builders.map((builder) => {
    const column = builder.finish();
    const values = column.values instanceof Float64Array ? Array.from(column.values, (v) => (Object.is(v, -0) ? '-0' : v)) : column.values;
    return { dtype: column.dtype, values, textsMissingBefore: builder.textsMissingBefore };
  });
}

describe('CsvPlainRecords', () => {
  it('gives what the general path gives on random CSV text, at any chunk size', async () => {
    const piece = fc.constantFrom(
      '1',
      '23',
      '-4',
      '+5',
      '.',
      '0.5',
      '-',
      ',',
      ',',
      ',',
      '\n',
      '\n',
      '\r\n',
      '\r',
      '"',
      '"x"',
      'a',
      'NA',
      'é',
      '1e5',
      ' ',
      '1234567890123456',
    );
    const lineEnd = fc.constantFrom('\n', '\r\n');
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        lineEnd,
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        async (pieces, eol, chunk, batch) => {
          const path = join(dir, `f${n++}.csv`);
          writeFileSync(path, `a,b,c${eol}${pieces.join('')}`);
          expect(await read(path, true, chunk, batch)).toEqual(await read(path, false, chunk));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('gives what the general path gives with another delimiter (;), commas then being cell text', async () => {
    const piece = fc.constantFrom('1', '-4', '0.5', ';', ';', ';', ',', '1,5', '\n', '\n', '\r\n', '"', '"x;y"', 'a', 'NA', ' ');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 3, max: 40 }), async (pieces, eol, chunk) => {
        const path = join(dir, `f${n++}.csv`);
        writeFileSync(path, `a;b;c${eol}${pieces.join('')}`);
        expect(await read(path, true, chunk, 2, ';')).toEqual(await read(path, false, chunk, undefined, ';'));
      }),
      { numRuns: 300 },
    );
  });

  it('reads long plain files across chunk boundaries as the general path does', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 5000; i++) rows.push(`${((i * 0.37) % 11) - 5},${i % 9 === 0 ? '' : `${i}`},${['x', 'yy', 'NA', 'zzz'][i % 4]}`);
    rows[4000] = '1,"q,r",x'; // one quoted record midway: the general path reads it, then the fast path resumes
    const path = join(dir, 'long.csv');
    writeFileSync(path, `a,b,c\n${rows.join('\n')}\n`);
    for (const [chunk, batch] of [
      [64, 3],
      [1000, 100],
      [1 << 16, undefined],
    ] as const) {
      expect(await read(path, true, chunk, batch)).toEqual(await read(path, false, chunk));
    }
    const table = await loadCsv(path);
    expect(table.rowCount).toBe(5000);
    expect((table.columns[1]?.values as readonly unknown[])[4000]).toBe('q,r');
    expect((table.columns[0]?.values as Float64Array)[1]).toBe(((1 * 0.37) % 11) - 5);
  });
});
