// How a logged prediction becomes the label, score and probabilities the evaluators read, and the
// error it adds to a concept-drift stream, on hand-worked cases.

import type { PredictionValue } from '@vigil/wire';
import { describe, expect, it } from 'vitest';
import { PerformanceAccumulator } from '../performance/performance-accumulator.js';
import {
  BINARY_THRESHOLD,
  classKey,
  featureTypeOfValue,
  modelSchema,
  negativeOf,
  normalizePrediction,
  performanceOptions,
  predictionError,
} from './model-schema.js';

const binary = modelSchema('binary', { age: 'numeric' }, null);
const binaryYes = modelSchema('binary', {}, 'yes');
const multiclass = modelSchema('multiclass', {}, null);
const regression = modelSchema('regression', {}, null);
const ranking = modelSchema('ranking', {}, null);

describe('classKey', () => {
  it('keys booleans as 1/0 and everything else by String()', () => {
    expect(classKey(true)).toBe('1');
    expect(classKey(false)).toBe('0');
    expect(classKey(1)).toBe('1');
    expect(classKey(0)).toBe('0');
    expect(classKey(-2)).toBe('-2');
    expect(classKey(2.5)).toBe('2.5');
    expect(classKey('cat')).toBe('cat');
    expect(classKey('1')).toBe('1');
    expect(classKey('true')).toBe('true');
  });
});

describe('modelSchema', () => {
  it('defaults the positive class to "1" and keys a given one', () => {
    expect(modelSchema('binary', { age: 'numeric', city: 'categorical' }, null)).toEqual({
      type: 'binary',
      features: { age: 'numeric', city: 'categorical' },
      positiveClass: '1',
    });
    expect(modelSchema('binary', {}, true).positiveClass).toBe('1');
    expect(modelSchema('binary', {}, 1).positiveClass).toBe('1');
    expect(modelSchema('binary', {}, false).positiveClass).toBe('0');
    expect(modelSchema('binary', {}, 'fraud').positiveClass).toBe('fraud');
    expect(modelSchema('regression', {}, null).type).toBe('regression');
  });
});

describe('negativeOf', () => {
  it('names the other class of 1/true, and "not X" otherwise', () => {
    expect(negativeOf('1')).toBe('0');
    expect(negativeOf('true')).toBe('false');
    expect(negativeOf('fraud')).toBe('not fraud');
  });
});

