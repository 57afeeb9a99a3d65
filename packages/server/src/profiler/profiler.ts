// The profiler turns raw events into partial profiles per (model, version, segment, time bucket),
// incrementally: each pass reads the events above its watermarks, appends one part per key and
// moves the watermarks in the same transaction, so a crash never counts an event twice or never.
// Labels are joined here: a (prediction, label) pair feeds the performance accumulator of the
// prediction's bucket in the pass that sees the later of the two.

import { CbpeAccumulator, DatasetProfile, PerformanceAccumulator, nanosToUsd, normalizePrediction, performanceOptions } from '@vigil/core';
import type { ModelSchema } from '@vigil/core';
import { modelSchemaOf } from '../models/model-records.js';
import { referenceCalibrator } from '../models/reference-data.js';
import type { Calibration } from '../models/reference-data.js';
import type { ModelRow, NewProfilePart, PredictionRow, ProfilerPassPlan, Store } from '../storage/store.js';
import { BUCKET_PROFILE_OPTIONS, PROFILE_COLUMNS } from './profile-columns.js';

const WATERMARK_PREDICTIONS = 'profiler.predictions';
const WATERMARK_LABELS = 'profiler.labels';

export interface ProfilerOptions {
  /** Width of a time bucket in ms. */
  readonly bucketMs: number;
  /** Most events (and most labels) read in one pass. */
  readonly batchSize?: number;
}

interface PartBuilder {
  model: ModelRow;
  schema: ModelSchema;
  version: string;
  segment: string;
  bucket: number;
  profile: DatasetProfile;
  performance: PerformanceAccumulator | null;
  cbpe: CbpeAccumulator | null;
  /** What the part's new predictions cost (the cost_buckets rollup). */
  cost: CostTally;
}

/** Predictions of a part, those with a cost, their cost in nano-dollars and their tokens. */
interface CostTally {
  predictions: number;
  costed: number;
  nanos: bigint;
  input: bigint;
  output: bigint;
}

export interface PassResult {
  predictions: number;
  labels: number;
  parts: number;
}

export class Profiler {
  private readonly bucketMs: number;
  private readonly batchSize: number;
  private readonly calibrations = new Map<number, { at: number; calibration: Calibration | null }>();
  /** Events (or label pairs) the evaluators could not read, skipped since start. */
  skipped = 0;
  /** Told about each skipped event (the server logs it). */
  onSkip: ((event: PredictionRow, error: unknown) => void) | undefined;
  /** Told after each pass how many predictions it left behind (ingest's backpressure). */
  onPass: ((predictionsBehind: number) => void) | undefined;

  constructor(
    private readonly store: Store,
    options: ProfilerOptions,
  ) {
    this.bucketMs = options.bucketMs;
    this.batchSize = options.batchSize ?? 5_000;
  }

  bucketOf(ts: number): number {
    return Math.floor(ts / this.bucketMs) * this.bucketMs;
  }

  /** Profiles everything committed so far (several passes if needed); returns the totals. */
  async catchUp(now: number): Promise<PassResult> {
    const total: PassResult = { predictions: 0, labels: 0, parts: 0 };
    for (;;) {
      const r = await this.pass(now);
      if (r === undefined) return total;
      total.predictions += r.predictions;
      total.labels += r.labels;
      total.parts += r.parts;
      if (r.predictions < this.batchSize && r.labels < this.batchSize) return total;
    }
  }

