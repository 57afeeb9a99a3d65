// The quick checks may only say yes when zod says yes: a property test over near-valid events,
// plus the cases where JavaScript and JSON disagree (NaN, Infinity, symbols, Maps, undefined).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelEventSchema, metricEventSchema, predictionEventSchema } from './ingest.js';
import { quickLabelCheck, quickMetricCheck, quickPredictionCheck } from './quick-check.js';

// Each field is usually valid and sometimes not, so that both answers of the checks are common.
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: valid as fc.Arbitrary<T | U>, weight: 15 }, { arbitrary: invalid as fc.Arbitrary<T | U>, weight: 1 });
/** A boxed value one time in ten (an unknown key to add), else undefined. */
const sometimes = (arb: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: arb.map((value) => ({ value })), weight: 1 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const scalar = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(''),
  fc.constant('a\u0000b'),
  fc.string({ minLength: 250, maxLength: 260 }),
  fc.constant(-1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);
const garbage = fc.oneof(scalar, fc.anything(), fc.constant(new Map([['a', 1]])), fc.constant([1, 2]), fc.constant(Object.create(null) as object));
const key = mostly(
  fc.string({ minLength: 1, maxLength: 5 }),
  fc.oneof(fc.constant(''), fc.constant('\u0000'), fc.constant('__proto__'), fc.constant('constructor'), fc.string({ minLength: 255, maxLength: 258 })),
);
const record = (values: fc.Arbitrary<unknown>) => mostly(fc.dictionary(key, values, { maxKeys: 6 }), garbage);
const timestamp = mostly(
  fc.oneof(
    fc.integer({ min: 0, max: 2e15 }),
    fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
    fc.constant('2026-11-27T10:00:00+01:00'),
  ),
  fc.oneof(fc.constantFrom(-5, 8.64e15 + 2, 1.5, 2 ** 53, '2026-11-27 10:00', '2026-11-27T10:00:00', '+010000-01-01T00:00:00.000Z'), scalar),
);
const featureValue = mostly(fc.oneof(finite, fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null)), scalar);
const labelValue = mostly(fc.oneof(finite, fc.string({ minLength: 1, maxLength: 8 }), fc.boolean()), scalar);
const probability = mostly(fc.double({ min: 0, max: 1, noNaN: true }), scalar);
const predictionObject = fc
  .record({ label: labelValue, score: mostly(finite, scalar), probabilities: record(probability) }, { requiredKeys: ['score'] })
  .chain((o) => sometimes(scalar).map((extra) => (extra === undefined ? o : { ...o, extra: extra.value })));
const withExtraKey = <T extends object>(arb: fc.Arbitrary<T>, extraKey: string) =>
  arb.chain((o) => sometimes(scalar).map((extra) => (extra === undefined ? o : { ...o, [extraKey]: extra.value })));

const nearPrediction = withExtraKey(
  fc.record(
    {
      id: mostly(fc.string({ minLength: 1, maxLength: 8 }), scalar),
      timestamp,
      version: mostly(fc.string({ minLength: 1, maxLength: 4 }), fc.oneof(fc.string({ minLength: 127, maxLength: 130 }), scalar)),
      features: record(featureValue),
      prediction: mostly(fc.oneof(labelValue, predictionObject), garbage),
      latencyMs: mostly(fc.double({ min: 0, max: 86_400_000, noNaN: true }), fc.oneof(scalar, fc.constant(86_400_001))),
      segment: record(mostly(fc.oneof(finite, fc.string({ maxLength: 4 }), fc.boolean()), scalar)),
      costUsd: mostly(fc.double({ min: 0, max: 10, noNaN: true }), scalar),
      traceId: mostly(fc.string({ minLength: 1, maxLength: 8 }), scalar),
      usage: mostly(
        fc.record(
          {
            model: mostly(fc.string({ minLength: 1, maxLength: 8 }), scalar),
            inputTokens: mostly(fc.integer({ min: 0, max: 1000 }), fc.oneof(scalar, fc.constantFrom(-1, 1.5, 1e12 + 1))),
            outputTokens: mostly(fc.integer({ min: 0, max: 1000 }), scalar),
            cachedInputTokens: mostly(fc.integer({ min: 0, max: 1200 }), scalar),
          },
          { requiredKeys: ['model', 'inputTokens'] },
        ),
        garbage,
      ),
    },
    { requiredKeys: ['id', 'features', 'prediction'] },
  ),
  'featurez',
);
const nearLabel = withExtraKey(
  fc.record({ id: mostly(fc.string({ minLength: 1, maxLength: 4 }), scalar), label: labelValue, timestamp }, { requiredKeys: ['id', 'label'] }),
  'other',
);
const metricName = mostly(
  fc.constantFrom('gpu_util', 'a:b', '_x', 'latency_seconds_total'),
  fc.oneof(fc.constantFrom('9bad', 'has space', ''), fc.string({ maxLength: 6 })),
);
const labelName = mostly(fc.constantFrom('gpu', 'region', '_a1'), fc.constantFrom('9', 'a:b', '', 'x-y'));
const nearMetric = withExtraKey(
  fc.record(
    {
      name: metricName,
      value: mostly(finite, scalar),
      timestamp,
      labels: mostly(fc.dictionary(labelName, mostly(fc.string({ maxLength: 4 }), scalar), { maxKeys: 4 }), garbage),
    },
    { requiredKeys: ['name', 'value'] },
  ),
  'unit',
);

