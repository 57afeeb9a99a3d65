// The drift preset on worker threads: core's plan, then `driftColumn` for the columns spread over
// a few workers, then `aggregateDrift` once in this thread. Small data stay on the serial path.

import { aggregateDrift, driftColumn, driftPreset, planDrift } from '@vigil/core';
import type { DriftColumnOutcome, DriftJob, DriftPlan, DriftPresetOptions, DriftSection, Table } from '@vigil/core';
import { sharedNumbers } from '@vigil/tables';
import { ReportWorkers, reportWorkerCount } from './report-workers.js';

/** Below this many tested cells (rows of both sides × columns) starting workers costs more than it saves. */
export const PARALLEL_MIN_CELLS = 200_000;

export interface ParallelDriftOptions {
  /** Most worker threads to use (default one per core, at most 4); 1 is the serial path. */
  workers?: number;
  /** Smallest number of tested cells that goes to workers (default `PARALLEL_MIN_CELLS`). */
  minCells?: number;
  /** Workers already running (a report starts them before loading its files); else started here and closed after. */
  pool?: ReportWorkers;
}

/**
 * `driftPreset` with identical results, its columns tested in parallel when the data are large:
 * columns of numbers (Float64Arrays, shared with the workers) go to the workers, columns of cells
 * (costly to clone) are tested here meanwhile. Should a column fail (bad data, a method's error),
 * the whole preset reruns in this thread, so errors are exactly the serial ones.
 */
export async function parallelDriftPreset(
  reference: Table,
  current: Table,
  options: DriftPresetOptions,
  parallel: ParallelDriftOptions = {},
): Promise<DriftSection> {
  const plan = planDrift(reference, current, options);
  const cells = (reference.rowCount + current.rowCount) * plan.jobs.length;
  const wanted = parallel.pool?.size ?? reportWorkerCount(parallel.workers);
  const numeric = plan.jobs.map((_, i) => i).filter((i) => isNumbers(reference, plan, i) && isNumbers(current, plan, i));
  if (wanted <= 1 || numeric.length === 0 || cells < (parallel.minCells ?? PARALLEL_MIN_CELLS)) return driftPreset(reference, current, options);

  const pool = parallel.pool ?? new ReportWorkers(Math.min(wanted, numeric.length));
  try {
    const outcomes = new Array<DriftColumnOutcome>(plan.jobs.length);
    const run = testOnWorkers(pool, reference, current, options, plan, numeric, outcomes);
    const onWorkers = new Set(numeric);
    let failed = false;
    for (let i = 0; i < plan.jobs.length && !failed; i++) {
      if (onWorkers.has(i)) continue;
      // Between two columns here, let the workers' replies in, so their queues are topped up.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        outcomes[i] = driftColumn(plan.jobs[i] as DriftJob, reference, current, plan.types, options);
      } catch {
        failed = true;
      }
    }
    run.stop = failed;
    const allArrived = await run.done;
    return !failed && allArrived ? aggregateDrift(outcomes, options) : driftPreset(reference, current, options);
  } finally {
    if (parallel.pool === undefined) await pool.close();
  }
}

function isNumbers(table: Table, plan: DriftPlan, index: number): boolean {
  const name = plan.jobs[index]?.name;
  return table.columns.find((c) => c.name === name)?.values instanceof Float64Array;
}

// A table of just one column, its numbers in shared memory (a copy only when they are not already).
function columnTable(table: Table, name: string): Table {
  const column = table.columns.find((c) => c.name === name);
  const values = column?.values instanceof Float64Array ? sharedNumbers(column.values) : undefined;
  const sub = { rowCount: table.rowCount, columns: column === undefined || values === undefined ? [] : [{ name: column.name, values }] };
  return table.source === undefined ? sub : { ...sub, source: table.source };
}

// Tasks queued ahead per worker, so a worker never waits for the next column; few enough that the
// shared copies of in-memory columns do not all exist at once.
const QUEUED_PER_WORKER = 3;

/**
 * Tests the `indices` columns on the pool into `outcomes`. `done` is true when all arrived, false
 * when a column failed or `stop` was set (the caller then reruns serially to throw its error); it
 * rejects when a worker itself dies, a fault of this program rather than of the data.
 */
function testOnWorkers(
  pool: ReportWorkers,
  reference: Table,
  current: Table,
  options: DriftPresetOptions,
  plan: DriftPlan,
  indices: readonly number[],
  outcomes: DriftColumnOutcome[],
): { done: Promise<boolean>; stop: boolean } {
  const state = { stop: false, done: Promise.resolve(true) };
  let next = 0;
  const lane = async (): Promise<boolean> => {
    while (next < indices.length && !state.stop) {
      const index = indices[next++] as number;
      const job = plan.jobs[index] as DriftJob;
      const outcome = await pool.drift({
        job,
        reference: columnTable(reference, job.name),
        current: columnTable(current, job.name),
        types: plan.types,
        options,
      });
      if (!outcome.ok) {
        state.stop = true;
        return false;
      }
      outcomes[index] = outcome.result;
    }
    return !state.stop;
  };
  const lanes = Math.min(indices.length, pool.size * QUEUED_PER_WORKER);
  state.done = Promise.all(Array.from({ length: lanes }, lane)).then((all) => all.every(Boolean));
  return state;
}
