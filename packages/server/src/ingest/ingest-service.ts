// Ingest: predictions, labels and custom metrics. A batch is checked whole against the model's
// schema (core) and written in one transaction, or not at all; an answer means it is durable.

import { checkEventTimes, checkLabelBatch, checkPredictionBatch, schemaViolations, segmentKey, usdToNanos } from '@vigil/core';
import type { EventTimeWindow } from '@vigil/core';
import type { ErrorDetail, IngestResponse, LabelEvent, MetricEvent, ModelType, PredictionEvent, Timestamp } from '@vigil/wire';
import { timestampToMs } from '@vigil/wire';
import { schemaViolationLog } from '../datasets/schema-violation-log.js';
import { ConflictError, ValidationError } from '../errors.js';
import { ProjectNames } from '../metrics/project-names.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import { modelSchemaOf } from '../models/model-records.js';
import { modelNotFound } from '../models/model-service.js';
import type { ModelService } from '../models/model-service.js';
import type { ModelRow, NewLabel, NewPrediction, Store } from '../storage/store.js';
import type { IngestBackpressure } from './ingest-backpressure.js';
import type { PricingService } from '../cost/pricing-service.js';
import { batchDigest } from '../queue/ingest-queue.js';
import type { IngestQueue, QueuedBatch } from '../queue/ingest-queue.js';

export interface IngestServiceDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly models: ModelService;
  readonly metrics: ServerMetrics;
  /** Refuses batches while the profiler is too far behind (default: never). */
  readonly backpressure?: IngestBackpressure;
  /** The window around the server's clock that events' own timestamps must lie in (default: any time). */
  readonly eventTimes?: EventTimeWindow | undefined;
  /** The model's data policy applied to a batch before anything stores it (default: none). */
  readonly dataPolicy?: ((projectId: number, modelName: string, events: readonly PredictionEvent[]) => Promise<readonly PredictionEvent[]>) | undefined;
  /** Prices events without an explicit cost from the project's price book (default: explicit costs only). */
  readonly pricing?: PricingService | undefined;
  /** With a queue (`--queue`), an accepted batch is published to it and written by the queue's consumer (`applyQueued`); without, written here. */
  readonly queue?: IngestQueue | undefined;
}

/** The model version of events that name none. */
export const DEFAULT_VERSION = 'default';

/** "3 invalid item(s) in the batch; nothing was written (first: events[0].prediction: …)". */
export function describeBatchErrors(details: readonly ErrorDetail[]): string {
  const bad = new Set(details.filter((d) => d.index !== undefined).map((d) => d.index));
  const first = details[0];
  const lead = bad.size > 0 ? `${bad.size} invalid item(s)` : `${details.length} problem(s)`;
  return `${lead} in the batch; nothing was written${first === undefined ? '' : ` (first: ${first.path}: ${first.message})`}`;
}

/** The token usage columns of an event (none without usage). */
function usageColumns(e: PredictionEvent): Pick<NewPrediction, 'input_tokens' | 'output_tokens' | 'cached_input_tokens' | 'usage_model'> {
  if (e.usage === undefined) return {};
  return {
    input_tokens: e.usage.inputTokens,
    output_tokens: e.usage.outputTokens,
    cached_input_tokens: e.usage.cachedInputTokens ?? null,
    usage_model: e.usage.model,
  };
}

/** The model type to auto-create with, guessed from the first prediction. */
function guessType(prediction: unknown): ModelType {
  if (typeof prediction === 'number') return prediction >= 0 && prediction <= 1 ? 'binary' : 'regression';
  if (typeof prediction === 'object' && prediction !== null && 'probabilities' in prediction) {
    const p = (prediction as { probabilities: Record<string, number> }).probabilities;
    return Object.keys(p).length > 2 ? 'multiclass' : 'binary';
  }
  return 'binary';
}

export class IngestService {
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly models: ModelService;
  private readonly metrics: ServerMetrics;
  private readonly backpressure: IngestBackpressure | undefined;
  private readonly projectNames: ProjectNames;
  private readonly eventTimes: EventTimeWindow | undefined;
  private readonly dataPolicy: IngestServiceDeps['dataPolicy'];
  private readonly pricing: PricingService | undefined;
  private readonly queue: IngestQueue | undefined;

  constructor(deps: IngestServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.models = deps.models;
    this.metrics = deps.metrics;
    this.backpressure = deps.backpressure;
    this.projectNames = new ProjectNames(deps.store);
    this.eventTimes = deps.eventTimes;
    this.dataPolicy = deps.dataPolicy;
    this.pricing = deps.pricing;
    this.queue = deps.queue;
  }

