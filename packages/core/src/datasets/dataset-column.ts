// A column of a dataset batch as Vigil keeps it: numbers in a Float64Array (NaN for missing), or
// cells of any JSON scalar type (null for missing).

import type { Cell } from '../report/table.js';

export type DatasetColumn = Float64Array | ArrayLike<Cell>;

/** Row i of a column as a cell (a numeric column's NaN as null). */
export function cellAt(column: DatasetColumn, i: number): Cell {
  const v = column[i];
  if (v === undefined) return null;
  return typeof v === 'number' && Number.isNaN(v) ? null : v;
}
