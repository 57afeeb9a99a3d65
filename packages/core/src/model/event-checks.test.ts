// Checks of logged events against a model's schema: every bad field named by its exact path, types
// learnt from first non-null values, and the canonical segment key.

import { formatPath } from '@vigil/wire';
import type { FeatureType, FeatureValue, LabelEvent, PredictionEvent, PredictionValue } from '@vigil/wire';
import { describe, expect, it } from 'vitest';
import { checkEventTimes, checkLabelBatch, checkPredictionBatch, featureValueFits, predictionProblem, segmentKey } from './event-checks.js';
import { modelSchema } from './model-schema.js';

function event(i: number, features: Record<string, FeatureValue>, prediction: PredictionValue = 0.5): PredictionEvent {
  return { id: `e${i}`, features, prediction };
}

const BINARY_SHAPE = 'a score in [0, 1], a class label, or { label, score, probabilities }';
const BINARY_SCORE = 'a score in [0, 1] (the probability of the positive class; send logits as their sigmoid)';

describe('featureValueFits', () => {
  const TYPES: FeatureType[] = ['numeric', 'categorical', 'text', 'boolean', 'datetime'];
  // Each value and the feature types it fits.
  const cases: Array<[FeatureValue, FeatureType[]]> = [
    [null, TYPES],
    [0, ['numeric', 'categorical', 'datetime']],
    [-1.5, ['numeric', 'categorical', 'datetime']],
    [1_764_237_600_000, ['numeric', 'categorical', 'datetime']],
    ['paris', ['categorical', 'text']],
    ['', ['categorical', 'text']],
    ['yesterday', ['categorical', 'text']],
    ['2026-11-27T10:00:00Z', ['categorical', 'text', 'datetime']],
    ['2026-11-27T10:00:00.123+01:00', ['categorical', 'text', 'datetime']],
    [true, ['categorical', 'boolean']],
    [false, ['categorical', 'boolean']],
  ];
  for (const [value, fits] of cases) {
    it(`${JSON.stringify(value)} fits ${fits.join(', ')}`, () => {
      for (const type of TYPES) expect(featureValueFits(type, value), type).toBe(fits.includes(type));
    });
  }
});

describe('predictionProblem', () => {
  it('binary: scores in [0, 1], any label, objects with a score in [0, 1]', () => {
    for (const p of [0, 0.5, 1, 'yes', true, false, { label: 'a' }, { score: 0 }, { score: 1 }, { probabilities: { '1': 0.2 } }] as PredictionValue[]) {
      expect(predictionProblem(p, 'binary'), JSON.stringify(p)).toBeNull();
    }
    expect(predictionProblem(-0.01, 'binary')).toBe(BINARY_SHAPE);
    expect(predictionProblem(1.01, 'binary')).toBe(BINARY_SHAPE);
    expect(predictionProblem(2, 'binary')).toBe(BINARY_SHAPE);
    expect(predictionProblem({ score: 1.2 }, 'binary')).toBe(BINARY_SCORE);
    expect(predictionProblem({ label: 1, score: -3 }, 'binary')).toBe(BINARY_SCORE);
  });

  it('regression and ranking: numbers, { score } or { label: number }', () => {
    for (const type of ['regression', 'ranking'] as const) {
      for (const p of [3.5, -2, 0, { score: 1e6 }, { label: 2 }, { label: 'x', score: 1 }] as PredictionValue[]) {
        expect(predictionProblem(p, type), `${type} ${JSON.stringify(p)}`).toBeNull();
      }
      const message = `a number (a ${type} model predicts values), or { score }`;
      for (const p of ['3.5', true, { label: 'high' }, { probabilities: { a: 1 } }] as PredictionValue[]) {
        expect(predictionProblem(p, type), `${type} ${JSON.stringify(p)}`).toBe(message);
      }
    }
  });

  it('multiclass: string or integer labels, not fractional numbers', () => {
    for (const p of [0, 3, -1, 'cat', true, { probabilities: { a: 0.5, b: 0.5 } }, { label: 2.5 }] as PredictionValue[]) {
      expect(predictionProblem(p, 'multiclass'), JSON.stringify(p)).toBeNull();
    }
    expect(predictionProblem(2.5, 'multiclass')).toBe('a class label (string or integer), or { label, probabilities }');
  });
});

