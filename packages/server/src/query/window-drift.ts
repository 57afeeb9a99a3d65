// Drift of one window against the reference. Up to EXACT_LIMIT events it runs the batch report's
// evaluator on the raw events, so the answer equals `vigil report` (and Evidently) on the same
// rows; above that it merges the window's bucket profiles and compares sketches.

import { driftPreset } from '@vigil/core';
import { DatasetProfile } from '@vigil/core';
import type { Cell, ColumnType, Table } from '@vigil/core';
import type { DriftResponse, FeatureDrift, FeatureType } from '@vigil/wire';
import { BadRequestError } from '../errors.js';
import type { ModelSchema } from '../ingest/normalize.js';
import { decodeReferenceColumns, referenceTable, toFloat } from '../profiler/reference-performance.js';
import type { ModelRow, Store } from '../storage/store.js';
import { loadSteps, mergeAll, profileFeatureDrift } from './series.js';

/** Windows with at most this many events are judged on raw rows. */
export const EXACT_LIMIT = 200_000;

const COLUMN_TYPE: Record<FeatureType, ColumnType> = {
  numeric: 'numerical',
  categorical: 'categorical',
  boolean: 'categorical',
  text: 'text',
  datetime: 'datetime',
};

export interface WindowDriftOptions {
  from: number;
  to: number;
  /** Evidently registry name for every feature, instead of the defaults. */
  method?: string | undefined;
  threshold?: number | undefined;
  bucketMs: number;
}

/** Answers kept per store: a page shown again, or a monitor evaluating an unchanged window, reuses them. */
const ANSWERS_KEPT = 32;
const answersByStore = new WeakMap<Store, Map<string, DriftResponse>>();

/**
 * `computeWindowDrift`, remembered while nothing it reads changes: the key holds the window, the
 * options, the schema, when the reference was last replaced, and the window's event count and newest id.
 */
export async function windowDrift(store: Store, model: ModelRow, schema: ModelSchema, opts: WindowDriftOptions): Promise<DriftResponse> {
  const info = await store.referenceInfo(model.id);
  if (info === undefined) return computeWindowDrift(store, model, schema, opts);
  const fingerprint = await store.windowFingerprint(model.id, opts.from, opts.to);
  const key = JSON.stringify([model.id, model.name, schema, opts, info.updated_at, info.rows, fingerprint]);
  let answers = answersByStore.get(store);
  if (answers === undefined) {
    answers = new Map();
    answersByStore.set(store, answers);
  }
  const hit = answers.get(key);
  if (hit !== undefined) return structuredClone(hit);
  const answer = await computeWindowDrift(store, model, schema, opts);
  answers.set(key, structuredClone(answer));
  if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  return answer;
}

async function computeWindowDrift(store: Store, model: ModelRow, schema: ModelSchema, opts: WindowDriftOptions): Promise<DriftResponse> {
  const ref = await store.getReference(model.id);
  if (ref === undefined) throw new BadRequestError('this model has no reference data yet; upload one with POST /v1/models/{model}/reference', undefined, 'NO_REFERENCE');
  const events = await store.featuresInWindow(model.id, opts.from, opts.to, EXACT_LIMIT + 1);
  const base = { model: model.name, from: new Date(opts.from).toISOString(), to: new Date(opts.to).toISOString() };
  const features = Object.keys(schema.features).filter((f) => schema.features[f] !== 'text' && schema.features[f] !== 'datetime');
  if (events.length <= EXACT_LIMIT) {
    const refColumns = decodeReferenceColumns(ref.data);
    const reference = referenceTable(refColumns, schema.features);
    const cells: Record<string, Cell[]> = {};
    for (const f of features) cells[f] = new Array<Cell>(events.length).fill(null);
    for (let i = 0; i < events.length; i++) {
      const row = JSON.parse(events[i]!) as Record<string, Cell>;
      for (const f of features) {
        const v = row[f];
        if (v !== undefined) cells[f]![i] = v;
      }
    }
    const current: Table = {
      rowCount: events.length,
      columns: features.map((f) => ({ name: f, values: schema.features[f] === 'numeric' ? toFloat(cells[f]!) : cells[f]! })),
      source: 'window',
    };
    const columns = features.filter((f) => reference.columns.some((c) => c.name === f));
    if (events.length === 0 || columns.length === 0) return { ...base, rows: events.length, basis: 'exact', share: 0, datasetDrift: false, features: [] };
    const columnTypes: Record<string, ColumnType> = {};
    for (const f of columns) columnTypes[f] = COLUMN_TYPE[schema.features[f]!];
    const section = driftPreset(reference, current, {
      columns,
      columnTypes,
      ...(opts.method === undefined ? {} : { method: opts.method }),
      ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
    });
    const out: FeatureDrift[] = section.columns.map((c) => {
      const fd: FeatureDrift = {
        name: c.name,
        type: schema.features[c.name] ?? 'categorical',
        method: c.method,
        score: c.score,
        threshold: c.threshold,
        drifted: c.drifted,
        referenceCount: reference.rowCount,
        currentCount: events.length,
      };
      if (c.psiBand !== undefined) fd.psiBand = c.psiBand;
      return fd;
    });
    return { ...base, rows: events.length, basis: 'exact', share: section.share, datasetDrift: section.datasetDrift, features: out };
  }
  const steps = await loadSteps(store, model.id, schema, { from: opts.from, to: opts.to, step: opts.bucketMs });
  const window = mergeAll(steps, schema);
  const reference = DatasetProfile.fromBytes(ref.profile);
  const out: FeatureDrift[] = [];
  for (const f of features) {
    const d = profileFeatureDrift(reference, window.profile, f, schema.features[f]!);
    if (d === null) continue;
    out.push({ name: f, type: d.type, method: d.method, score: d.score, threshold: d.threshold, drifted: d.drifted, referenceCount: d.referenceCount, currentCount: d.currentCount });
  }
  const share = out.length === 0 ? 0 : out.filter((d) => d.drifted).length / out.length;
  return { ...base, rows: window.rows, basis: 'profile', share, datasetDrift: share >= 0.5, features: out };
}
