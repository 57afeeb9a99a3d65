// Checks the column mapping against a loaded table and applies `--numerical` overrides, so that a
// misspelt column or an unparsable value is reported with its file, row and column before any evaluation.

import type { Cell, ColumnMapping } from '@vigil/core';
import { InputError, parseNumberCell } from '@vigil/tables';
import type { LoadedColumn, LoadedTable } from '@vigil/tables';

/** Each mapped column with the flag that named it, for the error message. */
export function mappedColumns(mapping: ColumnMapping): { name: string; flag: string }[] {
  const named: { name: string; flag: string }[] = [];
  const single = ['target', 'prediction', 'id', 'timestamp', 'segment'] as const;
  for (const role of single) {
    const name = mapping[role];
    if (name !== undefined) named.push({ name, flag: `--${role}` });
  }
  for (const name of Object.values(mapping.predictionProbabilities ?? {})) named.push({ name, flag: '--prediction-proba' });
  const lists = ['numerical', 'categorical', 'text', 'datetime'] as const;
  for (const role of lists) for (const name of mapping[role] ?? []) named.push({ name, flag: `--${role}` });
  return named;
}

export function checkMappedColumns(table: LoadedTable, mapping: ColumnMapping): void {
  const names = new Set(table.columns.map((column) => column.name));
  for (const { name, flag } of mappedColumns(mapping)) {
    if (!names.has(name)) throw new InputError(table.source, 1, name, `mapped column (${flag}) is not in the file`);
  }
}

/** Makes every column listed as numerical a Float64Array, or names the first cell that is not a number. */
export function applyNumericalOverrides(table: LoadedTable, numerical: readonly string[]): LoadedTable {
  if (numerical.length === 0) return table;
  const wanted = new Set(numerical);
  const columns = table.columns.map((column): LoadedColumn => {
    if (!wanted.has(column.name) || column.values instanceof Float64Array) return column;
    const cells: readonly Cell[] = column.values;
    const values = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] ?? null;
      const value = cell === null ? Number.NaN : typeof cell === 'number' ? cell : typeof cell === 'string' ? parseNumberCell(cell) : undefined;
      if (value === undefined) {
        throw new InputError(table.source, i + table.firstDataRow, column.name, `expected a number (--numerical), got ${JSON.stringify(cell)}`);
      }
      values[i] = value;
    }
    return { name: column.name, values, dtype: 'float64' };
  });
  return { ...table, columns };
}

/** Columns whose name starts with the prefix hold the probability of the class named by the rest. */
export function probabilityColumnsByPrefix(table: LoadedTable, prefix: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const column of table.columns)
    if (column.name.startsWith(prefix) && column.name.length > prefix.length) map[column.name.slice(prefix.length)] = column.name;
  if (Object.keys(map).length === 0) {
    throw new InputError(table.source, 1, `${prefix}*`, `no column starts with the --prediction-proba-prefix "${prefix}"`);
  }
  return map;
}
