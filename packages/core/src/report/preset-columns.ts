// Reading table columns for the quality and performance presets: look-up by name with typed
// errors, and numeric or label views of a column that say which cell was unreadable.

import { MissingColumnError, InvalidValueError } from './preset-errors.js';
import type { Cell, Table, TableColumn } from './table.js';

export function findColumn(table: Table, name: string): TableColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

export function requireColumn(table: Table, name: string, role: string): TableColumn {
  const c = findColumn(table, name);
  if (c === undefined) throw new MissingColumnError(table, name, role);
  return c;
}

/**
 * The column as numbers, NaN for missing. Cells must be numbers, numeric strings or booleans (as
 * pandas' `astype(float)` reads them); anything else is an error naming the cell.
 */
export function numericValues(table: Table, column: TableColumn): Float64Array {
  const v = column.values;
  if (v instanceof Float64Array) return v;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as Cell;
    if (c === null) out[i] = Number.NaN;
    else if (typeof c === 'number') out[i] = c;
    else if (typeof c === 'boolean') out[i] = c ? 1 : 0;
    else {
      const x = c.trim() === '' ? Number.NaN : Number(c);
      if (Number.isNaN(x)) throw new InvalidValueError(table, column.name, i, 'a number', c);
      out[i] = x;
    }
  }
  return out;
}

/** True when the cell is missing: null, or NaN in a numeric column. */
export function isMissingCell(values: Float64Array | readonly Cell[], i: number): boolean {
  const c = values[i];
  return c === null || c === undefined || (typeof c === 'number' && Number.isNaN(c));
}
