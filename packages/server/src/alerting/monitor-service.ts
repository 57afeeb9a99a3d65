// Monitors: what each one watches and when it alerts. Creating or replacing one checks what zod
// cannot (the model and channels exist, templates compile); evaluation is the alerting loop's.

import { DRIFT_METHODS, compileAlertRule, createDetector, detectorOptionName } from '@vigil/core';
import type { DetectorKind } from '@vigil/core';
import type { ExperimentConfig, MonitorConfig, MonitorInfo } from '@vigil/wire';
import { parseDuration } from '@vigil/wire';
import { checkDatasetMonitor } from '../datasets/dataset-monitors.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { DatasetStore } from '../storage/dataset-store.js';
import type { AlertingStore } from '../storage/alerting-store.js';
import type { Store } from '../storage/store.js';
import { monitorInfo } from './alerting-records.js';
import { asFieldError } from './field-error.js';
import { checkInfrastructureMonitor } from '../infrastructure/infrastructure-monitor-check.js';

/** The detector a concept-drift monitor would build: an unknown parameter or a value out of range is a 400 at `params.<name>`. */
function checkDetector(kind: DetectorKind, params: Record<string, number>): void {
  try {
    createDetector(kind, params);
  } catch (e) {
    const err = e as Error & { argument?: string; expected?: string };
    const option = err.argument?.startsWith('options.') === true ? err.argument.slice('options.'.length) : undefined;
    const name = option === undefined ? undefined : (Object.keys(params).find((k) => detectorOptionName(k) === option) ?? option);
    const path = name === undefined ? 'params' : `params.${name}`;
    const message = err.expected === undefined ? err.message : `expected ${err.expected}${name === undefined ? '' : ` (got ${String(params[name])})`}`;
    throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
  }
}

/** The model a monitor names, if it names one (infrastructure monitors may watch hosts alone). */
function monitorModelName(config: MonitorConfig): string | undefined {
  return 'model' in config ? config.model : undefined;
}

export interface MonitorServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
}

export class MonitorService {
  private readonly store: Store;
  private readonly alerting: AlertingStore;
  private readonly clock: () => number;
  private readonly datasets: DatasetStore;

  constructor(deps: MonitorServiceDeps) {
    this.store = deps.store;
    this.alerting = deps.store.alerting;
    this.clock = deps.clock;
    this.datasets = new DatasetStore(deps.store.db, deps.store.dialect);
  }

  /** Checks what zod cannot: the model exists, the channels exist, templates compile; returns the model's id. */
  private async check(projectId: number, config: MonitorConfig): Promise<number> {
    await checkDatasetMonitor(this.datasets, projectId, config);
    if (config.type === 'experiment_srm' || config.type === 'experiment_guardrail') await this.checkExperiment(projectId, config);
    if (config.type === 'infrastructure') checkInfrastructureMonitor(config);
    // An experiment monitor may name no model: stored with model id 0 (no model has it).
    const modelName = monitorModelName(config);
    const model = modelName === undefined ? { id: 0 } : await this.store.findModel(projectId, modelName);
    if (model === undefined)
      throw new ValidationError(`model: no model "${modelName}" in this project`, [{ path: 'model', message: `an existing model (no model "${modelName}")` }]);
    for (const [i, name] of config.channels.entries()) {
      if ((await this.alerting.channelByName(projectId, name)) === undefined) {
        throw new ValidationError(`channels[${i}]: no channel "${name}"`, [
          { path: `channels[${i}]`, message: `an existing channel (no channel "${name}"; create it with POST /v1/channels)` },
        ]);
      }
    }
    asFieldError(
      'annotations',
      () =>
        compileAlertRule(
          {
            name: config.name,
            for: parseDuration(config.for),
            keepFiringFor: parseDuration(config.keepFiringFor),
            labels: config.labels,
            annotations: config.annotations,
          },
          'monitor',
        ),
      'monitor.',
    );
    if (config.type === 'performance' && config.condition === undefined && config.relative === undefined) {
      throw new ValidationError('condition: a performance monitor needs a condition or a relative drop', [
        { path: 'condition', message: '{ op, value } (e.g. { "op": "lt", "value": 0.7 }), or give relative: { drop }' },
      ]);
    }
    if (config.type === 'drift' && config.method !== undefined && !Object.hasOwn(DRIFT_METHODS, config.method)) {
      const known = Object.keys(DRIFT_METHODS).join(', ');
      throw new ValidationError(`method: no drift method "${config.method}"`, [{ path: 'method', message: `one of ${known}` }]);
    }
    if (config.type === 'concept_drift') checkDetector(config.detector, config.params);
    if (config.type === 'volume' && config.dataset === undefined && config.min === undefined && config.max === undefined) {
      throw new ValidationError('min: a volume monitor needs min and/or max', [{ path: 'min', message: 'a number of events per window' }]);
    }
    return model.id;
  }

