// Picks the loader by file extension: .csv, .ndjson/.jsonl, .parquet.

import { UsageError } from '../errors.js';
import { loadCsv } from './csv-loader.js';
import type { LoadedTable } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';
import { loadNdjson } from './ndjson-loader.js';
import { loadParquet } from './parquet-loader.js';

export type FileFormat = 'csv' | 'ndjson' | 'parquet';

export function formatOf(file: string): FileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  throw new UsageError(file, 'a .csv, .ndjson, .jsonl or .parquet file');
}

export async function loadTable(file: string, options: LoadOptions = {}): Promise<LoadedTable> {
  switch (formatOf(file)) {
    case 'csv':
      return loadCsv(file, options);
    case 'ndjson':
      return loadNdjson(file, options);
    case 'parquet':
      return loadParquet(file, options);
  }
}