  /** One pass; undefined when another replica is running one. */
  async pass(now: number): Promise<PassResult | undefined> {
    const models = new Map((await this.store.allModels()).map((m) => [m.id, m]));
    const calibrations = new Map<number, Calibration | null>();
    for (const m of models.values()) if (m.type === 'binary') calibrations.set(m.id, await this.calibrationOf(m.id));
    let behind = 0;
    const done = await this.store.profilerPass(async (trx, high): Promise<ProfilerPassPlan<PassResult>> => {
      const wp = await this.store.watermark(WATERMARK_PREDICTIONS, trx);
      const wl = await this.store.watermark(WATERMARK_LABELS, trx);
      const preds = await this.store.predictionsAfter(trx, wp, high.predictions, this.batchSize);
      const labels = await this.store.labelsAfter(trx, wl, high.labels, this.batchSize);
      const newWp = preds.length === this.batchSize ? preds[preds.length - 1]!.seq : Math.max(wp, high.predictions);
      const newWl = labels.length === this.batchSize ? labels[labels.length - 1]!.seq : Math.max(wl, high.labels);
      behind = Math.max(0, high.predictions - newWp);
      const parts = new Map<string, PartBuilder>();
      const partFor = (p: PredictionRow): PartBuilder | undefined => {
        const model = models.get(p.model_id);
        if (model === undefined) return undefined;
        const bucket = this.bucketOf(p.ts);
        const key = `${p.model_id}\u0000${p.version}\u0000${p.segment}\u0000${bucket}`;
        let b = parts.get(key);
        if (b === undefined) {
          const schema = modelSchemaOf(model);
          b = {
            model,
            schema,
            version: p.version,
            segment: p.segment,
            bucket,
            profile: new DatasetProfile(BUCKET_PROFILE_OPTIONS),
            performance: null,
            cbpe: null,
            cost: { predictions: 0, costed: 0, nanos: 0n, input: 0n, output: 0n },
          };
          parts.set(key, b);
        }
        return b;
      };

      for (let i = 0; i < preds.length; i++) {
        // Let requests in between: on SQLite this runs outside any transaction, beside ingest.
        if (i % 250 === 249) await yieldToRequests();
        const p = preds[i]!;
        const b = partFor(p);
        if (b === undefined) continue;
        tallyCost(b.cost, p);
        try {
          this.profileEvent(b, p, calibrations.get(b.model.id) ?? null);
        } catch (err) {
          // A stored event the evaluators cannot read must not stall the profiler: skip and count it.
          this.skipped++;
          this.onSkip?.(p, err);
        }
      }

      // Pairs whose later half is in this pass: new predictions with labels up to newWl, and
      // new labels of predictions already profiled (seq ≤ wp).
      const addPair = (p: PredictionRow, labelJson: string): void => {
        const b = partFor(p);
        if (b === undefined) return;
        try {
          const normalized = normalizePrediction(JSON.parse(p.prediction), b.schema);
          const perf = b.performance ?? new PerformanceAccumulator(performanceOptions(b.schema));
          perf.add({ ...normalized, value: normalized.score }, JSON.parse(labelJson) as string | number | boolean);
          b.performance = perf;
        } catch (err) {
          this.skipped++;
          this.onSkip?.(p, err);
        }
      };
      for (const [modelId, group] of groupBy(preds, (p) => p.model_id)) {
        const found = await this.store.labelsFor(
          trx,
          modelId,
          group.map((p) => p.event_id),
          newWl,
        );
        const byId = new Map(found.map((l) => [l.event_id, l.label]));
        for (const p of group) {
          const l = byId.get(p.event_id);
          if (l !== undefined) addPair(p, l);
        }
      }
      for (const [modelId, group] of groupBy(labels, (l) => l.model_id)) {
        const found = await this.store.predictionsFor(
          trx,
          modelId,
          group.map((l) => l.event_id),
          wp,
        );
        const labelOf = new Map(group.map((l) => [l.event_id, l.label]));
        for (const p of found) addPair(p, labelOf.get(p.event_id)!);
      }

      const rows: NewProfilePart[] = [];
      for (const b of parts.values()) {
        rows.push({
          model_id: b.model.id,
          version: b.version,
          segment: b.segment,
          bucket_start: b.bucket,
          rows: b.profile.rowCount,
          profile: b.profile.toBytes(),
          performance: b.performance === null ? null : JSON.stringify(b.performance.toJSON()),
          cbpe: b.cbpe === null ? null : JSON.stringify(b.cbpe.toJSON()),
          created_at: now,
        });
      }
      const costRows = [...parts.values()]
        .filter((b) => b.cost.predictions > 0)
        .map((b) => ({
          model_id: b.model.id,
          version: b.version,
          segment: b.segment,
          bucket_start: b.bucket,
          predictions: b.cost.predictions,
          costed: b.cost.costed,
          cost_nanos: String(b.cost.nanos),
          input_tokens: String(b.cost.input),
          output_tokens: String(b.cost.output),
        }));
      return {
        result: { predictions: preds.length, labels: labels.length, parts: rows.length },
        startedFrom: { [WATERMARK_PREDICTIONS]: wp, [WATERMARK_LABELS]: wl },
        write: async (w) => {
          await this.store.insertProfileParts(w, rows);
          await this.store.cost.addCostBuckets(w, costRows);
          if (newWp !== wp) await this.store.setWatermark(w, WATERMARK_PREDICTIONS, newWp);
          if (newWl !== wl) await this.store.setWatermark(w, WATERMARK_LABELS, newWl);
        },
      };
    });
    if (done !== undefined) this.onPass?.(behind);
    return done;
  }

