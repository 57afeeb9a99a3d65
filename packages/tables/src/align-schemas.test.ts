import { describe, expect, it } from 'vitest';
import { alignSchemas } from './align-schemas.js';
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
    const ref = table('ref.csv', [{ name: 'age', values: Float64Array.of(30, 40), dtype: 'int64' }]);
    const cur = table('cur.csv', [{ name: 'age', values: ['31', null, 'forty'], dtype: 'object' }]);
    expect(() => alignSchemas(ref, cur)).toThrow('cur.csv:2:age: expected a number as in the reference (ref.csv), got "31"');
    expect(() => alignSchemas(cur, ref)).toThrow('cur.csv:2:age: expected a number as in current (ref.csv), got "31"');
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
      [['x', null, 'y'], ['y', 'z']],
      [[true, null, false], [true, true]],
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