describe('normalizePrediction', () => {
  it('binary scores: positive at or above 0.5, the positive class named by the schema', () => {
    expect(BINARY_THRESHOLD).toBe(0.5);
    expect(normalizePrediction(0.5, binary)).toEqual({ label: '1', score: 0.5, probabilities: null });
    expect(normalizePrediction(0.4999, binary)).toEqual({ label: '0', score: 0.4999, probabilities: null });
    expect(normalizePrediction(1, binary)).toEqual({ label: '1', score: 1, probabilities: null });
    expect(normalizePrediction(0, binary)).toEqual({ label: '0', score: 0, probabilities: null });
    expect(normalizePrediction(0.7, binaryYes)).toEqual({ label: 'yes', score: 0.7, probabilities: null });
    expect(normalizePrediction(0.3, binaryYes)).toEqual({ label: 'not yes', score: 0.3, probabilities: null });
    expect(normalizePrediction({ score: 0.8 }, binary)).toEqual({ label: '1', score: 0.8, probabilities: null });
    expect(normalizePrediction({ score: 0.2 }, binaryYes)).toEqual({ label: 'not yes', score: 0.2, probabilities: null });
  });

  it('labels as they are (keyed), without a score', () => {
    expect(normalizePrediction(true, binary)).toEqual({ label: '1', score: null, probabilities: null });
    expect(normalizePrediction(false, binary)).toEqual({ label: '0', score: null, probabilities: null });
    expect(normalizePrediction('yes', binaryYes)).toEqual({ label: 'yes', score: null, probabilities: null });
    expect(normalizePrediction({ label: true }, binary)).toEqual({ label: '1', score: null, probabilities: null });
    expect(normalizePrediction('b', multiclass)).toEqual({ label: 'b', score: null, probabilities: null });
  });

  it('binary probabilities: the score is the positive class’s, the label follows it', () => {
    const probabilities = { '1': 0.3, '0': 0.7 };
    expect(normalizePrediction({ probabilities }, binary)).toEqual({ label: '0', score: 0.3, probabilities });
    const yes = { yes: 0.65, no: 0.35 };
    expect(normalizePrediction({ probabilities: yes }, binaryYes)).toEqual({ label: 'yes', score: 0.65, probabilities: yes });
    // Without the positive class among them there is no score, and the label is the likeliest class.
    const other = { cat: 0.2, dog: 0.8 };
    expect(normalizePrediction({ probabilities: other }, binary)).toEqual({ label: 'dog', score: null, probabilities: other });
  });

  it('keeps a given label and score over what the probabilities say', () => {
    const probabilities = { '1': 0.9, '0': 0.1 };
    expect(normalizePrediction({ label: 0, score: 0.2, probabilities }, binary)).toEqual({ label: '0', score: 0.2, probabilities });
    expect(normalizePrediction({ label: 'b', score: 0.9 }, binary)).toEqual({ label: 'b', score: 0.9, probabilities: null });
    expect(normalizePrediction({ score: 0.1, probabilities }, binary)).toEqual({ label: '0', score: 0.1, probabilities });
  });

  it('multiclass: numbers are class labels, probabilities give the argmax label (first of ties)', () => {
    expect(normalizePrediction(2, multiclass)).toEqual({ label: '2', score: null, probabilities: null });
    expect(normalizePrediction(0, multiclass)).toEqual({ label: '0', score: null, probabilities: null });
    const probabilities = { a: 0.2, b: 0.5, c: 0.3 };
    expect(normalizePrediction({ probabilities }, multiclass)).toEqual({ label: 'b', score: null, probabilities });
    expect(normalizePrediction({ probabilities: { x: 0.4, y: 0.4, z: 0.2 } }, multiclass).label).toBe('x');
    expect(normalizePrediction({ label: 'c', probabilities }, multiclass).label).toBe('c');
    // A score alone does not pick a class of a multiclass model.
    expect(normalizePrediction({ score: 0.9 }, multiclass)).toEqual({ label: null, score: 0.9, probabilities: null });
  });

  it('regression and ranking: numbers are scores', () => {
    expect(normalizePrediction(3.25, regression)).toEqual({ label: null, score: 3.25, probabilities: null });
    expect(normalizePrediction(-1, regression)).toEqual({ label: null, score: -1, probabilities: null });
    expect(normalizePrediction(7, ranking)).toEqual({ label: null, score: 7, probabilities: null });
    expect(normalizePrediction({ score: 2 }, regression)).toEqual({ label: null, score: 2, probabilities: null });
    expect(normalizePrediction({ score: 2 }, ranking)).toEqual({ label: null, score: 2, probabilities: null });
  });

  it('regression { label: number } is read as the score; a given score wins', () => {
    expect(normalizePrediction({ label: 4.25 }, regression)).toEqual({ label: '4.25', score: 4.25, probabilities: null });
    expect(normalizePrediction({ label: 5, score: 2 }, regression).score).toBe(2);
    expect(normalizePrediction({ label: 'high' }, regression).score).toBeNull();
  });

  // predictionProblem accepts { label: number } from a ranking model, and predictionError and
  // performanceOptions treat ranking like regression: the label is its score too.
  it('reads a ranking { label: number } as the score, as for regression', () => {
    expect(normalizePrediction({ label: 3 }, ranking).score).toBe(3);
  });
});

describe('featureTypeOfValue', () => {
  it('types a feature by its first non-null value', () => {
    expect(featureTypeOfValue(null)).toBeNull();
    expect(featureTypeOfValue(0)).toBe('numeric');
    expect(featureTypeOfValue(-2.5)).toBe('numeric');
    expect(featureTypeOfValue(true)).toBe('boolean');
    expect(featureTypeOfValue(false)).toBe('boolean');
    expect(featureTypeOfValue('paris')).toBe('categorical');
    expect(featureTypeOfValue('')).toBe('categorical');
    // A numeric-looking string is still a string.
    expect(featureTypeOfValue('42')).toBe('categorical');
  });
});