  /** An experiment monitor's experiment exists, and the guardrails it names are guardrails of it. */
  private async checkExperiment(projectId: number, config: Extract<MonitorConfig, { type: 'experiment_srm' | 'experiment_guardrail' }>): Promise<void> {
    const row = await this.store.experiments.find(projectId, config.experiment);
    if (row === undefined)
      throw new ValidationError(`experiment: no experiment "${config.experiment}" in this project`, [
        { path: 'experiment', message: `an existing experiment (no experiment "${config.experiment}"; create it with POST /v1/experiments)` },
      ]);
    if (config.type !== 'experiment_guardrail' || config.metrics === undefined) return;
    const guardrails = (JSON.parse(row.config) as ExperimentConfig).metrics.filter((m) => m.role === 'guardrail').map((m) => m.name);
    for (const [i, m] of config.metrics.entries()) {
      if (!guardrails.includes(m))
        throw new ValidationError(`metrics[${i}]: "${m}" is no guardrail of experiment "${config.experiment}"`, [
          { path: `metrics[${i}]`, message: guardrails.length === 0 ? 'a guardrail metric (the experiment has none)' : `one of ${guardrails.join(', ')}` },
        ]);
    }
  }

  async create(projectId: number, config: MonitorConfig): Promise<MonitorInfo> {
    const modelId = await this.check(projectId, config);
    const now = this.clock();
    const row = await this.alerting.createMonitor({
      project_id: projectId,
      model_id: modelId,
      name: config.name,
      type: config.type,
      config: JSON.stringify(config),
      enabled: config.enabled ? 1 : 0,
      created_at: now,
      updated_at: now,
      next_eval_at: now,
      last_evaluated_at: null,
      health: 'unknown',
      last_error: null,
      last_details: null,
      rule_state: null,
      detector_state: null,
      detector_watermark: 0,
    });
    if (row === undefined) throw new ConflictError(`a monitor named "${config.name}" already exists`);
    return monitorInfo(row, monitorModelName(config) ?? '');
  }

  /** Replaces the monitor `name`'s definition (it keeps its name); evaluated again at once. */
  async replace(projectId: number, name: string, config: MonitorConfig): Promise<MonitorInfo> {
    const existing = await this.alerting.monitorByName(projectId, name);
    if (existing === undefined) throw new NotFoundError(`no monitor "${name}"`);
    if (config.name !== existing.name) throw new ValidationError('name: a monitor keeps its name', [{ path: 'name', message: `"${existing.name}"` }]);
    const modelId = await this.check(projectId, config);
    const now = this.clock();
    await this.alerting.replaceMonitor(existing.id, {
      config: JSON.stringify(config),
      type: config.type,
      model_id: modelId,
      enabled: config.enabled ? 1 : 0,
      updated_at: now,
      next_eval_at: now,
    });
    return monitorInfo((await this.alerting.monitorById(existing.id))!, monitorModelName(config) ?? '');
  }

  /** Creates the monitor, or replaces the one of the same name. */
  async upsert(projectId: number, config: MonitorConfig): Promise<MonitorInfo> {
    const existing = await this.alerting.monitorByName(projectId, config.name);
    return existing === undefined ? this.create(projectId, config) : this.replace(projectId, config.name, config);
  }

  async list(projectId: number): Promise<MonitorInfo[]> {
    const out: MonitorInfo[] = [];
    for (const r of await this.alerting.monitors(projectId)) out.push(monitorInfo(r, (await this.store.modelById(r.model_id))?.name ?? ''));
    return out;
  }

  async get(projectId: number, name: string): Promise<MonitorInfo> {
    const row = await this.alerting.monitorByName(projectId, name);
    if (row === undefined) throw new NotFoundError(`no monitor "${name}"`);
    return monitorInfo(row, (await this.store.modelById(row.model_id))?.name ?? '');
  }

  async delete(projectId: number, name: string): Promise<void> {
    const row = await this.alerting.monitorByName(projectId, name);
    if (row === undefined) throw new NotFoundError(`no monitor "${name}"`);
    await this.alerting.deleteMonitor(row.id);
  }
}