// Valid events, to show the quick path is the common path (the reason it exists).
const feature = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null));
const name = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
const validPrediction = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 40 }),
    timestamp: fc.integer({ min: 0, max: 4e12 }),
    version: fc.string({ minLength: 1, maxLength: 10 }),
    features: fc.dictionary(name, feature, { maxKeys: 25 }),
    prediction: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ minLength: 1, maxLength: 10 }),
      fc.record({ label: fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 5 })), score: fc.double({ min: 0, max: 1, noNaN: true }) }),
    ),
    latencyMs: fc.double({ min: 0, max: 1e5, noNaN: true }),
  },
  { requiredKeys: ['id', 'features', 'prediction'] },
);

describe('quick checks never accept what zod refuses', () => {
  it('predictions', () => {
    fc.assert(
      fc.property(nearPrediction, (e) => {
        if (quickPredictionCheck(e)) expect(predictionEventSchema.safeParse(e).success).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
  it('labels', () => {
    fc.assert(
      fc.property(nearLabel, (e) => {
        if (quickLabelCheck(e)) expect(labelEventSchema.safeParse(e).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
  it('metrics', () => {
    fc.assert(
      fc.property(nearMetric, (e) => {
        if (quickMetricCheck(e)) expect(metricEventSchema.safeParse(e).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('quick checks take the common path', () => {
  it('accepts ordinary valid predictions', () => {
    fc.assert(
      fc.property(validPrediction, (e) => {
        expect(predictionEventSchema.safeParse(e).success).toBe(true);
        expect(quickPredictionCheck(e)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts the documented shapes, labels and metrics', () => {
    expect(
      quickPredictionCheck({
        id: 'a',
        timestamp: '2026-11-27T10:00:00Z',
        version: 'v2',
        features: {},
        prediction: 0.3,
        latencyMs: 12.5,
        segment: { region: 'eu', tier: 2 },
        costUsd: 0.0001,
        traceId: 't',
      }),
    ).toBe(true);
    expect(quickPredictionCheck({ id: 'a', features: { x: 1 }, prediction: { probabilities: { a: 0.2, b: 0.8 } } })).toBe(true);
    expect(quickLabelCheck({ id: 'a', label: 0, timestamp: 5 })).toBe(true);
    expect(quickMetricCheck({ name: 'gpu_util', value: 0.5, labels: { gpu: '0' }, timestamp: 5 })).toBe(true);
  });

  it('declines the JavaScript values JSON or zod would not keep', () => {
    const ok = { id: 'a', features: { x: 1 }, prediction: 1 };
    expect(quickPredictionCheck(ok)).toBe(true);
    expect(quickPredictionCheck({ ...ok, features: { x: Number.NaN } })).toBe(false);
    expect(quickPredictionCheck({ ...ok, prediction: Number.POSITIVE_INFINITY })).toBe(false);
    expect(quickPredictionCheck({ ...ok, features: new Map([['x', 1]]) })).toBe(false);
    expect(quickPredictionCheck({ ...ok, features: { [Symbol('s')]: 1 } })).toBe(false);
    expect(quickPredictionCheck({ ...ok, features: { x: undefined } })).toBe(false);
    expect(quickPredictionCheck({ ...ok, prediction: { score: 1, extra: undefined } })).toBe(false);
    expect(quickPredictionCheck({ ...ok, unknown: undefined })).toBe(false);
    expect(quickPredictionCheck({ ...ok, timestamp: 1.5 })).toBe(false);
    expect(quickPredictionCheck({ id: 'a', features: {} })).toBe(false);
  });
});
