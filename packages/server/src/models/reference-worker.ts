// The worker-thread side of a reference upload: reads CSV or Parquet bytes with @vigil/tables
// (within the upload limits, Parquet's checked in its metadata before decoding) and posts the table
// back packed (numbers in shared memory); a bad file or a limit comes back as data, not as a thrown error.

import { parentPort } from 'node:worker_threads';
import { InputError, TableTooLargeError, loadTableFromBytes, packTable } from '@vigil/tables';
import type { PackedTable } from '@vigil/tables';
import type { WorkerReply } from '../workers/worker-pool.js';

export interface ReferenceLoadTask {
  bytes: Uint8Array;
  format: 'csv' | 'parquet';
  /** What errors call the bytes ("the CSV body"). */
  name: string;
  maxRows: number;
  maxDecodedBytes: number;
}

export type ReferenceLoadResult =
  | { table: PackedTable }
  | { invalid: { row: number | undefined; column: string | undefined; what: string } }
  | { tooLarge: { limit: 'rows' | 'bytes'; max: number; actual: number } };

const port = parentPort;
if (port === null) throw new Error('reference-worker runs only as a worker thread');

port.on('message', ({ id, task }: { id: number; task: ReferenceLoadTask }) => {
  const reply = (r: WorkerReply<ReferenceLoadResult>, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  loadTableFromBytes(task.bytes, task.format, { name: task.name, sharedMemory: true, maxRows: task.maxRows, maxDecodedBytes: task.maxDecodedBytes })
    .then((table) => {
      const { packed, transfer } = packTable(table);
      reply({ id, result: { table: packed } }, transfer);
    })
    .catch((e: unknown) => {
      if (e instanceof InputError) reply({ id, result: { invalid: { row: e.row, column: e.column, what: e.what } } });
      else if (e instanceof TableTooLargeError) reply({ id, result: { tooLarge: { limit: e.limit, max: e.max, actual: e.actual } } });
      else reply({ id, failed: e instanceof Error ? e.message : String(e) });
    });
});
