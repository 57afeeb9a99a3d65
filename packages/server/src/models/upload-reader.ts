// Reads an uploaded table (CSV or Parquet bytes) on worker threads within the upload limits
// (`referenceMaxRows`, `referenceMaxBytes`): what reference uploads and dataset batches share. A bad
// file is a 400 naming its row and column; a file over a limit is a 413 naming the setting to change.

import { unpackTable } from '@vigil/tables';
import type { LoadedTable } from '@vigil/tables';
import { BadRequestError, UploadTooLargeError } from '../errors.js';
import { WorkerPool } from '../workers/worker-pool.js';
import type { ReferenceLoadResult, ReferenceLoadTask } from './reference-worker.js';

const WORKER_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './reference-worker.ts' : './reference-worker.js', import.meta.url);
/** Heap of a reading thread: a 1 M-row upload decodes well within it. */
const WORKER_HEAP_MB = 2048;

export interface UploadReaderOptions {
  /** Rows an upload may hold. */
  readonly maxRows: number;
  /** Bytes an upload's data may take decoded. */
  readonly maxBytes: number;
  /** Reading threads. */
  readonly workers: number;
  /** What errors call an upload: "the reference upload", "the batch". */
  readonly noun: string;
  /** What the worker pool's errors call its work: "reference uploads". */
  readonly what: string;
}

export class UploadReader {
  readonly maxRows: number;
  readonly maxBytes: number;
  private readonly noun: string;
  private readonly pool: WorkerPool<ReferenceLoadTask, ReferenceLoadResult>;

  constructor(options: UploadReaderOptions) {
    this.maxRows = options.maxRows;
    this.maxBytes = options.maxBytes;
    this.noun = options.noun;
    this.pool = new WorkerPool({ entry: WORKER_ENTRY, size: options.workers, maxQueued: 8, maxHeapMb: WORKER_HEAP_MB, what: options.what });
  }

  /** Stops the reading threads. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** The 413 of an upload over a limit; `exact`: `actual` is the true count, not a lower bound. */
  tooLarge(limit: 'rows' | 'bytes', actual: number, exact: boolean): UploadTooLargeError {
    const [max, key, env, unit] =
      limit === 'rows'
        ? [this.maxRows, 'referenceMaxRows', 'VIGIL_REFERENCE_MAX_ROWS', 'rows']
        : [this.maxBytes, 'referenceMaxBytes', 'VIGIL_REFERENCE_MAX_BYTES', 'bytes of decoded data'];
    const got = exact ? `${actual} ${unit}` : `more than ${max} ${unit}`;
    return new UploadTooLargeError(`${this.noun} holds ${got}; the limit is ${max} (config ${key}, environment ${env})`, [
      { path: 'body', message: `at most ${max} ${unit} (${key})` },
    ]);
  }

  /** Reads CSV or Parquet bytes on a worker thread; `name` is what errors call them ("the CSV body"). */
  async load(bytes: Uint8Array, format: 'csv' | 'parquet', name: string): Promise<LoadedTable> {
    if (bytes.length > this.maxBytes) throw this.tooLarge('bytes', bytes.length, true);
    const outcome = await this.pool.run({ bytes, format, name, maxRows: this.maxRows, maxDecodedBytes: this.maxBytes });
    if ('table' in outcome) return unpackTable(outcome.table);
    // Parquet's counts come from its metadata; CSV stops reading soon after the limit, so its count is a lower bound.
    if ('tooLarge' in outcome) throw this.tooLarge(outcome.tooLarge.limit, outcome.tooLarge.actual, format === 'parquet');
    const e = outcome.invalid;
    const at = [e.row === undefined ? undefined : `row ${e.row}`, e.column === undefined ? undefined : `column "${e.column}"`]
      .filter((x) => x !== undefined)
      .join(', ');
    throw new BadRequestError(
      `${name}${at === '' ? '' : `, ${at}`}: ${e.what}`,
      [{ path: at === '' ? 'body' : at, message: e.what }],
      format === 'csv' ? 'INVALID_CSV' : 'INVALID_PARQUET',
    );
  }
}