  /** Publishes a checked batch to the queue: the answer (after JetStream's ack) counts the events queued; duplicates are counted when written. */
  private async enqueue(kind: QueuedBatch['kind'], projectId: number, modelName: string, items: readonly unknown[]): Promise<IngestResponse> {
    await this.queue!.publish({ kind, projectId, model: modelName, receivedAt: this.clock(), items });
    return { accepted: items.length, duplicates: 0 };
  }

  /** Writes a batch the queue delivered, at the time ingest accepted it; idempotent (event ids are unique per model). */
  async applyQueued(batch: QueuedBatch): Promise<IngestResponse> {
    const now = batch.receivedAt;
    if (batch.kind === 'prediction') return this.storePredictions(batch.projectId, batch.model, batch.items as PredictionEvent[], now);
    if (batch.kind === 'label') return this.storeLabels(batch.projectId, batch.model, batch.items as LabelEvent[], now);
    return this.storeMetrics(batch.projectId, batch.model, batch.items as MetricEvent[], now);
  }

  /** Refuses the batch, naming every item, when an event's own timestamp lies outside the window around now. */
  private checkTimes(items: readonly { timestamp?: Timestamp | undefined }[], listKey: string): void {
    if (this.eventTimes === undefined) return;
    const errors = checkEventTimes(
      items.map((e) => (e.timestamp === undefined ? undefined : timestampToMs(e.timestamp))),
      listKey,
      this.clock(),
      this.eventTimes,
    );
    if (errors.length > 0) throw new ValidationError(describeBatchErrors(errors), errors);
  }

  async predictions(projectId: number, modelName: string, received: readonly PredictionEvent[]): Promise<IngestResponse> {
    this.backpressure?.check();
    // Personal data is handled by the model's data policy before anything else keeps the events (a queue included).
    const events = this.dataPolicy === undefined ? received : await this.dataPolicy(projectId, modelName, received);
    this.checkTimes(events, 'events');
    if (this.queue !== undefined) {
      // Checked here as it would be written (the model's schema, or a new model's), so a refusal is a 400 now, not a lost batch later.
      const found = await this.models.find(projectId, modelName);
      const model = found ?? this.models.autoCreateRow(projectId, modelName, guessType(events[0]?.prediction));
      if (model === undefined) throw modelNotFound(modelName);
      if (found !== undefined) schemaViolationLog(this.store).record(model.id, this.clock(), schemaViolations(events, modelSchemaOf(model)));
      const check = checkPredictionBatch(events, modelSchemaOf(model));
      if (check.errors.length > 0) throw new ValidationError(describeBatchErrors(check.errors), check.errors);
      return this.enqueue('prediction', projectId, modelName, events);
    }
    return this.storePredictions(projectId, modelName, events, this.clock());
  }

  private async storePredictions(projectId: number, modelName: string, events: readonly PredictionEvent[], now: number): Promise<IngestResponse> {
    // With auto-create, a model that is not there is checked as a new one and stored with the
    // batch in one transaction; when another request created it meanwhile, the batch is checked
    // again against that model (the second pass finds it).
    for (let attempt = 0; attempt < 2; attempt++) {
      const found = await this.models.find(projectId, modelName);
      const model = found ?? this.models.autoCreateRow(projectId, modelName, guessType(events[0]?.prediction));
      if (model === undefined) throw modelNotFound(modelName);
      const written = await this.writePredictions(model, found === undefined, events, now);
      if (written !== undefined) return written;
    }
    throw new ConflictError(`the model "${modelName}" changed during the request; send the batch again`);
  }

