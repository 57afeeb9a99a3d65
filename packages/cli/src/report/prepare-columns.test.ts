import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignSchemas, loadTable } from '@vigil/tables';
import { applyNumericalOverrides, checkMappedColumns } from './prepare-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-prepare-'));

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// b's "abc" is in data row 3, file row 4 (the header is row 1); the "2" and "3" before it are numbers.
const mixed = file('mixed.csv', ['a,b', '1,2', '2,3', '3,abc', '4,5']);
const ref = file('ref.csv', ['a,b', '1,1', '2,NA', '3,', '4,5']);

describe('applyNumericalOverrides', () => {
  it('names the file row and column of the first cell that is not a number', async () => {
    const table = await loadTable(mixed);
    expect(() => applyNumericalOverrides(table, ['b'])).toThrow(`${mixed}:4:b: expected a number (--numerical), got "abc"`);
  });

  it('reads text cells that pandas reads as numbers, and missing cells as NaN', async () => {
    const table = await loadTable(ref);
    const asText = {
      ...table,
      columns: table.columns.map((c) => (c.name === 'b' ? { name: 'b', values: ['1e3', null, ' 2.5', '-inf'], dtype: 'object' as const } : c)),
    };
    const b = applyNumericalOverrides(asText, ['b']).columns.find((c) => c.name === 'b');
    expect(b?.dtype).toBe('float64');
    expect(Array.from(b?.values as Float64Array)).toEqual([1000, Number.NaN, 2.5, -Infinity]);
  });

  it('after alignSchemas, as `vigil report --numerical b` runs them, still names the bad cell, not the first number', async () => {
    const reference = await loadTable(ref);
    const current = await loadTable(mixed);
    checkMappedColumns(reference, { numerical: ['b'] });
    // The reference's b is numeric (NA and "" are missing); current's is text because of "abc".
    expect(() => applyNumericalOverrides(alignSchemas(reference, current), ['b'])).toThrow(
      `${mixed}:4:b: expected a number as in the reference (${ref}), got "abc"`,
    );
    expect(() => alignSchemas(current, reference)).toThrow(`${mixed}:4:b: expected a number as in current (${ref}), got "abc"`);
  });
});
