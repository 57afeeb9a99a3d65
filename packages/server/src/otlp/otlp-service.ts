// OpenTelemetry intake: the spans and log records of an OTLP export request, mapped to predictions
// (span-mapping.ts) and stored through ingest, one batch per model. A model the data names that does
// not exist is created when auto-create is on; the items that cannot be stored are counted and
// described in OTLP's partial success, so an exporter logs them and does not retry.

import { readFileSync } from 'node:fs';
import { MAX_BATCH_EVENTS, otlpRuleFileSchema, predictionEventSchema } from '@vigil/wire';
import type { ModelType, OtlpLogsRequest, OtlpRuleFile, OtlpTraceRequest, PredictionEvent } from '@vigil/wire';
import { ConflictError, ValidationError } from '../errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { ModelService } from '../models/model-service.js';
import { compileRules, logItem, mapItem, resourceMap, spanItem } from './span-mapping.js';
import type { CompiledRule, TelemetryItem } from './span-mapping.js';

export interface OtlpServiceDeps {
  readonly ingest: IngestService;
  readonly models: ModelService;
  /** Create a model the data names when there is none (config `autoCreateModels`). */
  readonly autoCreate: boolean;
  /** The model spans go to when no rule names one (config `otlpModel`); else the resource's `service.name`. */
  readonly defaultModel: string | undefined;
  /** The rule file's contents (config `otlpRules`). */
  readonly rules: OtlpRuleFile;
}

/** What an export request came to. */
export interface OtlpResult {
  /** Predictions stored (or already stored: the same span sent again is stored once). */
  readonly accepted: number;
  /** Spans or log records that are no prediction (no rule and not GenAI). */
  readonly skipped: number;
  /** Spans or log records that could not be stored, and why (the first few). */
  readonly rejected: number;
  readonly errors: readonly string[];
}

/** Reads and checks an `otlpRules` file; a bad one stops the start naming the file and the field. */
export function loadOtlpRules(path: string | undefined): OtlpRuleFile {
  if (path === undefined) return otlpRuleFileSchema.parse({});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`otlpRules (VIGIL_OTLP_RULES): ${path} is not a readable JSON file (${(e as Error).message})`);
  }
  const r = otlpRuleFileSchema.safeParse(json);
  if (!r.success)
    throw new Error(`otlpRules (VIGIL_OTLP_RULES): ${path}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

const MAX_ERRORS = 5;

export class OtlpService {
  private readonly compiled: CompiledRule[];

  constructor(private readonly deps: OtlpServiceDeps) {
    this.compiled = compileRules(deps.rules);
  }

  traces(projectId: number, request: OtlpTraceRequest): Promise<OtlpResult> {
    const items: TelemetryItem[] = [];
    for (const rs of request.resourceSpans) {
      const resource = resourceMap(rs.resource?.attributes);
      for (const ss of rs.scopeSpans) for (const span of ss.spans) items.push(spanItem(span, resource));
    }
    return this.store(projectId, items, 'span');
  }

  logs(projectId: number, request: OtlpLogsRequest): Promise<OtlpResult> {
    const items: TelemetryItem[] = [];
    for (const rl of request.resourceLogs) {
      const resource = resourceMap(rl.resource?.attributes);
      for (const sl of rl.scopeLogs) for (const record of sl.logRecords) items.push(logItem(record, resource));
    }
    return this.store(projectId, items, 'log record');
  }

  private async store(projectId: number, items: readonly TelemetryItem[], noun: string): Promise<OtlpResult> {
    let skipped = 0;
    let rejected = 0;
    let accepted = 0;
    const errors: string[] = [];
    const reject = (n: number, why: string) => {
      rejected += n;
      if (errors.length < MAX_ERRORS) errors.push(why);
    };
    const byModel = new Map<string, { type: ModelType; events: PredictionEvent[] }>();
    for (const item of items) {
      const m = mapItem(item, this.compiled, this.deps.rules.genai, this.deps.defaultModel);
      if (m.kind === 'skipped') skipped++;
      else if (m.kind === 'rejected') reject(1, m.reason);
      else {
        const checked = predictionEventSchema.safeParse(m.event);
        if (!checked.success) {
          const issue = checked.error.issues[0]!;
          reject(1, `${noun} ${m.event.id}: ${issue.path.join('.')}: ${issue.message}`);
          continue;
        }
        const group = byModel.get(m.model) ?? { type: m.modelType, events: [] };
        group.events.push(checked.data);
        byModel.set(m.model, group);
      }
    }
    for (const [model, group] of byModel) {
      if (!(await this.ensureModel(projectId, model, group.type))) {
        reject(group.events.length, `no model "${model}" in this project: create it (POST /v1/models) or run the server with autoCreateModels`);
        continue;
      }
      for (let i = 0; i < group.events.length; i += MAX_BATCH_EVENTS) {
        const r = await this.ingest(projectId, model, group.events.slice(i, i + MAX_BATCH_EVENTS), reject);
        accepted += r;
      }
    }
    return { accepted, skipped, rejected, errors };
  }

  private async ensureModel(projectId: number, name: string, type: ModelType): Promise<boolean> {
    if ((await this.deps.models.find(projectId, name)) !== undefined) return true;
    if (!this.deps.autoCreate) return false;
    try {
      await this.deps.models.create(projectId, { name, type });
    } catch (e) {
      // Another request created it meanwhile.
      if (!(e instanceof ConflictError)) throw e;
    }
    return true;
  }

  /** Stores a batch; when the server names bad events, those are rejected and the rest stored. */
  private async ingest(projectId: number, model: string, events: PredictionEvent[], reject: (n: number, why: string) => void): Promise<number> {
    try {
      const r = await this.deps.ingest.predictions(projectId, model, events);
      return r.accepted + r.duplicates;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const bad = new Set((e.details ?? []).map((d) => d.index).filter((i): i is number => i !== undefined));
      const first = e.details?.[0];
      if (bad.size === 0 || bad.size >= events.length) {
        reject(events.length, `model ${model}: ${e.message}`);
        return 0;
      }
      reject(bad.size, `model ${model}: ${first === undefined ? e.message : `${first.path}: ${first.message}`}`);
      const rest = events.filter((_, i) => !bad.has(i));
      try {
        const r = await this.deps.ingest.predictions(projectId, model, rest);
        return r.accepted + r.duplicates;
      } catch (again) {
        if (!(again instanceof ValidationError)) throw again;
        reject(rest.length, `model ${model}: ${again.message}`);
        return 0;
      }
    }
  }
}
