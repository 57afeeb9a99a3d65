// @vigil/tables: CSV, NDJSON and Parquet into core Tables, typed and with missing values as pandas
// reads them, from a file (the CLI) or from bytes in memory (the server). Every export is named here.

// --- loading ---
export { formatOf, loadTable, loadTableFromBytes } from './load-table.js';
export type { BytesLoadOptions, FileFormat } from './load-table.js';
export type { LoadOptions } from './load-options.js';
export type { LoadedColumn, LoadedTable, PandasDtype } from './loaded-table.js';
export { CSV_DELIMITERS, detectDelimiter, isCsvDelimiter } from './csv-delimiter.js';

// --- errors ---
export { InputError, TableTooLargeError, UnsupportedFormatError } from './errors.js';

// --- a reference and a current table with one schema ---
export { alignSchemas } from './align-schemas.js';

// --- cells as pandas reads them ---
export { parseNumberCell } from './csv-cell.js';

// --- tables across threads ---
export { packTable, sharedNumbers, unpackTable } from './table-transfer.js';
export type { PackedColumn, PackedTable } from './table-transfer.js';
