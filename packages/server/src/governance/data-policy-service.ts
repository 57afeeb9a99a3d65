// Data policies: personal data handled at ingest before anything is stored (core's applyPiiPolicy on
// features and segments), retention per project and model, and erasure of a data subject's events
// (GDPR Art. 17) recorded in the audit log without the erased data, erasing the payload of audit
// entries that mention the subject while keeping their leaf hashes, so the tree stays whole.

import type { PiiPolicy } from '@vigil/core';
import { ERASE_ACTION, applyPiiPolicy, piiPolicyIsEmpty } from '@vigil/core';
import type { DataPolicy, DataPolicyInfo, Erasure, ErasureResult, PredictionEvent } from '@vigil/wire';
import { dataPolicySchema, parseDuration } from '@vigil/wire';
import { NotFoundError, ValidationError } from '../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ModelService } from '../models/model-service.js';
import type { Store } from '../storage/store.js';
import { GovernanceStore } from '../storage/governance-store.js';
import { ChangeSequences } from '../storage/change-sequence.js';

const PROJECT = 0;

export interface DataPolicyServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly models: ModelService;
  readonly audit: AuditLog;
  /** HMAC-SHA-256 (hex) under the server's hash key. */
  readonly hash: (text: string) => string;
  /** The least time audit entries keep their payload (ms; default 183 days, AI Act Art. 19's six months). */
  readonly auditRetentionMs?: number;
}

/** The model's settings over the project's: fields merged, detection and retention per key. */
export function mergePolicies(project: DataPolicy | undefined, model: DataPolicy | undefined): DataPolicy {
  const fields = { ...(project?.fields ?? {}), ...(model?.fields ?? {}) };
  const detect = { ...(project?.detect ?? {}), ...(model?.detect ?? {}) };
  const retention = { ...(project?.retention ?? {}), ...(model?.retention ?? {}) };
  return {
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(Object.keys(detect).length > 0 ? { detect } : {}),
    ...(Object.keys(retention).length > 0 ? { retention } : {}),
  };
}

