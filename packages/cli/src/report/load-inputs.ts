// Loads the reference and current files of a run and makes them agree: same columns in the same
// order, every mapped column present, `--numerical` columns readable as numbers. With report
// workers the two files load at once, on two threads.

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ColumnMapping } from '@vigil/core';
import type { CliIo } from '../cli-io.js';
import { registerSource } from '../describe-error.js';
import type { RunOptions } from '../config/run-options.js';
import { InputError, alignSchemas, loadTable, unpackTable } from '@vigil/tables';
import type { LoadOptions, LoadedTable } from '@vigil/tables';
import { PROGRESS_MIN_BYTES, createProgressBar } from '../progress/progress-bar.js';
import type { ProgressBar } from '../progress/progress-bar.js';
import { applyNumericalOverrides, checkMappedColumns, probabilityColumnsByPrefix } from './prepare-columns.js';
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
  const bar = progressBar(options, io, size, `reading ${basename(file)}`);
  if (bar === undefined) return registered(await loadTable(file, delimiterOption(options)));
  const loadOptions: LoadOptions = { ...delimiterOption(options), onProgress: (done, total) => bar.update(done, total) };
  try {
    return registered(await loadTable(file, loadOptions));
  } finally {
    bar.finish();
  }
}

/**
 * Both files at once, one bar for both: the reference in this thread (numbers in shared memory, so
 * drift workers read them without a copy) while a worker, started meanwhile, reads the current file.
 * Should the worker fail, the current file is read again here, so errors are the serial ones.
 */
async function loadInParallel(options: RunOptions, io: CliIo, workers: ReportWorkers): Promise<[LoadedTable, LoadedTable]> {
  const sizes = [await fileSize(options.reference)];
  try {
    sizes.push(await fileSize(options.current));
  } catch (error) {
    // A serial load would have read the reference first, and failed there if it is bad.
    await loadHere(options.reference, sizes[0] as number, options, io);
    throw error;
  }
  const total = (sizes[0] as number) + (sizes[1] as number);
  const bar = progressBar(options, io, total, `reading ${basename(options.reference)} and ${basename(options.current)}`);
  const done = [0, 0];
  const progress = (side: 0 | 1) => (bytesRead: number) => {
    done[side] = bytesRead;
    bar?.update((done[0] as number) + (done[1] as number), total);
  };
  const elsewhere = workers.load(options.current, bar === undefined ? undefined : progress(1), options.delimiter);
  let reference: LoadedTable;
  try {
    const loadOptions: LoadOptions = { ...delimiterOption(options), sharedMemory: true, ...(bar !== undefined && { onProgress: progress(0) }) };
    reference = registered(await loadTable(options.reference, loadOptions));
  } catch (error) {
    // The worker's answer no longer matters; keep its failure from going unhandled.
    elsewhere.catch(() => undefined);
    bar?.finish();
    throw error;
  }
  let outcome;
  try {
    outcome = await elsewhere;
  } finally {
    bar?.finish();
  }
  const current = outcome.ok ? registered(unpackTable(outcome.result)) : await loadHere(options.current, sizes[1] as number, options, io);
  return [reference, current];
}

/** `--delimiter` for the CSV loader; without it the loader detects each file's. */
function delimiterOption(options: RunOptions): LoadOptions {
  return options.delimiter === undefined ? {} : { delimiter: options.delimiter };
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
