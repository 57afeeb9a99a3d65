// A model's schema as the evaluators read it, and how a logged prediction is reduced to what they
// need: its class label, its score and its class probabilities.

import type { FeatureType, FeatureValue, ModelType, PredictionValue } from '@vigil/wire';
import type { PerformanceAccumulatorOptions } from '../performance/performance-accumulator.js';

export interface ModelSchema {
  type: ModelType;
  features: Record<string, FeatureType>;
  /** The class key (`classKey`) of the positive class (binary models). */
  positiveClass: string;
}

/** A prediction reduced to what the evaluators read. */
export interface NormalizedPrediction {
  /** Predicted class label (`classKey` form), or null. */
  label: string | null;
  /** Binary: P(positive). Regression and ranking: the predicted value. */
  score: number | null;
  probabilities: Record<string, number> | null;
}

/** Binary models: a score at or above this is the positive class when no label is given. */
export const BINARY_THRESHOLD = 0.5;

/** The stable string form of a class label: true → '1', false → '0', 3 → '3' (as the performance accumulators count it). */
export function classKey(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** The schema of a model of `type` with `features`; the positive class defaults to 1 / "1" / true. */
export function modelSchema(type: ModelType, features: Record<string, FeatureType>, positiveClass: string | number | boolean | null): ModelSchema {
  return { type, features: featureMap(features), positiveClass: positiveClass === null ? '1' : classKey(positiveClass) };
}

/**
 * Feature types by name in an object without a prototype, so that a feature named `constructor`,
 * `toString` or `hasOwnProperty` is looked up like any other name, never found on Object.prototype.
 */
export function featureMap(features: Readonly<Record<string, FeatureType>> = {}): Record<string, FeatureType> {
  return Object.assign(Object.create(null) as Record<string, FeatureType>, features);
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

export function normalizePrediction(p: PredictionValue, schema: ModelSchema): NormalizedPrediction {
  if (typeof p === 'number') {
    if (schema.type === 'binary')
      return { label: p >= BINARY_THRESHOLD ? schema.positiveClass : negativeOf(schema.positiveClass), score: p, probabilities: null };
    if (schema.type === 'multiclass') return { label: classKey(p), score: null, probabilities: null };
    return { label: null, score: p, probabilities: null };
  }
  if (typeof p === 'string' || typeof p === 'boolean') return { label: classKey(p), score: null, probabilities: null };
  let score = p.score ?? null;
  const probabilities = p.probabilities ?? null;
  if (score === null && schema.type === 'binary' && probabilities !== null) score = probabilities[schema.positiveClass] ?? null;
  let label = p.label === undefined ? null : classKey(p.label);
  if (label === null && schema.type === 'binary' && score !== null) label = score >= BINARY_THRESHOLD ? schema.positiveClass : negativeOf(schema.positiveClass);
  if (label === null && probabilities !== null) label = argmax(probabilities);
  if ((schema.type === 'regression' || schema.type === 'ranking') && score === null && typeof p.label === 'number') score = p.label;
  return { label, score, probabilities };
}

/** The type a feature gets from the first non-null value seen. */
export function featureTypeOfValue(v: FeatureValue): FeatureType | null {
  if (v === null) return null;
  if (typeof v === 'number') return 'numeric';
  if (typeof v === 'boolean') return 'boolean';
  return 'categorical';
}

/** The performance accumulator that fits the model's task. */
export function performanceOptions(schema: ModelSchema): PerformanceAccumulatorOptions {
  if (schema.type === 'binary') return { task: 'binary', positiveClass: schema.positiveClass };
  if (schema.type === 'multiclass') return { task: 'multiclass' };
  return { task: 'regression' };
}

/**
 * The error a labelled prediction adds to a concept-drift detector's stream: 0 or 1 (wrong class)
 * for classifiers, |ŷ − y| for regression and ranking; null when the pair cannot be judged.
 */
export function predictionError(p: NormalizedPrediction, truth: string | number | boolean, schema: ModelSchema): number | null {
  if (schema.type === 'regression' || schema.type === 'ranking') {
    if (p.score === null || typeof truth !== 'number') return null;
    return Math.abs(p.score - truth);
  }
  // A binary model is right when it puts the prediction on the same side of the positive class as
  // the truth: its negative label may be a stand-in ('not yes') for whatever the negatives are called.
  if (schema.type === 'binary') return (p.label === schema.positiveClass) === (classKey(truth) === schema.positiveClass) ? 0 : 1;
  return p.label === classKey(truth) ? 0 : 1;
}