  /**
   * Merges the parts of each closed bucket (older than two bucket widths) into one, so queries
   * read one part per bucket. Returns how many buckets were compacted.
   */
  async compact(now: number, limit = 200): Promise<number> {
    const keys = await this.store.fragmentedBuckets(this.bucketOf(now) - this.bucketMs, limit);
    for (const key of keys) {
      const parts = await this.store.partsOfBucket(key);
      if (parts.length < 2) continue;
      const model = await this.store.modelById(key.model_id);
      if (model === undefined) continue;
      const schema = modelSchemaOf(model);
      const profile = new DatasetProfile(BUCKET_PROFILE_OPTIONS);
      let performance: PerformanceAccumulator | null = null;
      let cbpe: CbpeAccumulator | null = null;
      let rows = 0;
      for (const p of parts) {
        await yieldToRequests(); // merging sketches is CPU work: let requests in between parts
        rows += p.rows;
        profile.mergeFrom(DatasetProfile.fromBytes(p.profile));
        if (p.performance !== null)
          (performance ??= new PerformanceAccumulator(performanceOptions(schema))).merge(PerformanceAccumulator.fromJSON(JSON.parse(p.performance)));
        if (p.cbpe !== null) (cbpe ??= new CbpeAccumulator()).merge(CbpeAccumulator.fromJSON(JSON.parse(p.cbpe)));
      }
      await this.store.replaceParts(
        parts.map((p) => p.id),
        {
          model_id: key.model_id,
          version: key.version,
          segment: key.segment,
          bucket_start: key.bucket_start,
          rows,
          profile: profile.toBytes(),
          performance: performance === null ? null : JSON.stringify(performance.toJSON()),
          cbpe: cbpe === null ? null : JSON.stringify(cbpe.toJSON()),
          created_at: now,
        },
      );
    }
    return keys.length;
  }

  private profileEvent(b: PartBuilder, p: PredictionRow, calibration: Calibration | null): void {
    const features = JSON.parse(p.features) as Record<string, unknown>;
    const normalized = normalizePrediction(JSON.parse(p.prediction), b.schema);
    const row: Record<string, unknown> = {};
    for (const name in features) row[PROFILE_COLUMNS.feature(name)] = features[name];
    row[PROFILE_COLUMNS.score] = normalized.score;
    row[PROFILE_COLUMNS.label] = normalized.label;
    row[PROFILE_COLUMNS.latency] = p.latency_ms;
    // The event's cost: its own, or what ingest priced from its tokens or per prediction.
    row[PROFILE_COLUMNS.cost] = p.cost_nanos === null || p.cost_nanos === undefined ? p.cost_usd : nanosToUsd(BigInt(p.cost_nanos));
    if (b.schema.type === 'binary' && normalized.score !== null && normalized.label !== null && normalized.score >= 0 && normalized.score <= 1) {
      const probability = calibration === null ? normalized.score : calibration.apply(normalized.score);
      (b.cbpe ??= new CbpeAccumulator()).add(probability, normalized.label === b.schema.positiveClass, normalized.score);
    }
    b.profile.addRow(row);
  }

  /** The reference calibrator of a binary model, cached until the reference changes. */
  private async calibrationOf(modelId: number): Promise<Calibration | null> {
    const info = await this.store.referenceInfo(modelId);
    const at = info?.updated_at ?? 0;
    const cached = this.calibrations.get(modelId);
    if (cached !== undefined && cached.at === at) return cached.calibration;
    const calibration = info === undefined ? null : await referenceCalibrator(this.store, modelId);
    this.calibrations.set(modelId, { at, calibration });
    return calibration;
  }
}

function tallyCost(t: CostTally, p: PredictionRow): void {
  t.predictions++;
  if (p.cost_nanos !== null && p.cost_nanos !== undefined) {
    t.costed++;
    t.nanos += BigInt(p.cost_nanos);
  }
  if (p.input_tokens !== null && p.input_tokens !== undefined) t.input += BigInt(p.input_tokens);
  if (p.output_tokens !== null && p.output_tokens !== undefined) t.output += BigInt(p.output_tokens);
}

function yieldToRequests(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list === undefined) out.set(k, [it]);
    else list.push(it);
  }
  return out;
}
