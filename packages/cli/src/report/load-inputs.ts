// Loads the reference and current files of a run and makes them agree: same columns in the same
// order, every mapped column present, `--numerical` columns readable as numbers. With report
// workers the two files load at once, one per thread.

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
import { unpackTable } from '../load/table-transfer.js';
import { PROGRESS_MIN_BYTES, createProgressBar } from '../progress/progress-bar.js';
import type { ProgressBar } from '../progress/progress-bar.js';
import type { ReportWorkers } from './report-workers.js';

export interface RunInputs {
  reference: LoadedTable;
  current: LoadedTable;
  /** The mapping with probability columns resolved from `--prediction-proba-prefix`. */
  mapping: ColumnMapping;
}

export async function loadInputs(options: RunOptions, io: CliIo, workers?: ReportWorkers): Promise<RunInputs> {
  const [reference, current] = workers === undefined ? await loadSerially(options, io) : await loadInParallel(options, io, workers);
  const aligned = alignSchemas(reference, current);
  const mapping: ColumnMapping = { ...options.mapping };
  if (options.predictionProbaPrefix !== undefined) {
    mapping.predictionProbabilities = probabilityColumnsByPrefix(reference, options.predictionProbaPrefix);
  }
  checkMappedColumns(reference, mapping);
  checkMappedColumns(aligned, mapping);
  const numerical = mapping.numerical ?? [];
  return { reference: applyNumericalOverrides(reference, numerical), current: applyNumericalOverrides(aligned, numerical), mapping };
}

/** The size of a data file, or the InputError that names it. */
export async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

async function loadSerially(options: RunOptions, io: CliIo): Promise<[LoadedTable, LoadedTable]> {
  const reference = await loadHere(options.reference, await fileSize(options.reference), options, io);
  const current = await loadHere(options.current, await fileSize(options.current), options, io);
  return [reference, current];
}

async function loadHere(file: string, size: number, options: RunOptions, io: CliIo): Promise<LoadedTable> {
  const bar = progressBar(options, io, size, `reading ${file}`);
  if (bar === undefined) return registered(await loadTable(file));
  const loadOptions: LoadOptions = { onProgress: (done, total) => bar.update(done, total) };
  try {
    return registered(await loadTable(file, loadOptions));
  } finally {
    bar.finish();
  }
}

/**
 * Both files on workers at once, one bar for both. A file that fails there is loaded again here,
 * reference first, so the error is the one a serial load would give.
 */
async function loadInParallel(options: RunOptions, io: CliIo, workers: ReportWorkers): Promise<[LoadedTable, LoadedTable]> {
  const files = [options.reference, options.current] as const;
  const sizes = [await fileSize(files[0])];
  try {
    sizes.push(await fileSize(files[1]));
  } catch (error) {
    // A serial load would have read the reference first, and failed there if it is bad.
    await loadHere(files[0], sizes[0] as number, options, io);
    throw error;
  }
  const bar = progressBar(options, io, (sizes[0] as number) + (sizes[1] as number), `reading ${files[0]} and ${files[1]}`);
  const done = [0, 0];
  const onProgress = bar === undefined ? undefined : (side: number) => (bytesRead: number) => {
    done[side] = bytesRead;
    bar.update((done[0] as number) + (done[1] as number), (sizes[0] as number) + (sizes[1] as number));
  };
  let outcomes;
  try {
    outcomes = await Promise.all(files.map((file, side) => workers.load(file, onProgress?.(side))));
  } finally {
    bar?.finish();
  }
  const tables: LoadedTable[] = [];
  for (const [side, outcome] of outcomes.entries()) {
    const file = files[side as 0 | 1];
    tables.push(outcome.ok ? registered(unpackTable(outcome.result)) : await loadHere(file, sizes[side] as number, options, io));
  }
  return [tables[0] as LoadedTable, tables[1] as LoadedTable];
}

function progressBar(options: RunOptions, io: CliIo, size: number, label: string): ProgressBar | undefined {
  if (!options.progress || !io.stderrIsTTY || size < PROGRESS_MIN_BYTES) return undefined;
  return createProgressBar(io, label);
}

/** Core's errors count data rows from 0; this lets the CLI turn them into file rows. */
function registered(table: LoadedTable): LoadedTable {
  registerSource(table.source, table.firstDataRow);
  return table;
}
