// The worker-thread side of the parallel drift preset: tests one column per message with core's
// `driftColumn` and posts back its outcome, or the error's message (the caller then reruns serially).

import { parentPort } from 'node:worker_threads';
import { driftColumn } from '@vigil/core';
import type { DriftColumnOutcome, DriftJob, DriftPresetOptions, ColumnType, Table } from '@vigil/core';

/** One column to test: the job and a table per side holding just that column. */
export interface DriftTask {
  index: number;
  job: DriftJob;
  reference: Table;
  current: Table;
  types: Record<string, ColumnType>;
  options: DriftPresetOptions;
}

export type DriftTaskReply = { index: number; outcome: DriftColumnOutcome } | { index: number; error: string };

const port = parentPort;
if (port === null) throw new Error('drift-worker.ts runs only as a worker thread');
port.on('message', (task: DriftTask) => {
  let reply: DriftTaskReply;
  try {
    reply = { index: task.index, outcome: driftColumn(task.job, task.reference, task.current, task.types, task.options) };
  } catch (error) {
    reply = { index: task.index, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
