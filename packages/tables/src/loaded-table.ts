// What a loader returns: the core `Table` plus the pandas dtype each column would have had, which
// Evidently's type inference needs (an int64 column of few values is categorical, a float64 one is not).

import type { Table, TableColumn } from '@vigil/core';

/** The dtype pandas gives the column when it reads the same file (`read_csv`, `read_json`, `read_parquet`). */
export type PandasDtype = 'int64' | 'float64' | 'bool' | 'object' | 'datetime64';

export interface LoadedColumn extends TableColumn {
  readonly dtype: PandasDtype;
}

export interface LoadedTable extends Table {
  readonly columns: readonly LoadedColumn[];
  readonly source: string;
  /** The file row of data row 0 (2 for CSV, whose header is row 1; 1 for NDJSON and Parquet). */
  readonly firstDataRow: number;
  /** CSV only: the field delimiter the file was read with (given, or detected). */
  readonly delimiter?: string;
}