describe('performanceOptions', () => {
  it('gives the accumulator of the model’s task', () => {
    expect(performanceOptions(binary)).toEqual({ task: 'binary', positiveClass: '1' });
    expect(performanceOptions(binaryYes)).toEqual({ task: 'binary', positiveClass: 'yes' });
    expect(performanceOptions(multiclass)).toEqual({ task: 'multiclass' });
    expect(performanceOptions(regression)).toEqual({ task: 'regression' });
    expect(performanceOptions(ranking)).toEqual({ task: 'regression' });
  });

  it('feeds an accumulator that counts normalized binary predictions as scikit-learn would', () => {
    // (prediction, truth): scores 0.9, 0.8, 0.4, 0.2, 0.7, 0.3 against 1, 0, 1, 0, 1, 0.
    const rows: Array<[PredictionValue, number]> = [
      [0.9, 1],
      [0.8, 0],
      [0.4, 1],
      [0.2, 0],
      [{ probabilities: { '1': 0.7, '0': 0.3 } }, 1],
      [{ score: 0.3 }, 0],
    ];
    const acc = new PerformanceAccumulator(performanceOptions(binary));
    for (const [p, truth] of rows) acc.add(normalizePrediction(p, binary), truth);
    const m = acc.metrics();
    if (m.task !== 'binary') throw new Error('expected binary metrics');
    expect(m.confusion).toEqual({ tp: 2, fp: 1, fn: 1, tn: 2 });
    expect(m.accuracy).toBeCloseTo(4 / 6, 15);
    // roc_auc_score: 7 of the 9 (positive, negative) pairs are ordered right.
    expect(m.rocAuc).toBeCloseTo(7 / 9, 15);
  });
});

describe('predictionError', () => {
  it('classifiers: 0 when the predicted class is the true one, else 1', () => {
    expect(predictionError(normalizePrediction(0.8, binary), 1, binary)).toBe(0);
    expect(predictionError(normalizePrediction(0.8, binary), true, binary)).toBe(0);
    expect(predictionError(normalizePrediction(0.8, binary), '1', binary)).toBe(0);
    expect(predictionError(normalizePrediction(0.8, binary), 0, binary)).toBe(1);
    expect(predictionError(normalizePrediction(0.2, binary), false, binary)).toBe(0);
    expect(predictionError(normalizePrediction(0.2, binary), 1, binary)).toBe(1);
    expect(predictionError(normalizePrediction(0.9, binaryYes), 'yes', binaryYes)).toBe(0);
    expect(predictionError(normalizePrediction('b', multiclass), 'b', multiclass)).toBe(0);
    expect(predictionError(normalizePrediction(2, multiclass), 2, multiclass)).toBe(0);
    expect(predictionError(normalizePrediction(2, multiclass), 3, multiclass)).toBe(1);
    expect(predictionError(normalizePrediction({ probabilities: { a: 0.1, b: 0.6, c: 0.3 } }, multiclass), 'b', multiclass)).toBe(0);
  });

  it('regression and ranking: |ŷ − y|, null without a score or a numeric truth', () => {
    expect(predictionError(normalizePrediction(3.5, regression), 2, regression)).toBe(1.5);
    expect(predictionError(normalizePrediction(1, regression), 4, regression)).toBe(3);
    expect(predictionError(normalizePrediction({ label: 2.5 }, regression), 2.5, regression)).toBe(0);
    expect(predictionError(normalizePrediction(10, ranking), 7, ranking)).toBe(3);
    expect(predictionError(normalizePrediction(3.5, regression), '2', regression)).toBeNull();
    expect(predictionError(normalizePrediction(3.5, regression), true, regression)).toBeNull();
    expect(predictionError(normalizePrediction({ label: 'high' }, regression), 2, regression)).toBeNull();
  });

  // A score below 0.5 from a model whose classes are 'yes' / 'no' predicts 'no', though the label it
  // normalizes to is 'not yes': a right negative adds no error, a wrong one adds 1.
  it('counts a right negative of a binary model with named classes as no error', () => {
    expect(predictionError(normalizePrediction(0.2, binaryYes), 'no', binaryYes)).toBe(0);
    expect(predictionError(normalizePrediction(0.2, binaryYes), 'yes', binaryYes)).toBe(1);
    expect(predictionError(normalizePrediction(0.8, binaryYes), 'no', binaryYes)).toBe(1);
    expect(predictionError(normalizePrediction(0.8, binaryYes), 'yes', binaryYes)).toBe(0);
  });
});
