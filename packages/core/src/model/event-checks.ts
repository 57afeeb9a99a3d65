// Checks logged events against their model's schema (feature types, prediction type), naming every
// bad field, and learns the types of features seen for the first time. A batch with any error is
// refused whole, so callers store nothing when `errors` is not empty.

import type { ErrorDetail, FeatureType, FeatureValue, LabelEvent, ModelType, PredictionEvent, PredictionValue } from '@vigil/wire';
import { featureMap, featureTypeOfValue } from './model-schema.js';
import type { ModelSchema } from './model-schema.js';

const EXPECTED: Record<FeatureType, string> = {
  numeric: 'a number or null',
  categorical: 'a string, number or boolean, or null',
  text: 'a string or null',
  boolean: 'true, false or null',
  datetime: 'an ISO 8601 date-time string, epoch milliseconds, or null',
};

/** Whether `v` is a value of a feature of `type`. */
export function featureValueFits(type: FeatureType, v: FeatureValue): boolean {
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

/** What a prediction of a model of `type` must look like, or null when `p` is one. */
export function predictionProblem(p: PredictionValue, type: ModelType): string | null {
  switch (type) {
    case 'binary':
      if (typeof p === 'number' && (p < 0 || p > 1)) return 'a score in [0, 1], a class label, or { label, score, probabilities }';
      if (typeof p === 'object' && p.score !== undefined && (p.score < 0 || p.score > 1))
        return 'a score in [0, 1] (the probability of the positive class; send logits as their sigmoid)';
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

export interface PredictionBatchCheck {
  /** Feature types learnt from this batch (features the schema did not have). */
  learnt: Record<string, FeatureType>;
  errors: ErrorDetail[];
}

function featurePath(i: number, name: string): string {
  return `events[${i}].features${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`;
}

/** Checks a batch of predictions against the schema; `errors` lists every problem. */
export function checkPredictionBatch(events: readonly PredictionEvent[], schema: ModelSchema): PredictionBatchCheck {
  const learnt = featureMap();
  const errors: ErrorDetail[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    for (const name in e.features) {
      const v = e.features[name]!;
      const type = Object.hasOwn(schema.features, name) ? schema.features[name] : learnt[name];
      if (type === undefined) {
        const inferred = featureTypeOfValue(v);
        if (inferred !== null) learnt[name] = inferred;
      } else if (!featureValueFits(type, v)) {
        errors.push({ index: i, path: featurePath(i, name), message: `expected ${EXPECTED[type]} (feature "${name}" is ${type}), got ${JSON.stringify(v)}` });
      }
    }
    const problem = predictionProblem(e.prediction, schema.type);
    if (problem !== null) errors.push({ index: i, path: `events[${i}].prediction`, message: `expected ${problem}, got ${JSON.stringify(e.prediction)}` });
  }
  return { learnt, errors };
}

/** Checks a batch of labels against the schema (regression and ranking models take numbers). */
export function checkLabelBatch(labels: readonly LabelEvent[], schema: ModelSchema): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (schema.type !== 'regression' && schema.type !== 'ranking') return errors;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (typeof l.label !== 'number')
      errors.push({
        index: i,
        path: `labels[${i}].label`,
        message: `expected a number (the true value of a ${schema.type} model), got ${JSON.stringify(l.label)}`,
      });
  }
  return errors;
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

/** How far from the server's clock an event's own timestamp may be. */
export interface EventTimeWindow {
  /** Oldest accepted: `now - maxPastMs`. */
  readonly maxPastMs: number;
  /** Newest accepted: `now + maxFutureMs`. */
  readonly maxFutureMs: number;
}

/**
 * Every item whose `timestamp` (milliseconds, already read from the wire) lies outside the window
 * around `now`, named by `<listKey>[i].timestamp`: a year-0 or year-275760 event is a client's bug,
 * and stored it would stretch every range and bucket query.
 */
export function checkEventTimes(timestamps: readonly (number | undefined)[], listKey: string, now: number, window: EventTimeWindow): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const from = now - window.maxPastMs;
  const to = now + window.maxFutureMs;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i];
    if (t === undefined || (t >= from && t <= to)) continue;
    errors.push({
      index: i,
      path: `${listKey}[${i}].timestamp`,
      message: `a time between ${new Date(from).toISOString()} and ${new Date(to).toISOString()} (the server's clock ${t < from ? 'minus' : 'plus'} its eventTimeWindow), got ${Number.isFinite(t) ? t : String(t)}`,
    });
  }
  return errors;
}