describe('checkPredictionBatch', () => {
  const schema = modelSchema('binary', { age: 'numeric', city: 'categorical', note: 'text', flag: 'boolean', at: 'datetime' }, null);

  it('accepts a valid batch, nulls included, and learns nothing it already knows', () => {
    const events = [
      event(0, { age: 30, city: 'paris', note: 'hi', flag: true, at: '2026-11-27T10:00:00Z' }, 0.3),
      event(1, { age: null, city: null, note: null, flag: null, at: null }, 'yes'),
      event(2, { age: 0, city: 7, note: '', flag: false, at: 1_764_237_600_000 }, { label: 1, score: 0.9 }),
      event(3, {}, true),
    ];
    expect(checkPredictionBatch(events, schema)).toEqual({ learnt: {}, errors: [] });
    expect(checkPredictionBatch([], schema)).toEqual({ learnt: {}, errors: [] });
  });

  it('names every bad field of a batch mixing valid and invalid events, with its exact path', () => {
    const events = [
      event(0, { age: 31, 'a b': 1, city: 'lima' }, 0.2),
      event(1, { age: 'thirty' }, 0.9),
      event(2, { age: 40, flag: true }, 0.5),
      event(3, { flag: 'true', at: 'not a date', note: 5 }, 1.5),
      event(4, { 'a b': 'x' }, { score: -0.1 }),
      event(5, { age: 22 }, 0),
    ];
    const { learnt, errors } = checkPredictionBatch(events, schema);
    expect(learnt).toEqual({ 'a b': 'numeric' });
    expect(errors).toEqual([
      { index: 1, path: 'events[1].features.age', message: 'expected a number or null (feature "age" is numeric), got "thirty"' },
      { index: 3, path: 'events[3].features.flag', message: 'expected true, false or null (feature "flag" is boolean), got "true"' },
      {
        index: 3,
        path: 'events[3].features.at',
        message: 'expected an ISO 8601 date-time string, epoch milliseconds, or null (feature "at" is datetime), got "not a date"',
      },
      { index: 3, path: 'events[3].features.note', message: 'expected a string or null (feature "note" is text), got 5' },
      { index: 3, path: 'events[3].prediction', message: `expected ${BINARY_SHAPE}, got 1.5` },
      // "a b" was learnt as numeric from event 0, so event 4's string is checked against it.
      { index: 4, path: 'events[4].features["a b"]', message: 'expected a number or null (feature "a b" is numeric), got "x"' },
      { index: 4, path: 'events[4].prediction', message: `expected ${BINARY_SCORE}, got {"score":-0.1}` },
    ]);
  });

  it('quotes feature names that are not identifiers, as the wire error paths do', () => {
    const names = ['a b', '1st', 'x-y', 'q"uote', 'é', '', '$ok', '_under', 'camelCase9'];
    const features = Object.fromEntries(names.map((n) => [n, 'text'])) as Record<string, FeatureValue>;
    const s = modelSchema('regression', Object.fromEntries(names.map((n) => [n, 'numeric'])) as Record<string, FeatureType>, null);
    const { errors } = checkPredictionBatch([event(0, { ok: 1 }, 1), event(1, features, 1)], s);
    expect(errors.map((e) => e.path)).toEqual([
      'events[1].features["a b"]',
      'events[1].features["1st"]',
      'events[1].features["x-y"]',
      'events[1].features["q\\"uote"]',
      'events[1].features["é"]',
      'events[1].features[""]',
      'events[1].features.$ok',
      'events[1].features._under',
      'events[1].features.camelCase9',
    ]);
    expect(errors.map((e) => e.path)).toEqual(names.map((n) => formatPath(['events', 1, 'features', n])));
    expect(errors.every((e) => e.index === 1)).toBe(true);
  });

  it('learns a feature from its first non-null value and checks later events against it', () => {
    const s = modelSchema('multiclass', {}, null);
    const { learnt, errors } = checkPredictionBatch(
      [
        event(0, { z: null, n: null, b: null }, 'a'),
        event(1, { z: 'q', n: null, b: false }, 'b'),
        event(2, { z: 5, n: 2.5, b: 'no' }, 'c'),
        event(3, { z: true, n: 'two', b: true }, 2),
      ],
      s,
    );
    // z became categorical (which takes anything), n numeric at event 2, b boolean at event 1.
    expect(learnt).toEqual({ z: 'categorical', n: 'numeric', b: 'boolean' });
    expect(errors).toEqual([
      { index: 2, path: 'events[2].features.b', message: 'expected true, false or null (feature "b" is boolean), got "no"' },
      { index: 3, path: 'events[3].features.n', message: 'expected a number or null (feature "n" is numeric), got "two"' },
    ]);
  });

  it('does not learn a feature that is null throughout', () => {
    const { learnt, errors } = checkPredictionBatch([event(0, { gone: null }), event(1, { gone: null })], modelSchema('binary', {}, null));
    expect(learnt).toEqual({});
    expect(errors).toEqual([]);
  });

  it('checks the prediction against the model type', () => {
    const reg = modelSchema('regression', {}, null);
    const { errors } = checkPredictionBatch([event(0, {}, 2.5), event(1, {}, 'high'), event(2, {}, { label: 4 })], reg);
    expect(errors).toEqual([
      { index: 1, path: 'events[1].prediction', message: 'expected a number (a regression model predicts values), or { score }, got "high"' },
    ]);
    const multi = modelSchema('multiclass', {}, null);
    expect(checkPredictionBatch([event(0, {}, 1.5)], multi).errors).toEqual([
      { index: 0, path: 'events[0].prediction', message: 'expected a class label (string or integer), or { label, probabilities }, got 1.5' },
    ]);
  });
});

