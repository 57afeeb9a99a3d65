// The field delimiter: detected from a file's first lines as pandas' `sep=None` (csv.Sniffer) would
// find it, or given by the caller; and named when reference and current do not share their columns.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignSchemas } from './align-schemas.js';
import { SNIFF_BYTES, detectDelimiter, isCsvDelimiter } from './csv-delimiter.js';
import { loadTable, loadTableFromBytes } from './load-table.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-delimiter-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const detect = (text: string, complete = true) => detectDelimiter(Buffer.from(text), complete);

describe('detectDelimiter', () => {
  it('finds the character that splits the header and every line alike', () => {
    expect(detect('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(detect('a;b;c\n1;2;3\n')).toBe(';');
    expect(detect('a\tb\n1\t2\n')).toBe('\t');
    expect(detect('a|b\n1|2\r\n3|4')).toBe('|');
    // European CSV: decimal commas in cells, a semicolon between them (pandas: sep=';', decimal=',').
    expect(detect('price;qty\n1,5;2\n2,25;3\n')).toBe(';');
    // A comma header whose text cells hold semicolons, the same number on every line, stays a comma file.
    expect(detect('a,b;c\n1,x;y\n2,z;w\n')).toBe(',');
  });

  it('ignores delimiters inside quotes and blank lines, and skips a byte-order mark', () => {
    expect(detect('a;b\n"x,y,z";1\n\n"p\nq,r";2\n')).toBe(';');
    expect(detect('\uFEFFa;b\n1;2\n')).toBe(';');
  });

  it('reads a comma for one column, and the header’s most frequent candidate in a ragged file', () => {
    expect(detect('value\n1\n2\n')).toBe(',');
    expect(detect('')).toBe(',');
    // The header's count rules when no candidate fits every line: the loader then names the ragged row.
    expect(detect('a;b;c\n1;2;3\n4;5\n')).toBe(';');
    expect(detect('x,segment,target\n1,a,1\n2,b\n')).toBe(',');
  });

  it('counts the last line only when the sample is the whole text', () => {
    // Cut in the middle of a line, the partial line would not fit; it is left out.
    expect(detect('a;b;c\n1;2;3\n4;5', false)).toBe(';');
    expect(detect('a;b;c\n1;2;3\n4;5', true)).toBe(';');
  });

  it('takes one ASCII character other than a quote or a line end', () => {
    for (const d of [',', ';', '\t', '|', ':', ' ']) expect(isCsvDelimiter(d), d).toBe(true);
    for (const d of ['', ';;', '"', '\n', '\r', 'é']) expect(isCsvDelimiter(d), JSON.stringify(d)).toBe(false);
  });
});

describe('loading CSV with a delimiter', () => {
  it('reads a semicolon file as pandas read_csv(sep=None) does, and says which delimiter it used', async () => {
    const table = await loadTable(file('semi.csv', 'a;b;note\n1;2,5;"x;y"\n3;4,5;z\n'));
    expect(table.delimiter).toBe(';');
    expect(table.columns.map((column) => [column.name, column.dtype])).toEqual([
      ['a', 'int64'],
      ['b', 'object'],
      ['note', 'object'],
    ]);
    expect(table.columns[2]?.values).toEqual(['x;y', 'z']);
    expect((await loadTable(file('comma.csv', 'a,b\n1,2\n'))).delimiter).toBe(',');
  });

  it('detects the delimiter of bytes in memory too, past the fast path’s chunking', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i};${i % 7};${i % 3 === 0 ? 'x' : 'y'}`);
    const text = `a;b;c\n${rows.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(SNIFF_BYTES);
    const table = await loadTableFromBytes(Buffer.from(text), 'csv', { name: 'the CSV body' });
    expect(table.delimiter).toBe(';');
    expect(table.rowCount).toBe(20_000);
    expect((table.columns[1]?.values as Float64Array)[19_999]).toBe(19_999 % 7);
  });

  it('takes the caller’s delimiter over detection, and refuses one it cannot split at', async () => {
    const path = file('forced.csv', 'a;b\n1;2\n');
    const table = await loadTable(path, { delimiter: ',' });
    expect(table.delimiter).toBe(',');
    expect(table.columns.map((column) => column.name)).toEqual(['a;b']);
    await expect(loadTable(path, { delimiter: '"' })).rejects.toThrow('delimiter: expected one ASCII character other than a quote or a line end, got "\\""');
  });

  it('names each side’s delimiter, and current’s header, when the columns do not match', async () => {
    const reference = await loadTable(file('ref.csv', 'a,b\n1,2\n'));
    const current = await loadTable(file('cur.csv', 'a;b\n1;2\n'), { delimiter: ',' });
    expect(() => alignSchemas(reference, current)).toThrow(
      `${join(dir, 'cur.csv')}:1:a: column is in the reference (${join(dir, 'ref.csv')}, delimiter ",") but not in current (delimiter ","; its header: "a;b")`,
    );
    // Detected, the same file matches.
    expect(alignSchemas(reference, await loadTable(join(dir, 'cur.csv'))).columns.map((column) => column.name)).toEqual(['a', 'b']);
  });
});