  /** Checks and stores a batch; undefined (nothing written) when `create` finds the name taken. */
  private async writePredictions(model: ModelRow, create: boolean, events: readonly PredictionEvent[], now: number): Promise<IngestResponse | undefined> {
    const check = checkPredictionBatch(events, modelSchemaOf(model));
    // Counted before the batch may be refused: the `schema` monitor alerts on any violation.
    // (With the queue, counted when the batch was accepted.)
    if (!create && this.queue === undefined) schemaViolationLog(this.store).record(model.id, now, schemaViolations(events, modelSchemaOf(model)));
    if (check.errors.length > 0) throw new ValidationError(describeBatchErrors(check.errors), check.errors);
    const rows: NewPrediction[] = events.map((e) => ({
      event_id: e.id,
      ts: e.timestamp === undefined ? now : timestampToMs(e.timestamp),
      version: e.version ?? DEFAULT_VERSION,
      segment: segmentKey(e.segment),
      features: JSON.stringify(e.features),
      prediction: JSON.stringify(e.prediction),
      latency_ms: e.latencyMs ?? null,
      cost_usd: e.costUsd ?? null,
      trace_id: e.traceId ?? null,
      received_at: now,
      ...usageColumns(e),
    }));
    // Each event's cost at the prices of its own time: explicit, else tokens, else per prediction.
    const costs =
      this.pricing === undefined
        ? rows.map((_, i) => (events[i]!.costUsd === undefined ? null : { nanos: usdToNanos(events[i]!.costUsd!) }))
        : await this.pricing.priceEvents(
            model.project_id,
            model.name,
            events.map((e, i) => ({ ts: rows[i]!.ts, costUsd: e.costUsd, usage: e.usage })),
          );
    costs.forEach((c, i) => {
      if (c !== null) rows[i]!.cost_nanos = String(c.nanos);
    });
    let written: IngestResponse;
    if (create) {
      const { project_id, name, type, created_at } = model;
      const r = await this.store.insertPredictionsCreatingModel(
        { project_id, name, type, features: JSON.stringify(check.learnt), positive_class: null, description: null, created_at },
        rows,
        now,
      );
      if (r === undefined) return undefined;
      written = { accepted: r.accepted, duplicates: r.duplicates };
    } else {
      written = await this.store.insertPredictions(model.id, rows, now);
      if (Object.keys(check.learnt).length > 0) await this.models.learnFeatures(model, check.learnt);
    }
    this.backpressure?.accepted(written.accepted);
    const project = await this.projectNames.of(model.project_id);
    this.metrics.ingested.inc({ project, model: model.name, kind: 'prediction' }, written.accepted);
    if (written.duplicates > 0) this.metrics.duplicates.inc({ project, model: model.name, kind: 'prediction' }, written.duplicates);
    this.metrics.observePredictions(project, model.name, rows, written.accepted);
    return written;
  }

  async labels(projectId: number, modelName: string, labels: readonly LabelEvent[]): Promise<IngestResponse> {
    this.checkTimes(labels, 'labels');
    if (this.queue !== undefined) {
      const errors = checkLabelBatch(labels, modelSchemaOf(await this.models.resolve(projectId, modelName)));
      if (errors.length > 0) throw new ValidationError(describeBatchErrors(errors), errors);
      return this.enqueue('label', projectId, modelName, labels);
    }
    return this.storeLabels(projectId, modelName, labels, this.clock());
  }

  private async storeLabels(projectId: number, modelName: string, labels: readonly LabelEvent[], now: number): Promise<IngestResponse> {
    const model = await this.models.resolve(projectId, modelName);
    const errors = checkLabelBatch(labels, modelSchemaOf(model));
    if (errors.length > 0) throw new ValidationError(describeBatchErrors(errors), errors);
    const rows: NewLabel[] = labels.map((l) => ({
      event_id: l.id,
      label: JSON.stringify(l.label),
      ts: l.timestamp === undefined ? now : timestampToMs(l.timestamp),
      received_at: now,
    }));
    const written = await this.store.insertLabels(model.id, rows);
    const project = await this.projectNames.of(model.project_id);
    this.metrics.ingested.inc({ project, model: model.name, kind: 'label' }, written.accepted);
    if (written.duplicates > 0) this.metrics.duplicates.inc({ project, model: model.name, kind: 'label' }, written.duplicates);
    return written;
  }

  async metricPoints(projectId: number, modelName: string, metrics: readonly MetricEvent[]): Promise<IngestResponse> {
    this.checkTimes(metrics, 'metrics');
    if (this.queue !== undefined) {
      await this.models.resolve(projectId, modelName);
      // Points without an id get one from the batch's digest, so a batch delivered twice is written once.
      const digest = batchDigest({ kind: 'metric', projectId, model: modelName, items: metrics }).slice(0, 24);
      const items = metrics.map((m, i) => (m.id === undefined ? { ...m, id: `q-${digest}-${i}` } : m));
      return this.enqueue('metric', projectId, modelName, items);
    }
    return this.storeMetrics(projectId, modelName, metrics, this.clock());
  }

  private async storeMetrics(projectId: number, modelName: string, metrics: readonly MetricEvent[], now: number): Promise<IngestResponse> {
    const model = await this.models.resolve(projectId, modelName);
    const rows = metrics.map((m) => ({
      event_id: m.id ?? null,
      name: m.name,
      value: m.value,
      ts: m.timestamp === undefined ? now : timestampToMs(m.timestamp),
      labels: segmentKey(m.labels),
    }));
    const written = await this.store.insertMetrics(model.id, rows);
    const project = await this.projectNames.of(model.project_id);
    this.metrics.ingested.inc({ project, model: model.name, kind: 'metric' }, written.accepted);
    if (written.duplicates > 0) this.metrics.duplicates.inc({ project, model: model.name, kind: 'metric' }, written.duplicates);
    return written;
  }
}
