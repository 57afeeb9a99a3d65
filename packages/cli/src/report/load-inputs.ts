// Loads the reference and current files of a run and makes them agree: same columns in the same
// order, every mapped column present, `--numerical` columns readable as numbers.

import { stat } from 'node:fs/promises';
import type { ColumnMapping } from '@vigil/core';
import type { CliIo } from '../cli-io.js';
import { registerSource } from '../describe-error.js';
import type { RunOptions } from '../config/run-options.js';
import { InputError } from '../errors.js';
import { alignSchemas } from '../load/align-schemas.js';
import { loadTable } from '../load/load-table.js';
import type { LoadedTable } from '../load/loaded-table.js';
import type { LoadOptions } from '../load/load-options.js';
import { applyNumericalOverrides, checkMappedColumns, probabilityColumnsByPrefix } from '../load/prepare-columns.js';
import { PROGRESS_MIN_BYTES, createProgressBar } from '../progress/progress-bar.js';

export interface RunInputs {
  reference: LoadedTable;
  current: LoadedTable;
  /** The mapping with probability columns resolved from `--prediction-proba-prefix`. */
  mapping: ColumnMapping;
}

export async function loadInputs(options: RunOptions, io: CliIo): Promise<RunInputs> {
  const reference = await loadWithProgress(options.reference, options, io);
  const current = alignSchemas(reference, await loadWithProgress(options.current, options, io));
  const mapping: ColumnMapping = { ...options.mapping };
  if (options.predictionProbaPrefix !== undefined) {
    mapping.predictionProbabilities = probabilityColumnsByPrefix(reference, options.predictionProbaPrefix);
  }
  checkMappedColumns(reference, mapping);
  checkMappedColumns(current, mapping);
  const numerical = mapping.numerical ?? [];
  return { reference: applyNumericalOverrides(reference, numerical), current: applyNumericalOverrides(current, numerical), mapping };
}

async function loadWithProgress(file: string, options: RunOptions, io: CliIo): Promise<LoadedTable> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!options.progress || !io.stderrIsTTY || size < PROGRESS_MIN_BYTES) return registered(await loadTable(file));
  const bar = createProgressBar(io, `reading ${file}`);
  const loadOptions: LoadOptions = { onProgress: (done, total) => bar.update(done, total) };
  try {
    return registered(await loadTable(file, loadOptions));
  } finally {
    bar.finish();
  }
}

/** Core's errors count data rows from 0; this lets the CLI turn them into file rows. */
function registered(table: LoadedTable): LoadedTable {
  registerSource(table.source, table.firstDataRow);
  return table;
}
