// Runs of data pipelines, as orchestrators report them: `running`, then `succeeded` or `failed`.
// A run is idempotent by its id (a later post of the same id updates it), its lateness is how long
// after its scheduled time it started (the orchestrator's `scheduledAt`, else the previous tick of
// the schedule of a dataset it writes), and its series are read per step.

import { parseSchedule } from '@vigil/core';
import type { PipelineRunInfo, PipelineRunInput, PipelineRunListQuery, PipelineSeriesQuery, RunStatus, SeriesPoint, SeriesResponse } from '@vigil/wire';
import { timestampToMs } from '@vigil/wire';
import { BadRequestError, NotFoundError, ValidationError } from '../errors.js';
import { datasetConfigOf } from '../datasets/dataset-service.js';
import type { DatasetStore, PipelineRunRow } from '../storage/dataset-store.js';

export interface PipelineServiceDeps {
  readonly store: DatasetStore;
  readonly clock: () => number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Runs one series reads at most. */
const SERIES_RUNS = 100_000;

/** A stored run as the API shows it. */
export function runInfo(r: PipelineRunRow): PipelineRunInfo {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    pipeline: r.pipeline,
    id: r.run_id,
    status: r.status as RunStatus,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: iso(r.finished_at),
    durationSeconds: r.finished_at === null ? null : (r.finished_at - r.started_at) / 1000,
    rows: r.rows,
    error: r.error,
    datasets: JSON.parse(r.datasets) as string[],
    scheduledAt: iso(r.scheduled_at),
    latenessSeconds: r.scheduled_at === null ? null : (r.started_at - r.scheduled_at) / 1000,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export class PipelineService {
  constructor(private readonly deps: PipelineServiceDeps) {}

  /** Stores a run, or updates the run of the same id. */
  async postRun(projectId: number, pipeline: string, input: PipelineRunInput): Promise<PipelineRunInfo> {
    const now = this.deps.clock();
    const startedAt = timestampToMs(input.startedAt);
    if (input.status === 'running' && input.finishedAt !== undefined)
      throw new ValidationError('finishedAt: a running run has not finished', [{ path: 'finishedAt', message: 'no finishedAt while the status is running' }]);
    const finishedAt = input.status === 'running' ? null : input.finishedAt === undefined ? Math.max(now, startedAt) : timestampToMs(input.finishedAt);
    if (finishedAt !== null && finishedAt < startedAt)
      throw new ValidationError('finishedAt: before startedAt', [
        { path: 'finishedAt', message: `a time at or after startedAt (${new Date(startedAt).toISOString()})` },
      ]);
    const datasets = input.datasets ?? [];
    let scheduledAt = input.scheduledAt === undefined ? null : timestampToMs(input.scheduledAt);
    for (const [i, name] of datasets.entries()) {
      const d = await this.deps.store.findDataset(projectId, name);
      if (d === undefined)
        throw new ValidationError(`datasets[${i}]: no dataset "${name}"`, [{ path: `datasets[${i}]`, message: `an existing dataset (no dataset "${name}")` }]);
      const schedule = datasetConfigOf(d).schedule;
      if (scheduledAt === null && schedule !== undefined) scheduledAt = parseSchedule(schedule).previous(startedAt);
    }
    const row = await this.deps.store.upsertRun({
      project_id: projectId,
      pipeline,
      run_id: input.id,
      status: input.status,
      started_at: startedAt,
      finished_at: finishedAt,
      scheduled_at: scheduledAt,
      rows: input.rows ?? null,
      error: input.error ?? null,
      datasets: JSON.stringify(datasets),
      created_at: now,
      updated_at: now,
    });
    return runInfo(row);
  }

  /** Runs started in [from, to) (default: the last 7 days), newest first; `next` is the `to` of the next page. */
  async listRuns(projectId: number, pipeline: string, q: PipelineRunListQuery): Promise<{ runs: PipelineRunInfo[]; next: string | null }> {
    const to = q.to ?? this.deps.clock() + 1;
    const from = q.from ?? to - 7 * DAY;
    const rows = await this.deps.store.runs(projectId, pipeline, from, to, q.limit + 1);
    const page = rows.slice(0, q.limit);
    return { runs: page.map(runInfo), next: rows.length > q.limit ? new Date(page[page.length - 1]!.started_at).toISOString() : null };
  }

  /**
   * A pipeline metric over [from, to) (default: the last day) in steps (default: an hour):
   * `run_duration` (mean seconds of the runs that finished in the step), `run_success_rate`
   * (succeeded ÷ finished in the step) and `run_lateness` (mean seconds late of the runs that started in it).
   */
  async series(projectId: number, pipeline: string, q: PipelineSeriesQuery): Promise<SeriesResponse> {
    if (!(await this.deps.store.hasRuns(projectId, pipeline))) throw new NotFoundError(`no runs of pipeline "${pipeline}" in this project`);
    const to = q.to ?? this.deps.clock();
    const from = q.from ?? to - DAY;
    if (!(from < to)) throw new BadRequestError('from must be before to', [{ path: 'query.from', message: `a time before ${new Date(to).toISOString()}` }]);
    const step = q.step ?? HOUR;
    const alignedFrom = Math.floor(from / step) * step;
    const runs = await this.deps.store.runsTouching(projectId, pipeline, alignedFrom, to, SERIES_RUNS);
    const steps = new Map<number, number[]>();
    const add = (t: number, v: number) => {
      const s = Math.floor(t / step) * step;
      if (t < alignedFrom || t >= to) return;
      const list = steps.get(s);
      if (list === undefined) steps.set(s, [v]);
      else list.push(v);
    };
    for (const r of runs) {
      if (q.metric === 'run_lateness') {
        if (r.scheduled_at !== null) add(r.started_at, (r.started_at - r.scheduled_at) / 1000);
      } else if (r.finished_at !== null) {
        add(r.finished_at, q.metric === 'run_duration' ? (r.finished_at - r.started_at) / 1000 : r.status === 'succeeded' ? 1 : 0);
      }
    }
    const points: SeriesPoint[] = [];
    let next: string | null = null;
    for (const [t, values] of [...steps].sort((a, b) => a[0] - b[0])) {
      if (points.length >= q.limit) {
        next = new Date(t).toISOString();
        break;
      }
      points.push({ t: new Date(t).toISOString(), value: values.reduce((s, v) => s + v, 0) / values.length });
    }
    return { metric: q.metric, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: step / 1000, points, next };
  }
}
