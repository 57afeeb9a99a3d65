// Experiments: definitions and their life (running → stopped → archived), assignment with
// GrowthBook's hashing, exposures and outcomes (validated whole, stored in one transaction, or not
// at all), and results from the stored per-bucket sufficient statistics.

import { checkEventTimes } from '@vigil/core';
import type { EventTimeWindow } from '@vigil/core';
import { bucketRanges, chooseVariation, gbHash } from '@vigil/stats';
import type {
  Assignment,
  ErrorDetail,
  ExperimentConfig,
  ExperimentInfo,
  ExperimentList,
  ExperimentListQuery,
  ExperimentResults,
  ExperimentStatus,
  ExposureEvent,
  ExposureResponse,
  OutcomeEvent,
  OutcomeResponse,
} from '@vigil/wire';
import { timestampToMs } from '@vigil/wire';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { describeBatchErrors } from '../ingest/ingest-service.js';
import type { ExperimentRef, ExperimentRow } from '../storage/experiments-store.js';
import type { Store } from '../storage/store.js';
import { modelMetricArms } from './model-metrics.js';
import { experimentResults } from '@vigil/core';

/** Width of an experiment's statistics buckets: the cumulative series' resolution, and what results read per variant and metric. */
export const EXPERIMENT_BUCKET_MS = 3_600_000;
/** CUPED's lookback when an experiment has none configured (GrowthBook's default 14 days): pre-exposure outcomes are kept as covariates anyway. */
const DEFAULT_LOOKBACK_DAYS = 14;
const DAY_MS = 86_400_000;

export interface ExperimentServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  /** The window around the server's clock that events' own timestamps must lie in (default: any time). */
  readonly eventTimes?: EventTimeWindow | undefined;
  /** Width of the model's profile buckets (champion/challenger metrics read them). */
  readonly profileBucketMs: number;
}

/** An experiment's stored definition. */
export function configOf(row: ExperimentRow): ExperimentConfig {
  return JSON.parse(row.config) as ExperimentConfig;
}

export function experimentNotFound(name: string): NotFoundError {
  return new NotFoundError(`no experiment "${name}" in this project; create it with POST /v1/experiments`);
}

