import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/fixtures.js';
import { metricCases, expectMatches } from '../../test/metrics-cases.js';
import { EmptySampleError, InvalidArgumentError, LengthMismatchError } from '../errors.js';
import { accuracyScore, confusionMatrix, f1Score, fbetaScore, precisionRecallFscoreSupport, precisionScore, recallScore } from './classification.js';

const FNS: Record<string, (...a: never[]) => unknown> = {
  accuracyScore,
  confusionMatrix,
  f1Score,
  fbetaScore,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
};

describe('classification metrics against scikit-learn 1.2', () => {
  const cases = metricCases(...Object.keys(FNS));
  it('has cases for every function', () => {
    for (const fn of Object.keys(FNS))
      expect(
        cases.some((c) => c.fn === fn),
        fn,
      ).toBe(true);
  });
  it.each(cases.map((c, i) => [i, c.fn, c.note, c] as const))('#%i %s (%s)', (_i, fn, _note, c) => {
    const f = FNS[fn] as (...a: unknown[]) => unknown;
    expectMatches(f(...c.args), c.expected, {}, fn);
  });
});

describe('classification metrics by hand', () => {
  it('reproduces the CBPE toy vector of drift.md §2.5 through sample weights', () => {
    // Expected confusion counts TP 3.55, FP 1.45, FN 0.60, TN 2.40 as weights of the four cells.
    const yTrue = [1, 0, 1, 0];
    const yPred = [1, 1, 0, 0];
    const sampleWeight = [3.55, 1.45, 0.6, 2.4];
    expectClose(accuracyScore(yTrue, yPred, { sampleWeight }), 0.74375);
    expectClose(precisionScore(yTrue, yPred, { sampleWeight }), 0.71);
    expectClose(recallScore(yTrue, yPred, { sampleWeight }), 0.855421686746988, { rel: 1e-14 });
    expectClose(f1Score(yTrue, yPred, { sampleWeight }), 0.775956284153005, { rel: 1e-14 });
    // Specificity is the recall of the negative class.
    expectClose(recallScore(yTrue, yPred, { sampleWeight, posLabel: 0 }), 0.623376623376623, { rel: 1e-14 });
  });

  it('scores the sklearn docs example', () => {
    const yTrue = [0, 1, 2, 0, 1, 2];
    const yPred = [0, 2, 1, 0, 0, 1];
    expect(f1Score(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.26666666666666666, 15);
    expect(f1Score(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 15);
    expect(f1Score(yTrue, yPred, { average: null })).toEqual([0.8, 0, 0]);
    expect(confusionMatrix(['cat', 'ant', 'cat'], ['ant', 'ant', 'cat'])).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(accuracyScore([1, 2, 3], [1, 2, 4], { normalize: false })).toBe(2);
  });

  it('treats booleans as 0/1, like NumPy', () => {
    expect(precisionScore([true, false, true], [true, true, true])).toBeCloseTo(2 / 3, 15);
    expect(recallScore([1, 0, 1], [true, false, false])).toBe(0.5);
  });

  it('returns the zeroDivision value for 0/0', () => {
    expect(precisionScore([1, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    expect(precisionScore([1, 0], [0, 0])).toBe(0);
  });

  it('keeps precision, recall and F in [0, 1] and F between min and max of P and R', () => {
    const labels = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(labels, fc.integer({ min: 0, max: 1000 }), (t, seed) => {
        const p = t.map((v, i) => ((v * 7 + i * 13 + seed) % 5 === 0 ? (v + 1) % 4 : v));
        const r = precisionRecallFscoreSupport(t, p, { average: 'macro', beta: 1 });
        for (const v of [r.precision, r.recall, r.fscore]) expect(v >= 0 && v <= 1).toBe(true);
        const per = precisionRecallFscoreSupport(t, p);
        (per.fscore as number[]).forEach((f, i) => {
          const pr = (per.precision as number[])[i] as number;
          const rc = (per.recall as number[])[i] as number;
          expect(f).toBeLessThanOrEqual(Math.max(pr, rc) + 1e-12);
          expect(f).toBeGreaterThanOrEqual(Math.min(pr, rc) === 0 ? 0 : Math.min(pr, rc) - 1e-12);
        });
        expect(accuracyScore(t, t)).toBe(1);
        expect(f1Score(t, p, { average: 'micro' })).toBeCloseTo(accuracyScore(t, p), 12);
      }),
      { numRuns: 60 },
    );
  });
});

describe('classification metrics reject bad input', () => {
  it('names the argument at fault', () => {
    expect(() => accuracyScore([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => accuracyScore([], [])).toThrow(EmptySampleError);
    expect(() => f1Score([1, Number.NaN], [1, 0])).toThrow('yTrue[1]');
    expect(() => f1Score([1, 0.5], [1, 0])).toThrow(InvalidArgumentError);
    expect(() => f1Score(['a', 'b'], [1, 0])).toThrow(/yPred.*mix of strings and numbers/);
    expect(() => f1Score([0, 1, 2], [0, 1, 2])).toThrow(/average/);
    expect(() => f1Score([2, 3], [2, 3])).toThrow(/posLabel/);
    expect(() => f1Score([0, 1], [0, 1], { average: 'samples' as never })).toThrow(/average/);
    expect(() => f1Score([0, 1], [0, 1], { zeroDivision: 2 as never })).toThrow(/zeroDivision/);
    expect(() => fbetaScore([0, 1], [0, 1], { beta: -1 })).toThrow(/beta/);
    expect(() => accuracyScore([0, 1], [0, 1], { sampleWeight: [1, -1] })).toThrow('sampleWeight[1]');
    expect(() => accuracyScore([0, 1], [0, 1], { bogus: 1 } as never)).toThrow('options.bogus');
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [5] })).toThrow(/labels/);
    expect(() => confusionMatrix([0, 1], [0, 1], { normalize: 'rows' as never })).toThrow(/normalize/);
  });
});
