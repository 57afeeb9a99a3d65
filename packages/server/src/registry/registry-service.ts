// The model registry: version records (who registered what artifact, trained on which data, from
// which commit, with which declared metrics), aliases that point to one version each with their
// history, and the lineage dataset → version → deployment. A version seen only in events has no
// record: it is listed as unregistered, created on first sight.

import type { AliasChange, CreateModelVersion, Lineage, ModelAliasInfo, ModelVersionInfo, PutModelAlias, ReplaceModelVersion } from '@vigil/wire';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { ModelService } from '../models/model-service.js';
import type { AliasHistoryRow, AliasRow, VersionRecordRow } from '../storage/registry-store.js';
import type { Store } from '../storage/store.js';
import type { AuditLog } from '../audit/audit-log.js';

export interface RegistryServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly models: ModelService;
  readonly audit: AuditLog;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function parseObject<T>(text: string): Record<string, T> {
  const v = JSON.parse(text) as unknown;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, T>) : {};
}

function aliasInfo(a: AliasRow): ModelAliasInfo {
  return {
    alias: a.alias,
    version: a.version,
    trafficShare: a.traffic_share,
    environment: a.environment,
    updatedAt: iso(Number(a.updated_at)),
    updatedBy: a.updated_by,
  };
}

function aliasChange(h: AliasHistoryRow): AliasChange {
  return {
    alias: h.alias,
    version: h.version,
    previousVersion: h.previous_version,
    trafficShare: h.traffic_share,
    environment: h.environment,
    at: iso(Number(h.at)),
    by: h.by,
  };
}