/** GrowthBook's assignment: gbHash(key ?? name, unit, hashVersion) placed by bucketRanges(weights, coverage) and chooseVariation. */
export function assignUnit(config: ExperimentConfig, unit: string): Assignment {
  const hash = gbHash(config.key ?? config.name, unit, config.hashVersion) ?? 0;
  const ranges = bucketRanges(
    config.variants.length,
    config.coverage,
    config.variants.map((v) => v.weight),
  );
  const index = chooseVariation(hash, ranges);
  return { variant: index < 0 ? null : config.variants[index]!.name, index, hash };
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function info(row: ExperimentRow, totals: { units: number; conflicts: number } | undefined): ExperimentInfo {
  const c = configOf(row);
  return {
    name: row.name,
    key: c.key ?? null,
    hashVersion: c.hashVersion,
    hashAttribute: c.hashAttribute,
    coverage: c.coverage,
    variants: c.variants,
    metrics: c.metrics,
    engine: c.engine,
    alpha: c.alpha,
    difference: c.difference,
    sequential: c.sequential ?? null,
    cuped: c.cuped ?? null,
    minSampleSize: c.minSampleSize,
    targetMde: c.targetMde,
    description: c.description ?? null,
    status: row.status as ExperimentStatus,
    units: totals?.units ?? 0,
    conflicts: totals?.conflicts ?? 0,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    stoppedAt: iso(row.stopped_at),
  };
}

/** An experiment's results now: its stored aggregates (and its variants' model traffic) through `experimentResults`. */
export async function loadResults(store: Store, row: ExperimentRow, at: { now: number; profileBucketMs: number }): Promise<ExperimentResults> {
  const config = configOf(row);
  const [arms, stats] = await Promise.all([store.experiments.arms(row.id), store.experiments.stats(row.id)]);
  const modelMetrics = await modelMetricArms(store, row, config, { now: at.now, bucketMs: at.profileBucketMs });
  return experimentResults({ name: row.name, status: row.status as ExperimentStatus, config, bucketMs: row.bucket_ms, now: at.now, arms, stats, modelMetrics });
}

export class ExperimentService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly eventTimes: EventTimeWindow | undefined;
  private readonly profileBucketMs: number;

  constructor(deps: ExperimentServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.eventTimes = deps.eventTimes;
    this.profileBucketMs = deps.profileBucketMs;
  }

  // --- definitions ---

  /** Checks what zod cannot: the models variants are bound to exist. */
  private async check(projectId: number, config: ExperimentConfig): Promise<void> {
    for (const [i, v] of config.variants.entries()) {
      if (v.model !== undefined && (await this.store.findModel(projectId, v.model)) === undefined) {
        throw new ValidationError(`variants[${i}].model: no model "${v.model}" in this project`, [
          { path: `variants[${i}].model`, message: `an existing model (no model "${v.model}")` },
        ]);
      }
    }
  }

  async create(projectId: number, config: ExperimentConfig): Promise<ExperimentInfo> {
    await this.check(projectId, config);
    const now = this.clock();
    const row = await this.store.experiments.create({
      project_id: projectId,
      name: config.name,
      config: JSON.stringify(config),
      status: 'running',
      bucket_ms: EXPERIMENT_BUCKET_MS,
      created_at: now,
      updated_at: now,
      stopped_at: null,
    });
    if (row === undefined) throw new ConflictError(`an experiment named "${config.name}" already exists in this project`);
    return info(row, undefined);
  }

  async list(projectId: number, q: ExperimentListQuery): Promise<ExperimentList> {
    const rows = await this.store.experiments.list(projectId, q.limit, q.after ?? null, q.status);
    const totals = await this.store.experiments.unitTotals(rows.map((r) => r.id));
    return { experiments: rows.map((r) => info(r, totals.get(r.id))), next: rows.length === q.limit ? rows[rows.length - 1]!.name : null };
  }

  async resolve(projectId: number, name: string): Promise<ExperimentRow> {
    const row = await this.store.experiments.find(projectId, name);
    if (row === undefined) throw experimentNotFound(name);
    return row;
  }

  async get(projectId: number, name: string): Promise<ExperimentInfo> {
    const row = await this.resolve(projectId, name);
    return info(row, (await this.store.experiments.unitTotals([row.id])).get(row.id));
  }

  /**
   * Replaces the definition (it keeps its name). Once units are exposed the variants' names and
   * order cannot change (409): stored units point at variants by position.
   */
  async replace(projectId: number, name: string, config: ExperimentConfig): Promise<ExperimentInfo> {
    const row = await this.resolve(projectId, name);
    if (config.name !== row.name) throw new ValidationError('name: an experiment keeps its name', [{ path: 'name', message: `"${row.name}"` }]);
    if (row.status === 'archived') throw new ConflictError(`experiment "${name}" is archived; create a new one`);
    const totals = (await this.store.experiments.unitTotals([row.id])).get(row.id);
    const before = configOf(row).variants.map((v) => v.name);
    const after = config.variants.map((v) => v.name);
    if ((totals?.units ?? 0) > 0 && JSON.stringify(before) !== JSON.stringify(after)) {
      throw new ConflictError(
        `experiment "${name}" has exposed units: its variants stay ${before.join(', ')} (in that order); create a new experiment to change them`,
      );
    }
    await this.check(projectId, config);
    await this.store.experiments.update(row.id, { config: JSON.stringify(config), updated_at: this.clock() });
    return this.get(projectId, name);
  }

  /** Stops a running experiment: it takes no more exposures (outcomes of its units still count). Stopping a stopped one changes nothing. */
  async stop(projectId: number, name: string): Promise<ExperimentInfo> {
    const row = await this.resolve(projectId, name);
    if (row.status === 'archived') throw new ConflictError(`experiment "${name}" is archived`);
    if (row.status === 'running') {
      const now = this.clock();
      await this.store.experiments.update(row.id, { status: 'stopped', stopped_at: now, updated_at: now });
    }
    return this.get(projectId, name);
  }

  /** Archives an experiment: it takes neither exposures nor outcomes; its results stay readable. */
  async archive(projectId: number, name: string): Promise<ExperimentInfo> {
    const row = await this.resolve(projectId, name);
    if (row.status !== 'archived') {
      const now = this.clock();
      await this.store.experiments.update(row.id, { status: 'archived', stopped_at: row.stopped_at ?? now, updated_at: now });
    }
    return this.get(projectId, name);
  }

  // --- assignment and data ---

  async assign(projectId: number, name: string, unit: string): Promise<Assignment> {
    return assignUnit(configOf(await this.resolve(projectId, name)), unit);
  }

  private ref(row: ExperimentRow, config: ExperimentConfig): ExperimentRef {
    return { id: row.id, bucketMs: row.bucket_ms, lookbackMs: (config.cuped?.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * DAY_MS };
  }

  private checkTimes(errors: ErrorDetail[], items: readonly { timestamp?: string | number | undefined }[]): void {
    if (this.eventTimes === undefined) return;
    errors.push(
      ...checkEventTimes(
        items.map((e) => (e.timestamp === undefined ? undefined : timestampToMs(e.timestamp))),
        'events',
        this.clock(),
        this.eventTimes,
      ),
    );
  }

  private static fail(errors: ErrorDetail[]): void {
    if (errors.length === 0) return;
    errors.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    throw new ValidationError(describeBatchErrors(errors), errors);
  }

  /** Records exposures: refused whole (400 naming each bad event) when one names no variant of the experiment; 409 unless it is running. */
  async exposures(projectId: number, name: string, events: readonly ExposureEvent[]): Promise<ExposureResponse> {
    const row = await this.resolve(projectId, name);
    if (row.status !== 'running') throw new ConflictError(`experiment "${name}" is ${row.status}: it takes no more exposures`);
    const config = configOf(row);
    const index = new Map<string, number>();
    config.variants.forEach((v, i) => {
      if (v.shadow !== true) index.set(v.name, i);
    });
    const errors: ErrorDetail[] = [];
    events.forEach((e, i) => {
      if (!index.has(e.variant))
        errors.push({ index: i, path: `events[${i}].variant`, message: `a variant of "${name}": one of ${[...index.keys()].join(', ')}` });
    });
    this.checkTimes(errors, events);
    ExperimentService.fail(errors);
    const now = this.clock();
    return this.store.experiments.recordExposures(
      this.ref(row, config),
      events.map((e) => ({ unit: e.unit, variant: index.get(e.variant)!, ts: e.timestamp === undefined ? now : timestampToMs(e.timestamp) })),
    );
  }

  /** Records outcomes: refused whole when one names no outcome metric of the experiment; 409 once archived. */
  async outcomes(projectId: number, name: string, events: readonly OutcomeEvent[]): Promise<OutcomeResponse> {
    const row = await this.resolve(projectId, name);
    if (row.status === 'archived') throw new ConflictError(`experiment "${name}" is archived: it takes no more outcomes`);
    const config = configOf(row);
    const metrics = new Set(config.metrics.filter((m) => m.source === 'outcomes').map((m) => m.name));
    const errors: ErrorDetail[] = [];
    events.forEach((e, i) => {
      if (!metrics.has(e.metric))
        errors.push({
          index: i,
          path: `events[${i}].metric`,
          message: metrics.size === 0 ? `an outcome metric ("${name}" has none)` : `an outcome metric of "${name}": one of ${[...metrics].join(', ')}`,
        });
    });
    this.checkTimes(errors, events);
    ExperimentService.fail(errors);
    const now = this.clock();
    return this.store.experiments.recordOutcomes(
      this.ref(row, config),
      events.map((e) => ({ unit: e.unit, metric: e.metric, value: e.value, ts: e.timestamp === undefined ? now : timestampToMs(e.timestamp) })),
    );
  }

  // --- results ---

  async results(projectId: number, name: string): Promise<ExperimentResults> {
    return loadResults(this.store, await this.resolve(projectId, name), { now: this.clock(), profileBucketMs: this.profileBucketMs });
  }
}
