// Typed errors of the batch presets: a mapped column that a table lacks, or a cell that cannot be
// read as its column's type. Each names the table's source, the column and (for cells) the row.

import { InvalidArgumentError } from '@vigil/stats';
import type { Table } from './table.js';

/** A column the mapping or the options name is not in the table. */
export class MissingColumnError extends InvalidArgumentError {
  readonly column: string;
  readonly source: string | undefined;

  constructor(table: Table, column: string, role: string) {
    super(`${role} column "${column}"`, `a column of ${table.source ?? 'the table'}`, 'no such column');
    this.name = 'MissingColumnError';
    this.column = column;
    this.source = table.source;
  }
}

/** A cell that cannot serve its role (a non-numeric regression target, a probability above 1). */
export class InvalidValueError extends InvalidArgumentError {
  readonly column: string;
  /** Zero-based data row (the header is not counted). */
  readonly row: number;
  readonly source: string | undefined;

  constructor(table: Table, column: string, row: number, expected: string, got: unknown) {
    super(`${table.source ?? 'table'}: row ${row}, column "${column}"`, expected, got);
    this.name = 'InvalidValueError';
    this.column = column;
    this.row = row;
    this.source = table.source;
  }
}
