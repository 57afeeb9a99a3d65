// Picks the loader by file extension: .csv, .ndjson/.jsonl, .parquet.

import { UsageError } from '../errors.js';
import type { LoadedTable } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';

export type FileFormat = 'csv' | 'ndjson' | 'parquet';

export function formatOf(file: string): FileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  throw new UsageError(file, 'a .csv, .ndjson, .jsonl or .parquet file');
}

// Each loader is imported when a file of its format comes: a worker thread that reads one CSV file
// then loads neither the JSON nor the Parquet reader.
export async function loadTable(file: string, options: LoadOptions = {}): Promise<LoadedTable> {
  switch (formatOf(file)) {
    case 'csv':
      return (await import('./csv-loader.js')).loadCsv(file, options);
    case 'ndjson':
      return (await import('./ndjson-loader.js')).loadNdjson(file, options);
    case 'parquet':
      return (await import('./parquet-loader.js')).loadParquet(file, options);
  }
}
