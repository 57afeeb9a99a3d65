// Models: creating, finding (cached while the store's `models` sequence holds: ingest resolves the
// model on every request), listing,
// and evolving their schema as new features arrive.

import type { CreateModel, FeatureType, ListQuery, ModelInfo, ModelType } from '@vigil/wire';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ModelRow, Store } from '../storage/store.js';
import { modelInfo } from './model-records.js';
import { ChangeSequences } from '../storage/change-sequence.js';

export interface ModelServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  /** Create a model on first ingest instead of answering 404. */
  readonly autoCreate: boolean;
}

/** The answer to a model name that names none. */
export function modelNotFound(name: string): NotFoundError {
  return new NotFoundError(`no model "${name}" in this project; create it first with POST /v1/models`);
}

export class ModelService {
  private readonly cache = new Map<string, { row: ModelRow; seq: number }>();

  private readonly store: Store;
  private readonly changes: ChangeSequences;
  private readonly options: { autoCreate: boolean; clock: () => number };

  constructor(deps: ModelServiceDeps) {
    this.store = deps.store;
    this.changes = ChangeSequences.of(deps.store.db);
    this.options = { autoCreate: deps.autoCreate, clock: deps.clock };
  }

  /** A new model as the API shows it. */
  async createInfo(projectId: number, body: CreateModel): Promise<ModelInfo> {
    return modelInfo(await this.create(projectId, body), [], undefined);
  }

  /** A page of the project's models, by name. */
  async list(projectId: number, q: ListQuery): Promise<{ models: ModelInfo[]; next: string | null }> {
    const rows = await this.store.listModels(projectId, q.limit, q.after ?? null);
    const models: ModelInfo[] = [];
    for (const r of rows) models.push(modelInfo(r, await this.store.listVersions(r.id), await this.store.referenceInfo(r.id)));
    return { models, next: rows.length === q.limit ? rows[rows.length - 1]!.name : null };
  }

  /** One model as the API shows it, or 404. */
  async info(projectId: number, name: string): Promise<ModelInfo> {
    const row = await this.resolve(projectId, name);
    return modelInfo(row, await this.store.listVersions(row.id), await this.store.referenceInfo(row.id));
  }

  async create(projectId: number, body: CreateModel): Promise<ModelRow> {
    const row = await this.store.createModel({
      project_id: projectId,
      name: body.name,
      type: body.type,
      features: JSON.stringify(body.features ?? {}),
      positive_class: body.positiveClass === undefined ? null : JSON.stringify(body.positiveClass),
      description: body.description ?? null,
      created_at: this.options.clock(),
    });
    if (row === undefined) throw new ConflictError(`a model named "${body.name}" already exists in this project`);
    return row;
  }

  /**
   * Deletes a model with all its data, monitors and alerts (one transaction, which bumps the
   * `models` sequence), or 404. This replica forgets it at once; another on its next request after
   * the notification, and in any case within the sequences' check interval.
   */
  async delete(projectId: number, name: string): Promise<void> {
    const deleted = await this.store.deleteModel(projectId, name);
    this.cache.delete(`${projectId}\u0000${name}`);
    if (!deleted) throw modelNotFound(name);
  }

  /** The model, or 404. */
  async resolve(projectId: number, name: string): Promise<ModelRow> {
    const found = await this.find(projectId, name);
    if (found === undefined) throw modelNotFound(name);
    return found;
  }

  /** The model, or undefined (cached while the store's `models` sequence holds). */
  async find(projectId: number, name: string): Promise<ModelRow | undefined> {
    const key = `${projectId}\u0000${name}`;
    const seq = await this.changes.current('models');
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.seq === seq) return hit.row;
    const found = await this.store.findModel(projectId, name);
    if (found !== undefined) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { row: found, seq });
    }
    return found;
  }

  /**
   * The model ingest creates when it finds none and auto-create is on (else undefined), not yet
   * stored: ingest checks its batch against it and stores both in one transaction, so a refused
   * batch creates nothing. The name passed the one rule of every name (`resourceNameSchema`).
   */
  autoCreateRow(projectId: number, name: string, type: ModelType): ModelRow | undefined {
    if (!this.options.autoCreate) return undefined;
    return { id: 0, project_id: projectId, name, type, features: '{}', positive_class: null, description: null, created_at: this.options.clock() };
  }

  /** Adds feature types learnt from events; retried when another request changed them meanwhile. */
  async learnFeatures(model: ModelRow, learnt: Record<string, FeatureType>): Promise<void> {
    let current = model;
    for (let attempt = 0; attempt < 5; attempt++) {
      const features = JSON.parse(current.features) as Record<string, FeatureType>;
      let changed = false;
      for (const [k, t] of Object.entries(learnt)) {
        if (!Object.hasOwn(features, k)) {
          features[k] = t;
          changed = true;
        }
      }
      if (!changed) return;
      if (await this.store.setModelFeatures(current.id, JSON.stringify(features), current.features)) {
        this.cache.delete(`${current.project_id}\u0000${current.name}`);
        return;
      }
      const again = await this.store.modelById(current.id);
      if (again === undefined) return;
      current = again;
    }
  }
}