export class RegistryService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly models: ModelService;
  private readonly audit: AuditLog;

  constructor(deps: RegistryServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.models = deps.models;
    this.audit = deps.audit;
  }

  private info(version: string, rec: VersionRecordRow | undefined, firstSeen: number | undefined, aliases: readonly AliasRow[]): ModelVersionInfo {
    const created = rec === undefined ? (firstSeen ?? 0) : Number(rec.created_at);
    return {
      version,
      registered: rec !== undefined,
      createdAt: iso(created),
      createdBy: rec?.created_by ?? 'system (first seen in events)',
      firstSeen: firstSeen === undefined ? null : iso(firstSeen),
      artifactUri: rec?.artifact_uri ?? null,
      artifactDigest: rec?.artifact_digest ?? null,
      trainingDatasetDigest: rec?.training_dataset_digest ?? null,
      referenceDatasetDigest: rec?.reference_dataset_digest ?? null,
      codeCommit: rec?.code_commit ?? null,
      parameters: rec === undefined ? {} : parseObject(rec.parameters),
      metrics: rec === undefined ? {} : parseObject<number>(rec.metrics),
      description: rec?.description ?? null,
      tags: rec === undefined ? {} : parseObject<string>(rec.tags),
      aliases: aliases.filter((a) => a.version === version).map((a) => a.alias),
      updatedAt: iso(rec === undefined ? created : Number(rec.updated_at)),
    };
  }

  /** Every version of a model: registered ones and those only seen in events, in order of appearance. */
  async listVersions(projectId: number, model: string): Promise<ModelVersionInfo[]> {
    const row = await this.models.resolve(projectId, model);
    const [records, seen, aliases] = await Promise.all([
      this.store.registry.records(row.id),
      this.store.registry.seenVersions(row.id),
      this.store.registry.aliases(row.id),
    ]);
    const byVersion = new Map(records.map((r) => [r.version, r]));
    const firstSeen = new Map(seen.map((s) => [s.version, Number(s.first_seen)]));
    const names = [...new Set([...seen.map((s) => s.version), ...records.map((r) => r.version)])];
    return names.map((v) => this.info(v, byVersion.get(v), firstSeen.get(v), aliases));
  }

  async getVersion(projectId: number, model: string, version: string): Promise<ModelVersionInfo> {
    const found = (await this.listVersions(projectId, model)).find((v) => v.version === version);
    if (found === undefined) throw new NotFoundError(`model "${model}" has no version "${version}"`);
    return found;
  }

  private async recordRow(modelId: number, version: string, body: ReplaceModelVersion, createdAt: number, createdBy: string): Promise<VersionRecordRow> {
    return {
      model_id: modelId,
      version,
      created_at: createdAt,
      created_by: createdBy,
      artifact_uri: body.artifactUri ?? null,
      artifact_digest: body.artifactDigest ?? null,
      training_dataset_digest: body.trainingDatasetDigest ?? null,
      reference_dataset_digest: body.referenceDatasetDigest ?? null,
      code_commit: body.codeCommit ?? null,
      parameters: JSON.stringify(body.parameters ?? {}),
      metrics: JSON.stringify(body.metrics ?? {}),
      description: body.description ?? null,
      tags: JSON.stringify(body.tags ?? {}),
      updated_at: this.clock(),
    };
  }

  /** Registers a version (one seen in events becomes registered); 409 when it is registered already. */
  async createVersion(projectId: number, model: string, body: CreateModelVersion): Promise<ModelVersionInfo> {
    const row = await this.models.resolve(projectId, model);
    const { version, ...rest } = body;
    const actor = await this.audit.currentActor();
    const ok = await this.store.registry.insertRecord(await this.recordRow(row.id, version, rest, this.clock(), actor.name));
    if (!ok)
      throw new ConflictError(
        `version "${version}" of model "${model}" is registered already; change it with PUT /v1/models/${model}/versions/${encodeURIComponent(version)}`,
      );
    return this.getVersion(projectId, model, version);
  }

  /** Sets a version's record (registering it when it has none). */
  async replaceVersion(projectId: number, model: string, version: string, body: ReplaceModelVersion): Promise<ModelVersionInfo> {
    const row = await this.models.resolve(projectId, model);
    const existing = await this.store.registry.record(row.id, version);
    const actor = await this.audit.currentActor();
    await this.store.registry.upsertRecord(
      await this.recordRow(row.id, version, body, existing === undefined ? this.clock() : Number(existing.created_at), existing?.created_by ?? actor.name),
    );
    return this.getVersion(projectId, model, version);
  }

  async listAliases(projectId: number, model: string): Promise<{ aliases: ModelAliasInfo[]; history: AliasChange[] }> {
    const row = await this.models.resolve(projectId, model);
    const [aliases, history] = await Promise.all([this.store.registry.aliases(row.id), this.store.registry.aliasHistory(row.id)]);
    return { aliases: aliases.map(aliasInfo), history: history.map(aliasChange) };
  }

  async getAlias(projectId: number, model: string, alias: string): Promise<ModelAliasInfo> {
    const row = await this.models.resolve(projectId, model);
    const a = await this.store.registry.alias(row.id, alias);
    if (a === undefined) throw new NotFoundError(`model "${model}" has no alias "${alias}"`);
    return aliasInfo(a);
  }

  /** Points an alias at a version of the model (which must exist: registered or seen in events). */
  async putAlias(projectId: number, model: string, alias: string, body: PutModelAlias): Promise<ModelAliasInfo> {
    const row = await this.models.resolve(projectId, model);
    const known = (await this.listVersions(projectId, model)).some((v) => v.version === body.version);
    if (!known)
      throw new ValidationError(`version: model "${model}" has no version "${body.version}"; register it with POST /v1/models/${model}/versions`, [
        { path: 'version', message: `no version "${body.version}"` },
      ]);
    const actor = await this.audit.currentActor();
    await this.store.registry.setAlias({
      model_id: row.id,
      alias,
      version: body.version,
      traffic_share: body.trafficShare ?? null,
      environment: body.environment ?? null,
      updated_at: this.clock(),
      updated_by: actor.name,
    });
    return this.getAlias(projectId, model, alias);
  }

  async deleteAlias(projectId: number, model: string, alias: string): Promise<void> {
    const row = await this.models.resolve(projectId, model);
    const actor = await this.audit.currentActor();
    if (!(await this.store.registry.deleteAlias(row.id, alias, this.clock(), actor.name))) throw new NotFoundError(`model "${model}" has no alias "${alias}"`);
  }

  /** Dataset → version → deployment: the datasets by digest, the versions, and every alias change. */
  async lineage(projectId: number, model: string): Promise<Lineage> {
    const versions = await this.listVersions(projectId, model);
    const { history } = await this.listAliases(projectId, model);
    const datasets = new Map<string, { digest: string; role: 'training' | 'reference'; versions: string[] }>();
    for (const v of versions) {
      for (const [role, digest] of [
        ['training', v.trainingDatasetDigest],
        ['reference', v.referenceDatasetDigest],
      ] as const) {
        if (digest === null) continue;
        const key = `${role}:${digest}`;
        const d = datasets.get(key) ?? { digest, role, versions: [] };
        d.versions.push(v.version);
        datasets.set(key, d);
      }
    }
    return {
      model,
      datasets: [...datasets.values()],
      versions: versions.map((v) => ({
        version: v.version,
        registered: v.registered,
        trainingDatasetDigest: v.trainingDatasetDigest,
        referenceDatasetDigest: v.referenceDatasetDigest,
        artifactDigest: v.artifactDigest,
        codeCommit: v.codeCommit,
        aliases: v.aliases,
      })),
      deployments: history,
    };
  }
}
