// Moves a loaded table between threads cheaply: numbers travel in SharedArrayBuffers (no copy at
// all), cells as integer codes into their distinct values, rebuilt on the other side as arrays
// that share one string per distinct value, as the loader's own arrays do.

import type { Cell } from '@vigil/core';
import type { LoadedColumn, LoadedTable, PandasDtype } from './loaded-table.js';
import { encodedColumn } from './text-cells.js';

type PackedValues = { numbers: Float64Array } | { codes: Int32Array; dictionary: readonly Cell[] };

export interface PackedColumn {
  name: string;
  dtype: PandasDtype;
  values: PackedValues;
}

export interface PackedTable {
  rowCount: number;
  source: string;
  firstDataRow: number;
  delimiter?: string;
  columns: PackedColumn[];
}

/** Numbers in shared memory: these themselves when they already are, else a copy. */
export function sharedNumbers(values: Float64Array): Float64Array {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const out = new Float64Array(new SharedArrayBuffer(values.length * 8));
  out.set(values);
  return out;
}

/** The table as a message, and the buffers to transfer with it. */
export function packTable(table: LoadedTable): { packed: PackedTable; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const columns = table.columns.map((column): PackedColumn => {
    if (column.values instanceof Float64Array) return { name: column.name, dtype: column.dtype, values: { numbers: sharedNumbers(column.values) } };
    // Cells the loader already holds as codes go as they are; others are encoded here.
    const { codes, dictionary } = column.encoded ?? encodeCells(column.values);
    transfer.push(codes.buffer as ArrayBuffer);
    return { name: column.name, dtype: column.dtype, values: { codes, dictionary } };
  });
  const packed: PackedTable = { rowCount: table.rowCount, source: table.source, firstDataRow: table.firstDataRow, columns };
  if (table.delimiter !== undefined) packed.delimiter = table.delimiter;
  return { packed, transfer };
}

export function unpackTable(packed: PackedTable): LoadedTable {
  const columns = packed.columns.map((column): LoadedColumn => {
    const v = column.values;
    if ('numbers' in v) return { name: column.name, dtype: column.dtype, values: v.numbers };
    return encodedColumn(column.name, column.dtype, v);
  });
  const table = { rowCount: packed.rowCount, source: packed.source, firstDataRow: packed.firstDataRow, columns };
  return packed.delimiter === undefined ? table : { ...table, delimiter: packed.delimiter };
}

// -0 gets a code of its own: a Map would file it under +0, and the cells must come back as they were.
function encodeCells(cells: readonly Cell[]): { codes: Int32Array; dictionary: Cell[] } {
  const index = new Map<Cell, number>();
  const dictionary: Cell[] = [];
  const codes = new Int32Array(cells.length);
  let minusZero = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as Cell;
    let code: number | undefined;
    if (cell === 0 && Object.is(cell, -0)) {
      if (minusZero < 0) minusZero = dictionary.push(cell) - 1;
      code = minusZero;
    } else {
      code = index.get(cell);
      if (code === undefined) {
        code = dictionary.push(cell) - 1;
        index.set(cell, code);
      }
    }
    codes[i] = code;
  }
  return { codes, dictionary };
}
