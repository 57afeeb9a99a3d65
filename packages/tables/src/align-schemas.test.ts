import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignSchemas } from './align-schemas.js';
import { loadTable } from './load-table.js';
import { encodedColumn } from './text-cells.js';
import type { LoadedTable } from './loaded-table.js';

function table(source: string, columns: LoadedTable['columns']): LoadedTable {
  return { source, firstDataRow: 2, rowCount: columns[0]?.values.length ?? 0, columns };
}

describe('alignSchemas', () => {
  it("puts current in the reference's column order", () => {
    const ref = table('ref.csv', [
      { name: 'a', values: Float64Array.of(1), dtype: 'int64' },
      { name: 'b', values: ['x'], dtype: 'object' },
    ]);
    const cur = table('cur.csv', [
      { name: 'b', values: ['y'], dtype: 'object' },
      { name: 'a', values: Float64Array.of(2), dtype: 'int64' },
    ]);
    expect(alignSchemas(ref, cur).columns.map((column) => column.name)).toEqual(['a', 'b']);
  });

  it('names a column missing on either side', () => {
    const ref = table('ref.csv', [{ name: 'a', values: Float64Array.of(1), dtype: 'int64' }]);
    const cur = table('cur.csv', [{ name: 'z', values: Float64Array.of(1), dtype: 'int64' }]);
    expect(() => alignSchemas(ref, cur)).toThrow('cur.csv:1:a: column is in the reference (ref.csv) but not in current');
    const extra = table('cur.csv', [...ref.columns, { name: 'z', values: Float64Array.of(1), dtype: 'int64' }]);
    expect(() => alignSchemas(ref, extra)).toThrow('cur.csv:1:z: column is in current but not in the reference (ref.csv)');
  });

  it('names the first cell that breaks a numeric column, on whichever side holds it', () => {
    // '31' is how a CSV writes a number: the cell that made the column text is 'forty', file row 4.
    const ref = table('ref.csv', [{ name: 'age', values: Float64Array.of(30, 40), dtype: 'int64' }]);
    const cur = table('cur.csv', [{ name: 'age', values: ['31', null, 'forty'], dtype: 'object' }]);
    expect(() => alignSchemas(ref, cur)).toThrow('cur.csv:4:age: expected a number as in the reference (ref.csv), got "forty"');
    expect(() => alignSchemas(cur, ref)).toThrow('cur.csv:4:age: expected a number as in current (ref.csv), got "forty"');
  });

  it('names the cell of a loaded CSV that is not a number, not the first number written as text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-align-'));
    try {
      await writeFile(join(dir, 'ref.csv'), 'a,b\n1,1\n2,2\n3,3\n4,5\n');
      await writeFile(join(dir, 'mixed.csv'), 'a,b\n1,2\n2,3\n3,abc\n4,5\n');
      const ref = await loadTable(join(dir, 'ref.csv'));
      const mixed = await loadTable(join(dir, 'mixed.csv'));
      const at = `${join(dir, 'mixed.csv')}:4:b`;
      expect(() => alignSchemas(ref, mixed)).toThrow(`${at}: expected a number as in the reference (${join(dir, 'ref.csv')}), got "abc"`);
      expect(() => alignSchemas(mixed, ref)).toThrow(`${at}: expected a number as in current (${join(dir, 'ref.csv')}), got "abc"`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the first cell of the wrong type when every text reads as the kind (JSON strings)', () => {
    const ref = table('ref.ndjson', [{ name: 'n', values: Float64Array.of(1, 2), dtype: 'int64' }]);
    const cur = { ...table('cur.ndjson', [{ name: 'n', values: [3, '4'], dtype: 'object' }]), firstDataRow: 1 };
    expect(() => alignSchemas(ref, cur)).toThrow('cur.ndjson:2:n: expected a number as in the reference (ref.ndjson), got "4"');
    const flags = table('ref.csv', [{ name: 'f', values: [true, false], dtype: 'bool' }]);
    const mixed = table('cur.csv', [{ name: 'f', values: ['True', 'False', 'maybe'], dtype: 'object' }]);
    expect(() => alignSchemas(flags, mixed)).toThrow('cur.csv:4:f: expected a boolean as in the reference (ref.csv), got "maybe"');
  });

  it('lets an all-missing column take the other side’s shape', () => {
    const ref = table('ref.csv', [{ name: 'c', values: ['a', 'b'], dtype: 'object' }]);
    const cur = table('cur.csv', [{ name: 'c', values: Float64Array.of(Number.NaN, Number.NaN), dtype: 'float64' }]);
    expect(alignSchemas(ref, cur).columns[0]?.values).toEqual([null, null]);
  });

  it('reads encoded columns from their dictionaries, decoding nothing unless it reports a cell', () => {
    type C = string | number | boolean | null;
    const encode = (cells: C[]) => {
      const dictionary: C[] = [null];
      const codes = Int32Array.from(cells, (c) => {
        const at = dictionary.indexOf(c);
        return at >= 0 ? at : dictionary.push(c) - 1;
      });
      return { codes, dictionary };
    };
    // Aligned without error: `values` must never be read.
    const sealed = (cells: C[]) =>
      Object.defineProperty({ name: 'k', dtype: 'object' as const, encoded: encode(cells) }, 'values', {
        get: () => {
          throw new Error('decoded');
        },
      }) as unknown as LoadedTable['columns'][number];
    const fine: [C[], C[]][] = [
      [
        ['x', null, 'y'],
        ['y', 'z'],
      ],
      [
        [true, null, false],
        [true, true],
      ],
      [[true, 'x'], ['y']],
    ];
    for (const [r, c] of fine) {
      const ref = { ...table('ref.csv', []), rowCount: r.length, columns: [sealed(r)] };
      const cur = { ...table('cur.csv', []), rowCount: c.length, columns: [sealed(c)] };
      expect(alignSchemas(ref, cur).columns[0]!.name).toBe('k');
    }
    // A broken schema is reported as for plain cells.
    const ref = table('ref.csv', [encodedColumn('k', 'object', encode([true, false]))]);
    const cur = table('cur.csv', [encodedColumn('k', 'object', encode([true, 'maybe']))]);
    expect(() => alignSchemas(ref, cur)).toThrow('cur.csv:3:k: expected a boolean as in the reference (ref.csv), got "maybe"');
  });
});