describe('checkLabelBatch', () => {
  const labels: LabelEvent[] = [
    { id: 'a', label: 2.5 },
    { id: 'b', label: '3' },
    { id: 'c', label: 0 },
    { id: 'd', label: true },
  ];

  it('regression and ranking labels must be numbers, each bad one named', () => {
    for (const type of ['regression', 'ranking'] as const) {
      expect(checkLabelBatch(labels, modelSchema(type, {}, null))).toEqual([
        { index: 1, path: 'labels[1].label', message: `expected a number (the true value of a ${type} model), got "3"` },
        { index: 3, path: 'labels[3].label', message: `expected a number (the true value of a ${type} model), got true` },
      ]);
    }
  });

  it('classifiers take any label', () => {
    expect(checkLabelBatch(labels, modelSchema('binary', {}, null))).toEqual([]);
    expect(checkLabelBatch(labels, modelSchema('multiclass', {}, null))).toEqual([]);
    expect(checkLabelBatch([], modelSchema('regression', {}, null))).toEqual([]);
  });
});

describe('segmentKey', () => {
  it("is '' for no segment or an empty one", () => {
    expect(segmentKey(undefined)).toBe('');
    expect(segmentKey({})).toBe('');
  });

  it('is JSON with sorted keys and string values, whatever the order given', () => {
    expect(segmentKey({ region: 'eu', tier: 2, beta: true })).toBe('{"beta":"true","region":"eu","tier":"2"}');
    expect(segmentKey({ tier: 2, beta: true, region: 'eu' })).toBe(segmentKey({ region: 'eu', tier: 2, beta: true }));
    expect(segmentKey({ b: 'x', a: 'y' })).toBe('{"a":"y","b":"x"}');
    expect(segmentKey({ a: 1.5 })).toBe('{"a":"1.5"}');
    expect(JSON.parse(segmentKey({ 'k"ey': 'v"al' }))).toEqual({ 'k"ey': 'v"al' });
  });

  it('keys a number and its string alike (values are strings)', () => {
    expect(segmentKey({ tier: 2 })).toBe(segmentKey({ tier: '2' }));
    expect(segmentKey({ tier: 2 })).not.toBe(segmentKey({ tier: 3 }));
  });
});

describe('checkEventTimes', () => {
  const now = Date.UTC(2026, 11, 7);
  const DAY = 86_400_000;
  const window = { maxPastMs: 3650 * DAY, maxFutureMs: 7 * DAY };

  it('takes times inside the window around now, the bounds included, and items without a time', () => {
    expect(checkEventTimes([now, now - 3650 * DAY, now + 7 * DAY, undefined], 'events', now, window)).toEqual([]);
  });

  it('names every item outside it: year 0, year 275760, a day past either bound', () => {
    const year0 = Date.UTC(0, 0, 1);
    const errors = checkEventTimes([year0, now, 8.64e15, now - 3651 * DAY, now + 8 * DAY], 'labels', now, window);
    expect(errors.map((e) => [e.index, e.path])).toEqual([
      [0, 'labels[0].timestamp'],
      [2, 'labels[2].timestamp'],
      [3, 'labels[3].timestamp'],
      [4, 'labels[4].timestamp'],
    ]);
    expect(errors[0]!.message).toContain('between 2016-12-09T00:00:00.000Z and 2026-12-14T00:00:00.000Z');
    expect(errors[0]!.message).toContain('minus');
    expect(errors[1]!.message).toContain('plus');
  });
});
