// The drift preset on worker threads: core's plan, then `driftColumn` for the columns spread over
// a few workers, then `aggregateDrift` once in this thread. Small data stay on the serial path.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { aggregateDrift, driftColumn, driftPreset, planDrift } from '@vigil/core';
import type { DriftColumnOutcome, DriftJob, DriftPlan, DriftPresetOptions, DriftSection, Table } from '@vigil/core';
import type { DriftTask, DriftTaskReply } from './drift-worker.js';

/** Below this many tested cells (rows of both sides × columns) starting workers costs more than it saves. */
export const PARALLEL_MIN_CELLS = 200_000;
/** More workers than this gain little: the columns are few and the copies to them add up. */
export const MAX_DRIFT_WORKERS = 4;

const WORKER_ENTRY = new URL('../../bin/drift-worker.js', import.meta.url);

export interface ParallelDriftOptions {
  /** Most worker threads to use (default `os.availableParallelism()`, at most 4); 1 is the serial path. */
  workers?: number;
  /** Smallest number of tested cells that goes to workers (default `PARALLEL_MIN_CELLS`). */
  minCells?: number;
}

/**
 * `driftPreset` with identical results, its columns tested in parallel when the data are large:
 * columns of numbers (Float64Arrays, cheap to copy) go to the workers, columns of cells (costly to
 * clone) are tested here meanwhile. Should a column fail (bad data, a method's error), the whole
 * preset reruns in this thread, so errors are exactly the serial ones.
 */
export async function parallelDriftPreset(
  reference: Table,
  current: Table,
  options: DriftPresetOptions,
  parallel: ParallelDriftOptions = {},
): Promise<DriftSection> {
  const plan = planDrift(reference, current, options);
  const cells = (reference.rowCount + current.rowCount) * plan.jobs.length;
  const wanted = Math.min(parallel.workers ?? availableParallelism(), MAX_DRIFT_WORKERS);
  const numeric = plan.jobs.map((_, i) => i).filter((i) => isNumbers(reference, plan, i) && isNumbers(current, plan, i));
  if (wanted <= 1 || numeric.length === 0 || cells < (parallel.minCells ?? PARALLEL_MIN_CELLS)) return driftPreset(reference, current, options);

  const outcomes = new Array<DriftColumnOutcome>(plan.jobs.length);
  const run = startWorkers(reference, current, options, plan, numeric, Math.min(wanted, numeric.length), outcomes);
  const onWorkers = new Set(numeric);
  for (let i = 0; i < plan.jobs.length; i++) {
    if (onWorkers.has(i)) continue;
    try {
      outcomes[i] = driftColumn(plan.jobs[i] as DriftJob, reference, current, plan.types, options);
    } catch {
      run.cancel();
      return driftPreset(reference, current, options);
    }
  }
  return (await run.done) ? aggregateDrift(outcomes, options) : driftPreset(reference, current, options);
}

function isNumbers(table: Table, plan: DriftPlan, index: number): boolean {
  const name = plan.jobs[index]?.name;
  return table.columns.find((c) => c.name === name)?.values instanceof Float64Array;
}

function columnTable(table: Table, name: string): Table {
  const column = table.columns.find((c) => c.name === name);
  const sub = { rowCount: table.rowCount, columns: column === undefined ? [] : [{ name: column.name, values: column.values }] };
  return table.source === undefined ? sub : { ...sub, source: table.source };
}

// Tasks queued ahead per worker, so a worker never waits while this thread tests a column of cells;
// few enough that the copies of the columns do not all exist at once.
const QUEUED_PER_WORKER = 3;

/**
 * Tests the `indices` columns on `count` workers into `outcomes`. `done` is true when all arrived,
 * false when a column failed (the caller reruns serially to throw its error); it rejects when a
 * worker itself dies, a fault of this program rather than of the data.
 */
function startWorkers(
  reference: Table,
  current: Table,
  options: DriftPresetOptions,
  plan: DriftPlan,
  indices: readonly number[],
  count: number,
  outcomes: DriftColumnOutcome[],
): { done: Promise<boolean>; cancel: () => void } {
  const pool: Worker[] = [];
  let next = 0;
  let left = indices.length;
  let finish: (result: boolean | Error) => void = () => undefined;
  const done = new Promise<boolean>((resolve, reject) => {
    let settled = false;
    finish = (result) => {
      if (settled) return;
      settled = true;
      for (const w of pool) void w.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
  });
  const feed = (worker: Worker): void => {
    const index = indices[next++];
    const job = index === undefined ? undefined : plan.jobs[index];
    if (index === undefined || job === undefined) return;
    const task: DriftTask = { index, job, reference: columnTable(reference, job.name), current: columnTable(current, job.name), types: plan.types, options };
    // A structured clone, not a transfer: the tables stay usable here for other presets and outputs.
    worker.postMessage(task);
  };
  for (let w = 0; w < count; w++) {
    const worker = new Worker(WORKER_ENTRY);
    pool.push(worker);
    worker.on('message', (reply: DriftTaskReply) => {
      if ('error' in reply) return finish(false);
      outcomes[reply.index] = reply.outcome;
      if (--left === 0) return finish(true);
      feed(worker);
    });
    // A worker that dies is a fault of this program, not of the data: report it, do not hide it.
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`drift worker exited early with code ${code}`)));
  }
  for (let k = 0; k < QUEUED_PER_WORKER; k++) for (const worker of pool) feed(worker);
  return { done, cancel: () => finish(false) };
}
