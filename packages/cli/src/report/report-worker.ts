// The worker-thread side of a large report: loads a data file (numbers into shared memory) or tests
// one drift column with core's `driftColumn`, and posts back the result. A failure posts only that
// it failed: the caller then redoes the work in its own thread, so errors are exactly the serial ones.

import { parentPort } from 'node:worker_threads';
import type { ColumnType, DriftColumnOutcome, DriftJob, DriftPresetOptions, Table } from '@vigil/core';
import type { LoadOptions, PackedTable } from '@vigil/tables';

/** One column to test: the job and a table per side holding just that column. */
export interface DriftTask {
  kind: 'drift';
  job: DriftJob;
  reference: Table;
  current: Table;
  types: Record<string, ColumnType>;
  options: DriftPresetOptions;
}

/** One file to load; with `progress`, the worker reports bytes read as it goes. */
export interface LoadTask {
  kind: 'load';
  file: string;
  progress: boolean;
  /** CSV's field delimiter (`--delimiter`); detected when absent. */
  delimiter?: string;
}

export type WorkerTask = DriftTask | LoadTask;

/** What a task's reply carries. */
export interface WorkerResults {
  drift: DriftColumnOutcome;
  load: PackedTable;
}

export type WorkerReply =
  | { id: number; result: DriftColumnOutcome | PackedTable }
  | { id: number; failed: string }
  | { id: number; progress: { bytesRead: number; totalBytes: number } };

const port = parentPort;
if (port === null) throw new Error('report-worker runs only as a worker thread');

// Each kind of task imports what it needs when it first comes, so a worker that is to read a file
// starts reading before the drift code has loaded, and one that only tests drift never loads a parser.
port.on('message', ({ id, task }: { id: number; task: WorkerTask }) => {
  const fail = (error: unknown): void => port.postMessage({ id, failed: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  if (task.kind === 'drift') {
    import('@vigil/core')
      .then(({ driftColumn }) => {
        port.postMessage({ id, result: driftColumn(task.job, task.reference, task.current, task.types, task.options) } satisfies WorkerReply);
      })
      .catch(fail);
    return;
  }
  const options: LoadOptions = { sharedMemory: true };
  if (task.progress) options.onProgress = (bytesRead, totalBytes) => port.postMessage({ id, progress: { bytesRead, totalBytes } } satisfies WorkerReply);
  if (task.delimiter !== undefined) options.delimiter = task.delimiter;
  import('@vigil/tables')
    .then(async ({ loadTable, packTable }) => {
      const table = await loadTable(task.file, options);
      const { packed, transfer } = packTable(table);
      port.postMessage({ id, result: packed } satisfies WorkerReply, transfer);
    })
    .catch(fail);
});
