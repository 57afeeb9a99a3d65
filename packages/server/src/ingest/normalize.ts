// Turns validated wire events into stored rows, checking each value against the model's schema
// (feature types, prediction type) and learning the types of features seen for the first time.

import type { ErrorDetail, FeatureType, FeatureValue, LabelEvent, ModelType, PredictionEvent, PredictionValue } from '@vigil/wire';
import { timestampToMs } from '@vigil/wire';
import type { NewLabel, NewPrediction } from '../storage/store.js';

/** The stable string form of a class label: true → '1', false → '0', 3 → '3'. */
export function labelKey(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** A prediction reduced to what the evaluators read. */
export interface NormalizedPrediction {
  /** Predicted class label (labelKey form), or null. */
  label: string | null;
  /** Binary: P(positive). Regression and ranking: the predicted value. */
  score: number | null;
  probabilities: Record<string, number> | null;
}

export interface ModelSchema {
  type: ModelType;
  features: Record<string, FeatureType>;
  /** labelKey of the positive class (binary). */
  positiveClass: string;
}

/** Binary models: a score at or above this is the positive class when no label is given. */
export const BINARY_THRESHOLD = 0.5;

export function normalizePrediction(p: PredictionValue, schema: ModelSchema): NormalizedPrediction {
  if (typeof p === 'number') {
    if (schema.type === 'binary') return { label: p >= BINARY_THRESHOLD ? schema.positiveClass : negativeOf(schema.positiveClass), score: p, probabilities: null };
    if (schema.type === 'multiclass') return { label: labelKey(p), score: null, probabilities: null };
    return { label: null, score: p, probabilities: null };
  }
  if (typeof p === 'string' || typeof p === 'boolean') return { label: labelKey(p), score: null, probabilities: null };
  let score = p.score ?? null;
  const probabilities = p.probabilities ?? null;
  if (score === null && schema.type === 'binary' && probabilities !== null) score = probabilities[schema.positiveClass] ?? null;
  let label = p.label === undefined ? null : labelKey(p.label);
  if (label === null && schema.type === 'binary' && score !== null) label = score >= BINARY_THRESHOLD ? schema.positiveClass : negativeOf(schema.positiveClass);
  if (label === null && probabilities !== null) label = argmax(probabilities);
  if (schema.type === 'regression' && score === null && typeof p.label === 'number') score = p.label;
  return { label, score, probabilities };
}

/** The other class of a binary model whose positive class is `positive`. */
export function negativeOf(positive: string): string {
  if (positive === '1') return '0';
  if (positive === 'true') return 'false';
  return `not ${positive}`;
}

function argmax(probabilities: Record<string, number>): string | null {
  let best: string | null = null;
  let bestP = -Infinity;
  for (const [k, v] of Object.entries(probabilities)) {
    if (v > bestP) {
      best = k;
      bestP = v;
    }
  }
  return best;
}

/** The type a feature gets from the first non-null value seen. */
export function inferFeatureTypeFromValue(v: FeatureValue): FeatureType | null {
  if (v === null) return null;
  if (typeof v === 'number') return 'numeric';
  if (typeof v === 'boolean') return 'boolean';
  return 'categorical';
}

const EXPECTED: Record<FeatureType, string> = {
  numeric: 'a number or null',
  categorical: 'a string, number or boolean, or null',
  text: 'a string or null',
  boolean: 'true, false or null',
  datetime: 'an ISO 8601 date-time string, epoch milliseconds, or null',
};

function fits(type: FeatureType, v: FeatureValue): boolean {
  if (v === null) return true;
  switch (type) {
    case 'numeric':
      return typeof v === 'number';
    case 'categorical':
      return true;
    case 'text':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'datetime':
      return typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  }
}

function predictionProblem(p: PredictionValue, type: ModelType): string | null {
  switch (type) {
    case 'binary':
      if (typeof p === 'number' && (p < 0 || p > 1)) return 'a score in [0, 1], a class label, or { label, score, probabilities }';
      if (typeof p === 'object' && p.score !== undefined && (p.score < 0 || p.score > 1)) return 'a score in [0, 1] (the probability of the positive class; send logits as their sigmoid)';
      return null;
    case 'regression':
    case 'ranking':
      if (typeof p === 'number') return null;
      if (typeof p === 'object' && (p.score !== undefined || typeof p.label === 'number')) return null;
      return `a number (a ${type} model predicts values), or { score }`;
    case 'multiclass':
      if (typeof p === 'number' && !Number.isInteger(p)) return 'a class label (string or integer), or { label, probabilities }';
      return null;
  }
}

export interface NormalizedBatch {
  rows: NewPrediction[];
  /** Feature types learnt from this batch (features the schema did not have). */
  learnt: Record<string, FeatureType>;
  errors: ErrorDetail[];
}

/** Canonical JSON of a segment (sorted keys, string values), '' for none. */
export function segmentKey(segment: Record<string, string | number | boolean> | undefined): string {
  if (segment === undefined) return '';
  const keys = Object.keys(segment).sort();
  if (keys.length === 0) return '';
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = String(segment[k]);
  return JSON.stringify(out);
}

/** Checks a batch against the schema and builds its rows; `errors` lists every problem. */
export function normalizePredictions(
  events: readonly PredictionEvent[],
  schema: ModelSchema,
  defaults: { now: number; version: string },
): NormalizedBatch {
  const rows: NewPrediction[] = [];
  const learnt: Record<string, FeatureType> = {};
  const errors: ErrorDetail[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    let ok = true;
    for (const name in e.features) {
      const v = e.features[name]!;
      const type = schema.features[name] ?? learnt[name];
      if (type === undefined) {
        const inferred = inferFeatureTypeFromValue(v);
        if (inferred !== null) learnt[name] = inferred;
      } else if (!fits(type, v)) {
        ok = false;
        errors.push({ index: i, path: `events[${i}].features${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`, message: `expected ${EXPECTED[type]} (feature "${name}" is ${type}), got ${JSON.stringify(v)}` });
      }
    }
    const problem = predictionProblem(e.prediction, schema.type);
    if (problem !== null) {
      ok = false;
      errors.push({ index: i, path: `events[${i}].prediction`, message: `expected ${problem}, got ${JSON.stringify(e.prediction)}` });
    }
    if (!ok) continue;
    rows.push({
      event_id: e.id,
      ts: e.timestamp === undefined ? defaults.now : timestampToMs(e.timestamp),
      version: e.version ?? defaults.version,
      segment: segmentKey(e.segment),
      features: JSON.stringify(e.features),
      prediction: JSON.stringify(e.prediction),
      latency_ms: e.latencyMs ?? null,
      cost_usd: e.costUsd ?? null,
      trace_id: e.traceId ?? null,
      received_at: defaults.now,
    });
  }
  return { rows, learnt, errors };
}

export function normalizeLabels(labels: readonly LabelEvent[], schema: ModelSchema, now: number): { rows: NewLabel[]; errors: ErrorDetail[] } {
  const rows: NewLabel[] = [];
  const errors: ErrorDetail[] = [];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if ((schema.type === 'regression' || schema.type === 'ranking') && typeof l.label !== 'number') {
      errors.push({ index: i, path: `labels[${i}].label`, message: `expected a number (the true value of a ${schema.type} model), got ${JSON.stringify(l.label)}` });
      continue;
    }
    rows.push({ event_id: l.id, label: JSON.stringify(l.label), ts: l.timestamp === undefined ? now : timestampToMs(l.timestamp), received_at: now });
  }
  return { rows, errors };
}
