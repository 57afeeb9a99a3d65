// The loaders' entry points: a file by its extension (.csv, .ndjson/.jsonl, .parquet), or bytes in
// memory (an HTTP body) in a format the caller names.

import type { DataSource } from './data-source.js';
import { UnsupportedFormatError } from './errors.js';
import type { LoadedTable } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';

export type FileFormat = 'csv' | 'ndjson' | 'parquet';

/** Options for bytes in memory: those of every loader, and the name errors call the bytes by. */
export interface BytesLoadOptions extends LoadOptions {
  /** What error messages and the table's `source` call the bytes, in place of a path (e.g. "the CSV body"). */
  name: string;
}

/** The format a file's extension names (case-insensitive), or an `UnsupportedFormatError`. */
export function formatOf(file: string): FileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  throw new UnsupportedFormatError(file);
}

/** Reads a file into a table, the loader picked by the file's extension (`formatOf`). */
export async function loadTable(file: string, options: LoadOptions = {}): Promise<LoadedTable> {
  return loadFrom(file, formatOf(file), options);
}

/**
 * Reads bytes in memory (a request body) into the table the same bytes give from a file, with the
 * same errors: rows and columns as in the file, the place named `options.name` instead of a path.
 * The bytes are read where they lie and never written.
 */
export async function loadTableFromBytes(bytes: Uint8Array, format: FileFormat, options: BytesLoadOptions): Promise<LoadedTable> {
  const { name, ...loadOptions } = options;
  return loadFrom({ bytes, name }, format, loadOptions);
}

// Each loader is imported when a source of its format comes: a worker thread that reads one CSV file
// then loads neither the JSON nor the Parquet reader.
async function loadFrom(source: DataSource, format: FileFormat, options: LoadOptions): Promise<LoadedTable> {
  switch (format) {
    case 'csv':
      return (await import('./csv-loader.js')).loadCsv(source, options);
    case 'ndjson':
      return (await import('./ndjson-loader.js')).loadNdjson(source, options);
    case 'parquet':
      return (await import('./parquet-loader.js')).loadParquet(source, options);
  }
}
