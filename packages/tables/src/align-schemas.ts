// Reference and current must describe the same columns with the same kind of values. This puts the
// current table in the reference's column order, or says exactly which column or cell breaks the schema.

import type { Cell } from '@vigil/core';
import { PANDAS_FALSE_VALUES, PANDAS_TRUE_VALUES, parseNumberCell } from './csv-cell.js';
import { InputError } from './errors.js';
import type { LoadedColumn, LoadedTable } from './loaded-table.js';

type ValueKind = 'number' | 'boolean' | 'text' | 'empty';

export function alignSchemas(reference: LoadedTable, current: LoadedTable): LoadedTable {
  const currentByName = new Map(current.columns.map((column) => [column.name, column]));
  for (const column of reference.columns) {
    if (!currentByName.has(column.name)) {
      throw new InputError(
        current.source,
        1,
        column.name,
        `column is in the reference (${reference.source}${split(reference)}) but not in current${header(current)}`,
      );
    }
  }
  const referenceNames = new Set(reference.columns.map((column) => column.name));
  for (const column of current.columns) {
    if (!referenceNames.has(column.name)) {
      throw new InputError(
        current.source,
        1,
        column.name,
        `column is in current${header(current)} but not in the reference (${reference.source}${split(reference)})`,
      );
    }
  }
  const columns = reference.columns.map((refColumn): LoadedColumn => {
    const curColumn = currentByName.get(refColumn.name) as LoadedColumn;
    const refKind = kindOf(refColumn);
    const curKind = kindOf(curColumn);
    if (refKind === curKind || refKind === 'empty') return curColumn;
    if (curKind === 'empty') {
      // An all-missing column reads as float64 NaN; give it the reference's shape.
      if (refColumn.values instanceof Float64Array) return curColumn;
      return { name: curColumn.name, values: new Array<Cell>(current.rowCount).fill(null), dtype: 'object' };
    }
    // The side whose values are wider (text over boolean over number) holds the offending cell.
    const [table, column, expected] = rank(curKind) > rank(refKind) ? [current, curColumn, refKind] : [reference, refColumn, curKind];
    const other = table === current ? `the reference (${reference.source})` : `current (${current.source})`;
    const index = firstCellNotOfKind(column, expected);
    const got = index === undefined ? '' : `, got ${JSON.stringify(column.values[index])}`;
    throw new InputError(
      table.source,
      index === undefined ? 1 : index + table.firstDataRow,
      column.name,
      `expected ${expected === 'number' ? 'a number' : 'a boolean'} as in ${other}${got}`,
    );
  });
  return { ...current, columns };
}

// A CSV file split at the wrong character has other columns: the messages say where each side was split.
function split(table: LoadedTable): string {
  return table.delimiter === undefined ? '' : `, delimiter ${JSON.stringify(table.delimiter)}`;
}

function header(table: LoadedTable): string {
  if (table.delimiter === undefined) return '';
  const names = table.columns.slice(0, 5).map((column) => JSON.stringify(column.name));
  if (table.columns.length > 5) names.push('…');
  return ` (delimiter ${JSON.stringify(table.delimiter)}; its header: ${names.join(', ')})`;
}

function rank(kind: ValueKind): number {
  return kind === 'number' ? 1 : kind === 'boolean' ? 2 : kind === 'text' ? 3 : 0;
}

function kindOf(column: LoadedColumn): ValueKind {
  // Encoded cells: their distinct values in first-seen order tell the same (and decode nothing).
  const values = column.encoded?.dictionary ?? column.values;
  if (values instanceof Float64Array) {
    for (const value of values) if (!Number.isNaN(value)) return 'number';
    return 'empty';
  }
  let kind: ValueKind = 'empty';
  for (const cell of values) {
    if (cell === null) continue;
    if (typeof cell === 'boolean') kind = 'boolean';
    else return typeof cell === 'number' && kind === 'empty' && allNumbers(values) ? 'number' : 'text';
  }
  return kind;
}

function allNumbers(values: readonly Cell[]): boolean {
  return values.every((cell) => cell === null || typeof cell === 'number');
}

/**
 * The first cell that breaks the expected kind. A text column read from CSV holds every cell as text,
 * "2" as much as "abc": the cell at fault is the first whose text does not read as the expected kind
 * (as pandas would read it); only when every text reads so (JSON strings "2", "true") is it the first
 * cell that is not of the kind.
 */
function firstCellNotOfKind(column: LoadedColumn, kind: ValueKind): number | undefined {
  const values = column.values;
  if (values instanceof Float64Array) return undefined;
  const isKind = (cell: Cell) => (kind === 'number' ? typeof cell === 'number' : typeof cell === 'boolean');
  const readsAsKind = (text: string) =>
    kind === 'number' ? parseNumberCell(text) !== undefined : PANDAS_TRUE_VALUES.has(text) || PANDAS_FALSE_VALUES.has(text);
  let index = values.findIndex((cell) => cell !== null && !isKind(cell) && !(typeof cell === 'string' && readsAsKind(cell)));
  if (index < 0) index = values.findIndex((cell) => cell !== null && !isKind(cell));
  return index < 0 ? undefined : index;
}
