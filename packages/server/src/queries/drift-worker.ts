// The worker-thread side of a heavy drift query: the batch report's evaluator on a window's raw
// events (`exactDrift`), off the event loop. A refusal of the query (a VigilError) comes back as
// data, to be answered as it would have been in the main thread.

import { parentPort } from 'node:worker_threads';
import type { ErrorDetail } from '@vigil/wire';
import { VigilError } from '../errors.js';
import type { WorkerReply } from '../workers/worker-pool.js';
import { exactDrift } from './window-drift.js';
import type { ExactDriftInput, ExactDriftResult } from './window-drift.js';

export type DriftWorkerResult =
  { drift: ExactDriftResult } | { refused: { code: string; status: number; message: string; details: ErrorDetail[] | undefined } };

const port = parentPort;
if (port === null) throw new Error('drift-worker runs only as a worker thread');

port.on('message', ({ id, task }: { id: number; task: ExactDriftInput }) => {
  let reply: WorkerReply<DriftWorkerResult>;
  try {
    reply = { id, result: { drift: exactDrift(task) } };
  } catch (e) {
    if (e instanceof VigilError) reply = { id, result: { refused: { code: e.code, status: e.status, message: e.message, details: e.details } } };
    else reply = { id, failed: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