export class DataPolicyService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly models: ModelService;
  private readonly audit: AuditLog;
  private readonly hash: (text: string) => string;
  private readonly gov: GovernanceStore;
  readonly auditRetentionMs: number;
  private readonly cache = new Map<string, { policy: PiiPolicy | undefined; seq: string }>();
  private readonly changes: ChangeSequences;

  constructor(deps: DataPolicyServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.models = deps.models;
    this.audit = deps.audit;
    this.hash = deps.hash;
    this.gov = new GovernanceStore(deps.store.db, deps.store.dialect);
    this.changes = ChangeSequences.of(deps.store.db);
    this.auditRetentionMs = deps.auditRetentionMs ?? 183 * 86_400_000;
  }

  private async stored(projectId: number, modelId: number): Promise<{ policy: DataPolicy; updatedAt: number } | undefined> {
    const row = await this.store.registry.policy(projectId, modelId);
    return row === undefined ? undefined : { policy: dataPolicySchema.parse(JSON.parse(row.config)), updatedAt: Number(row.updated_at) };
  }

  async get(projectId: number, modelName?: string): Promise<DataPolicyInfo> {
    const project = await this.stored(projectId, PROJECT);
    if (modelName === undefined)
      return {
        scope: 'project',
        model: null,
        policy: project?.policy ?? {},
        effective: project?.policy ?? {},
        updatedAt: project === undefined ? null : new Date(project.updatedAt).toISOString(),
      };
    const model = await this.models.resolve(projectId, modelName);
    const own = await this.stored(projectId, model.id);
    return {
      scope: 'model',
      model: model.name,
      policy: own?.policy ?? {},
      effective: mergePolicies(project?.policy, own?.policy),
      updatedAt: own === undefined ? null : new Date(own.updatedAt).toISOString(),
    };
  }

  async put(projectId: number, modelName: string | undefined, policy: DataPolicy): Promise<DataPolicyInfo> {
    const audit = policy.retention?.audit;
    if (audit !== undefined && parseDuration(audit) < this.auditRetentionMs)
      throw new ValidationError(`retention.audit: at least the server's audit retention (${Math.round(this.auditRetentionMs / 86_400_000)}d)`, [
        { path: 'retention.audit', message: `at least ${Math.round(this.auditRetentionMs / 86_400_000)}d` },
      ]);
    const modelId = modelName === undefined ? PROJECT : (await this.models.resolve(projectId, modelName)).id;
    await this.store.registry.putPolicy({ project_id: projectId, model_id: modelId, config: JSON.stringify(policy), updated_at: this.clock() });
    this.cache.clear();
    return this.get(projectId, modelName);
  }

  async delete(projectId: number, modelName: string | undefined): Promise<void> {
    const modelId = modelName === undefined ? PROJECT : (await this.models.resolve(projectId, modelName)).id;
    if (!(await this.store.registry.deletePolicy(projectId, modelId)))
      throw new NotFoundError(modelName === undefined ? 'no project data policy' : `no data policy for model "${modelName}"`);
    this.cache.clear();
  }

  /** The PII rules ingest applies for a model (cached while the store's `policies` and `models` sequences hold: ingest asks on every batch). */
  private async piiPolicy(projectId: number, modelName: string): Promise<PiiPolicy | undefined> {
    const key = `${projectId}\u0000${modelName}`;
    const seq = `${await this.changes.current('policies')}:${await this.changes.current('models')}`;
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.seq === seq) return hit.policy;
    const project = await this.stored(projectId, PROJECT);
    const model = await this.models.find(projectId, modelName);
    const own = model === undefined ? undefined : await this.stored(projectId, model.id);
    const merged = mergePolicies(project?.policy, own?.policy);
    const pii: PiiPolicy = { fields: merged.fields, detect: merged.detect as PiiPolicy['detect'] };
    const policy = piiPolicyIsEmpty(pii) ? undefined : pii;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { policy, seq });
    return policy;
  }

  /** Events as they may be stored: features and segment values under the model's PII rules. */
  async applyToEvents(projectId: number, modelName: string, events: readonly PredictionEvent[]): Promise<readonly PredictionEvent[]> {
    const policy = await this.piiPolicy(projectId, modelName);
    if (policy === undefined) return events;
    return events.map((e) => {
      const features = applyPiiPolicy(e.features, policy, this.hash).value as PredictionEvent['features'];
      const segment = e.segment === undefined ? undefined : (applyPiiPolicy(e.segment, policy, this.hash).value as Record<string, string>);
      return { ...e, features, ...(segment === undefined ? {} : { segment }) };
    });
  }

  /**
   * Reference rows as they may be stored: every column but `keep` (the target and prediction
   * columns) under the model's PII rules, as an event's features are at ingest.
   */
  async applyToRows(
    projectId: number,
    modelName: string,
    rows: readonly Record<string, unknown>[],
    keep: ReadonlySet<string>,
  ): Promise<readonly Record<string, unknown>[]> {
    const policy = await this.piiPolicy(projectId, modelName);
    if (policy === undefined) return rows;
    return rows.map((row) => {
      const guarded: Record<string, unknown> = {};
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) (keep.has(k) ? kept : guarded)[k] = v;
      return { ...applyPiiPolicy(guarded, policy, this.hash).value, ...kept };
    });
  }

  /**
   * Erases a data subject's events: by ids, or every event whose feature or segment key `field`
   * holds the value (or its keyed hash, when a policy hashed it). The audit log records the
   * erasure with counts and the subject's keyed hash, never the value; entries whose payload
   * mentioned the value lose it (leaf hashes kept) and an `audit.erase` entry names them.
   */
  async erase(projectId: number, modelName: string, body: Erasure): Promise<ErasureResult> {
    const model = await this.models.resolve(projectId, modelName);
    const subjectHash = body.subject === undefined ? undefined : this.hash(body.subject.value);
    const ids = body.ids ?? (await this.gov.eventIdsOfSubject(model.id, body.subject!.field, [body.subject!.value, `hmac:${subjectHash as string}`]));
    // The events go and the erasure's entry is written in one transaction: both, or neither.
    const { result: counts, entry } = await this.audit.recordWith(
      (trx) => GovernanceStore.eraseEventsIn(trx, model.id, ids),
      (erasedCounts) => ({
        action: 'events.erase',
        entity: { type: 'events', id: model.name, model: model.name },
        diff: [
          {
            path: 'erased',
            after: {
              predictions: erasedCounts.predictions,
              labels: erasedCounts.labels,
              by: body.ids !== undefined ? { ids: body.ids.length } : { field: body.subject!.field, subjectHmac: subjectHash },
            },
          },
        ],
      }),
    );
    // Audit entries of this project that carry the erased values lose their payload.
    // A subject's value is looked for anywhere in an entry's text; event ids only as whole JSON strings ("e1", not inside "e10").
    const needles = body.subject !== undefined ? [body.subject.value] : body.ids!.map((id) => JSON.stringify(id));
    const seqs = new Set<number>();
    const replacements: { seq: number; entry: string }[] = [];
    for (const needle of needles.slice(0, 1000)) {
      for (const row of await this.store.audit.entriesMentioning(projectId, needle)) {
        if (seqs.has(Number(row.seq))) continue;
        seqs.add(Number(row.seq));
        const e = JSON.parse(row.entry) as Record<string, unknown>;
        replacements.push({ seq: Number(row.seq), entry: JSON.stringify({ ...e, diff: [], erased: true }) });
      }
    }
    await this.store.audit.erasePayloads(replacements);
    const erased = [...seqs].sort((a, b) => a - b);
    if (erased.length > 0)
      await this.audit.record({
        action: ERASE_ACTION,
        entity: { type: 'audit', id: erased.join(','), model: model.name },
        diff: [{ path: 'seqs', after: erased }],
      });
    return { predictions: counts.predictions, labels: counts.labels, auditEntries: erased, auditSeq: entry.seq };
  }

  /** One retention pass over every policy that sets retention: old data deleted, each deletion recorded. */
  async retentionPass(now = this.clock()): Promise<number> {
    let deleted = 0;
    const rows = await this.store.registry.allPolicies();
    const projectPolicies = new Map(
      rows.filter((r) => Number(r.model_id) === PROJECT).map((r) => [Number(r.project_id), dataPolicySchema.parse(JSON.parse(r.config))]),
    );
    const modelPolicies = new Map(
      rows.filter((r) => Number(r.model_id) !== PROJECT).map((r) => [Number(r.model_id), dataPolicySchema.parse(JSON.parse(r.config))]),
    );
    const before = (d: string | undefined) => (d === undefined ? undefined : now - parseDuration(d));
    for (const m of await this.store.allModels()) {
      const policy = mergePolicies(projectPolicies.get(Number(m.project_id)), modelPolicies.get(Number(m.id)));
      const r = policy.retention;
      if (r?.rawEvents === undefined && r?.profiles === undefined) continue;
      const c = await this.gov.expireModelData(m.id, before(r.rawEvents), before(r.profiles));
      const n = c.predictions + c.labels + c.customMetrics + c.profileParts;
      if (n === 0) continue;
      deleted += n;
      await this.audit.record({
        action: 'retention.apply',
        entity: { type: 'model', id: m.name, model: m.name },
        projectId: Number(m.project_id),
        actor: { type: 'system', name: 'retention' },
        requestId: null,
        diff: [{ path: 'deleted', after: { ...c, rawEventsBefore: before(r.rawEvents) ?? null, profilesBefore: before(r.profiles) ?? null } }],
      });
    }
    for (const [projectId, policy] of projectPolicies) {
      const auditBefore = before(policy.retention?.audit);
      if (auditBefore !== undefined && auditBefore <= now - this.auditRetentionMs) {
        const old = await this.store.audit.payloadsBefore(projectId, auditBefore, 1000);
        if (old.length > 0) {
          await this.store.audit.erasePayloads(
            old.map((row) => ({ seq: Number(row.seq), entry: JSON.stringify({ ...(JSON.parse(row.entry) as object), diff: [], erased: true }) })),
          );
          const seqs = old.map((row) => Number(row.seq));
          deleted += seqs.length;
          await this.audit.record({
            action: ERASE_ACTION,
            entity: { type: 'audit', id: `${seqs[0]}-${seqs.at(-1)}` },
            projectId,
            actor: { type: 'system', name: 'retention' },
            requestId: null,
            diff: [{ path: 'seqs', after: seqs }],
          });
        }
      }
      const r = policy.retention;
      if (r?.alerts === undefined && r?.notifications === undefined) continue;
      const c = await this.gov.expireProjectAlerts(projectId, before(r.alerts), before(r.notifications));
      if (c.alerts + c.notifications === 0) continue;
      deleted += c.alerts + c.notifications;
      await this.audit.record({
        action: 'retention.apply',
        entity: { type: 'project', id: String(projectId) },
        projectId,
        actor: { type: 'system', name: 'retention' },
        requestId: null,
        diff: [{ path: 'deleted', after: c }],
      });
    }
    return deleted;
  }
}
